// chitieu._core: plan, phasing, targets_at (the plan side of an assessment) and
// display rounding (the measures themselves are computed by assess, assess.hpp).
#include "binding.hpp"
#include "elapsed_by.hpp"
#include "numpy_columns.hpp"
#include "plan_columns.hpp"

#include <chitieu/measures.hpp>
#include <chitieu/plan.hpp>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

namespace greg = boost::gregorian;

using namespace chitieu;
using chitieu_py::codes_of;
using chitieu_py::column_of;
using chitieu_py::level_target_columns;
using chitieu_py::owned;

namespace {

/// A date or a period given as text: the period's last day ("2020" -> 31 Dec).
std::optional<greg::date> date_of(const std::optional<std::string>& text) {
    if(!text || text->empty()) return std::nullopt;
    return period::parse(*text).last();
}

template <class T>
void same_length(const chitieu::column<T>& c, std::size_t n, const char* name) {
    if(c.size() != n)
        throw input_error(std::string(name) + " has " + std::to_string(c.size()) +
                          " rows, expected " + std::to_string(n));
}

void add_columns(plan& p, const std::vector<std::string>& indicator,
                 const std::vector<std::string>& unit,
                 const std::vector<std::string>& plan_period,
                 const std::vector<std::string>& kind,
                 const std::vector<std::string>& bound, const py::array& value,
                 const py::array& lo, const py::array& hi,
                 const std::vector<std::string>& baseline,
                 const std::vector<std::string>& change,
                 const std::vector<std::string>& version,
                 const std::vector<std::string>& effective) {
    const auto n = indicator.size();
    const auto v = column_of<double>(value, "target");
    const auto l = column_of<double>(lo, "lo");
    const auto h = column_of<double>(hi, "hi");
    for(const auto* col :
        {&unit, &plan_period, &kind, &bound, &baseline, &change, &version, &effective})
        if(col->size() != n)
            throw input_error("plan columns differ in length (" + std::to_string(n) +
                              " indicators, " + std::to_string(col->size()) +
                              " in another)");
    same_length(v, n, "target");
    same_length(l, n, "lo");
    same_length(h, n, "hi");
    std::vector<target> ts(n);
    for(std::size_t i = 0; i < n; ++i) {
        try {
            auto& t = ts[i];
            t.indicator = indicator[i];
            t.unit = unit[i];
            t.plan_period = period::parse(plan_period[i]);
            t.kind = parse_target_kind(kind[i]);
            t.bound = parse_target_bound(bound[i]);
            t.value = v[i];
            t.lo = l[i];
            t.hi = h[i];
            if(!baseline[i].empty()) t.baseline = period::parse(baseline[i]);
            if(!change[i].empty()) t.unit_of_change = parse_change_unit(change[i]);
            t.version = version[i];
            t.effective = date_of(effective[i]);
        } catch(const input_error& e) {
            throw input_error("plan row " + std::to_string(i) + " (" + indicator[i] +
                              " x " + unit[i] + "): " + e.what());
        }
    }
    p.add(std::move(ts));
}

py::dict target_columns(const plan& p) {
    const auto& ts = p.targets();
    std::vector<std::string> indicator, unit, plan_period, baseline, version, effective;
    std::vector<std::uint8_t> kind, bound, change;
    std::vector<double> value, lo, hi;
    for(const auto& t : ts) {
        indicator.push_back(t.indicator);
        unit.push_back(t.unit);
        plan_period.push_back(t.plan_period.to_string());
        baseline.push_back(t.baseline ? t.baseline->to_string() : "");
        version.push_back(t.version);
        effective.push_back(t.effective ? period::day(*t.effective).to_string() : "");
        kind.push_back(static_cast<std::uint8_t>(t.kind));
        bound.push_back(static_cast<std::uint8_t>(t.bound));
        change.push_back(static_cast<std::uint8_t>(t.unit_of_change));
        value.push_back(t.value);
        lo.push_back(t.lo);
        hi.push_back(t.hi);
    }
    py::dict d;
    d["indicator"] = indicator;
    d["unit"] = unit;
    d["period"] = plan_period;
    d["kind"] = owned(std::move(kind));
    d["bound"] = owned(std::move(bound));
    d["target"] = owned(std::move(value));
    d["lo"] = owned(std::move(lo));
    d["hi"] = owned(std::move(hi));
    d["baseline_period"] = baseline;
    d["change_unit"] = owned(std::move(change));
    d["version"] = version;
    d["effective_date"] = effective;
    return d;
}

template <std::size_t N>
std::vector<std::string> names_of(const char* (*name)(std::uint8_t)) {
    std::vector<std::string> out;
    for(std::size_t i = 0; i < N; ++i)
        out.emplace_back(name(static_cast<std::uint8_t>(i)));
    return out;
}

py::dict enum_names() {
    py::dict d;
    d["kind"] = names_of<3>([](std::uint8_t i) { return to_string(target_kind(i)); });
    d["bound"] = names_of<5>([](std::uint8_t i) { return to_string(target_bound(i)); });
    d["change_unit"] =
        names_of<3>([](std::uint8_t i) { return to_string(change_unit(i)); });
    d["target_source"] =
        names_of<4>([](std::uint8_t i) { return to_string(target_source(i)); });
    d["missing_reason"] =
        names_of<8>([](std::uint8_t i) { return to_string(missing_reason(i)); });
    d["status"] = names_of<5>([](std::uint8_t i) { return to_string(status(i)); });
    return d;
}

}  // namespace

void register_plan(py::module_& m) {
    py::class_<phasing>(
        m, "phasing", "Expected cumulative share of a target over time.")
        .def(py::init<>())
        .def_static(
            "linear",
            [](const std::string& by) { return phasing::linear(elapsed_by_of(by)); },
            "elapsed_by"_a = "months")
        .def_static(
            "profile",
            [](const std::string& period_type, std::vector<double> cumulative) {
                return phasing::profile(parse_period_kind(period_type),
                                        std::move(cumulative));
            },
            "period_type"_a,
            "cumulative"_a)
        .def_static(
            "from_paths",
            [](const std::string& period_type,
               const std::vector<std::vector<double>>& paths) {
                return phasing::from_paths(parse_period_kind(period_type), paths);
            },
            "period_type"_a,
            "paths"_a)
        .def_property_readonly("is_linear", &phasing::is_linear)
        .def_property_readonly("elapsed_by",
                               [](const phasing& p) { return elapsed_by_name(p.by()); })
        .def_property_readonly("period_type",
                               [](const phasing& p) { return to_string(p.step()); })
        .def_property_readonly("cumulative", &phasing::cumulative)
        .def(
            "expected_share",
            [](const phasing& p,
               const period& plan_period,
               const std::string& through) {
                return p.expected_share(plan_period, *date_of(through));
            },
            "plan_period"_a,
            "through"_a)
        .def(py::pickle(
            [](const phasing& p) {
                return py::make_tuple(p.is_linear(),
                                      p.by() == elapsed_by::days,
                                      to_string(p.step()),
                                      p.cumulative());
            },
            [](const py::tuple& t) {
                if(t.size() != 4) throw input_error("corrupt pickled phasing");
                if(t[0].cast<bool>())
                    return phasing::linear(t[1].cast<bool>() ? elapsed_by::days
                                                             : elapsed_by::months);
                return phasing::profile(parse_period_kind(t[2].cast<std::string>()),
                                        t[3].cast<std::vector<double>>());
            }));

    py::class_<plan>(m, "plan", "Targets per indicator x unit x plan period.")
        .def(py::init<>())
        .def("add_columns", &add_columns)
        .def("__len__", &plan::size)
        .def("columns", &target_columns)
        .def("versions", &plan::versions)
        .def("set_version_order", &plan::set_version_order, "names"_a)
        .def("set_default_phasing",
             [](plan& p, const phasing& ph) { p.set_phasing(ph); })
        .def("set_indicator_phasing",
             [](plan& p, const std::string& ind, const phasing& ph) {
                 p.set_phasing(ind, ph);
             })
        .def("default_phasing", &plan::default_phasing)
        .def("indicator_phasings", &plan::phasings)
        .def("plan_periods", &plan::plan_periods)
        .def("check", &plan::check, "hierarchy"_a, "catalog"_a)
        .def(
            "choose",
            [](const plan& p,
               const std::optional<std::string>& as_of,
               const std::optional<std::string>& version) {
                const auto idx = p.choose({date_of(as_of), version});
                std::vector<std::int64_t> out(idx.begin(), idx.end());
                return owned(std::move(out));
            },
            "as_of"_a = py::none(),
            "version"_a = py::none())
        .def(
            "targets_at",
            [](const plan& p,
               const hierarchy& h,
               const catalog& cat,
               const std::string& level,
               const period& assessment,
               const std::optional<std::string>& as_of,
               const std::optional<std::string>& version,
               const std::vector<std::string>& units) {
                std::vector<std::int32_t> only;
                for(const auto& u : units) only.push_back(h.id(u));
                return level_target_columns(targets_at(p,
                                                       h,
                                                       cat,
                                                       h.level_index(level),
                                                       assessment,
                                                       {date_of(as_of), version},
                                                       only));
            },
            "hierarchy"_a,
            "catalog"_a,
            "level"_a,
            "period"_a,
            "as_of"_a = py::none(),
            "version"_a = py::none(),
            "units"_a = std::vector<std::string>{});

    m.def("plan_enum_names", &enum_names);
    m.def("sums_over_time", &sums_over_time, "catalog"_a, "id"_a);
    m.def(
        "round_display",
        [](const py::array& values, int decimals, const std::string& mode) {
            const auto v = column_of<double>(values, "values");
            if(decimals < 0 || decimals > 12)
                throw input_error("decimals must be within 0..12, not " +
                                  std::to_string(decimals));
            const auto how = parse_rounding(mode);
            std::vector<double> out(v.size());
            for(std::size_t i = 0; i < v.size(); ++i)
                out[i] = round_display(v[i], decimals, how);
            return owned(std::move(out));
        },
        "values"_a,
        "decimals"_a = 2,
        "mode"_a = "half_up");
}
