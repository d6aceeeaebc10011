#include "binding.hpp"

#include <chitieu/disbursement.hpp>
#include <chitieu/disbursement_ledger.hpp>

#include <optional>

namespace greg = boost::gregorian;

namespace {

greg::date to_date(const py::handle& d) {
    return chitieu::period::day(d.attr("year").cast<int>(),
                                d.attr("month").cast<int>(),
                                d.attr("day").cast<int>())
        .first();
}

template <class T>
py::array_t<T> array_of(std::vector<T> v) {
    auto* owner = new std::vector<T>(std::move(v));
    py::capsule free_when_done(owner,
                               [](void* p) { delete static_cast<std::vector<T>*>(p); });
    return py::array_t<T>({owner->size()}, {sizeof(T)}, owner->data(), free_when_done);
}

// Any integer or boolean array, as a C-contiguous array of T (converted when
// its type differs: categorical codes of int8, boolean flags).
template <class T>
using array_of_t = py::array_t<T, py::array::c_style | py::array::forcecast>;

template <class T>
const T* checked(const array_of_t<T>& a, std::size_t n, const char* name) {
    if(static_cast<std::size_t>(a.size()) != n)
        throw py::value_error(std::string("ledger column ") + name + " has " +
                              std::to_string(a.size()) + " rows, not " +
                              std::to_string(n));
    return a.data();
}

chitieu::ledger_keys keys_of(const array_of_t<std::int32_t>& unit,
                             const array_of_t<std::int32_t>& programme,
                             const array_of_t<std::int32_t>& source) {
    const auto n = static_cast<std::size_t>(unit.size());
    chitieu::ledger_keys k;
    k.unit.assign(unit.data(), unit.data() + n);
    const auto* p = checked(programme, n, "programme");
    const auto* s = checked(source, n, "source");
    k.programme.assign(p, p + n);
    k.source.assign(s, s + n);
    return k;
}

py::dict totals_columns(chitieu::ledger_totals&& t) {
    py::dict d;
    d["unit"] = array_of(std::move(t.unit));
    d["programme"] = array_of(std::move(t.programme));
    d["source"] = array_of(std::move(t.source));
    d["bucket"] = array_of(std::move(t.bucket));
    d["disbursed"] = array_of(std::move(t.disbursed));
    d["reversals"] = array_of(std::move(t.reversals));
    d["beneficiaries"] = array_of(std::move(t.beneficiaries));
    d["has_reversals"] = array_of(std::move(t.has_reversals)).attr("astype")("bool");
    return d;
}

void register_ledger(py::module_& m) {
    m.def(
        "total_ledger",
        [](const array_of_t<std::int32_t>& unit,
           const array_of_t<std::int32_t>& programme,
           const array_of_t<std::int32_t>& source,
           const array_of_t<std::int64_t>& day,
           const array_of_t<std::int64_t>& amount,
           const std::optional<array_of_t<std::int64_t>>& beneficiaries,
           const std::optional<array_of_t<std::uint8_t>>& reversal,
           std::vector<std::int32_t>
               unit_ids,
           std::int32_t n_programmes,
           std::int32_t n_sources,
           std::vector<chitieu::period>
               buckets) {
            chitieu::ledger_columns rows;
            rows.size = static_cast<std::size_t>(unit.size());
            rows.unit = unit.data();
            rows.programme = checked(programme, rows.size, "programme");
            rows.source = checked(source, rows.size, "source");
            rows.day = checked(day, rows.size, "day");
            rows.amount = checked(amount, rows.size, "amount");
            if(beneficiaries)
                rows.beneficiaries =
                    checked(*beneficiaries, rows.size, "beneficiaries");
            if(reversal) rows.reversal = checked(*reversal, rows.size, "reversal");
            chitieu::ledger_grain grain{
                std::move(unit_ids), n_programmes, n_sources, std::move(buckets)};
            chitieu::ledger_totals t;
            {
                py::gil_scoped_release release;
                t = chitieu::total_ledger(rows, grain);
            }
            return totals_columns(std::move(t));
        },
        "unit"_a,
        "programme"_a,
        "source"_a,
        "day"_a,
        "amount"_a,
        "beneficiaries"_a,
        "reversal"_a,
        "unit_ids"_a,
        "n_programmes"_a,
        "n_sources"_a,
        "buckets"_a,
        "A payment ledger (codes, days since 1970, amounts) totalled per unit x "
        "programme x source x bucket, as columns ordered by that key.");

    m.def(
        "allocated_at_or_above",
        [](const chitieu::hierarchy& h,
           const array_of_t<std::int32_t>& alloc_unit,
           const array_of_t<std::int32_t>& alloc_programme,
           const array_of_t<std::int32_t>& alloc_source,
           const array_of_t<std::int32_t>& unit,
           const array_of_t<std::int32_t>& programme,
           const array_of_t<std::int32_t>& source) {
            const auto allocations = keys_of(alloc_unit, alloc_programme, alloc_source);
            const auto cells = keys_of(unit, programme, source);
            std::vector<std::uint8_t> out;
            {
                py::gil_scoped_release release;
                out = chitieu::allocated_at_or_above(h, allocations, cells);
            }
            return array_of(std::move(out)).attr("astype")("bool");
        },
        "hierarchy"_a,
        "alloc_unit"_a,
        "alloc_programme"_a,
        "alloc_source"_a,
        "unit"_a,
        "programme"_a,
        "source"_a,
        "Whether each (unit, programme, source) has an allocation at its unit or "
        "an ancestor.");
}

template <class T>
std::vector<T> vec(const py::array_t<T, py::array::c_style>& a) {
    return std::vector<T>(a.data(), a.data() + a.size());
}

}  // namespace

void register_disbursement(py::module_& m) {
    register_ledger(m);
    py::class_<chitieu::schedule>(
        m,
        "Schedule",
        "Planned cumulative share of a fiscal year's allocation by date.")
        .def_static(
            "profile", &chitieu::schedule::profile, "fiscal_year"_a, "month_shares"_a)
        .def_static("linear", &chitieu::schedule::linear, "fiscal_year"_a)
        .def_static(
            "tranches",
            [](int year, const std::vector<std::pair<py::object, std::int64_t>>& t) {
                std::vector<std::pair<greg::date, std::int64_t>> tr;
                for(const auto& [d, amount] : t) tr.emplace_back(to_date(d), amount);
                return chitieu::schedule::tranches(year, tr);
            },
            "fiscal_year"_a,
            "tranches"_a)
        .def_property_readonly("fiscal_year", &chitieu::schedule::fiscal_year)
        .def(
            "share_at",
            [](const chitieu::schedule& s, const py::object& d) {
                return s.share_at(to_date(d));
            },
            "date"_a)
        .def(
            "planned_at",
            [](const chitieu::schedule& s,
               const py::object& d,
               std::int64_t allocated) { return s.planned_at(to_date(d), allocated); },
            "date"_a,
            "allocated"_a)
        .def(
            "planned_many",
            [](const chitieu::schedule& s,
               const py::object& d,
               const py::array_t<std::int64_t, py::array::c_style>& allocated) {
                const auto date = to_date(d);
                std::vector<std::int64_t> out(
                    static_cast<std::size_t>(allocated.size()));
                const auto* a = allocated.data();
                {
                    py::gil_scoped_release release;
                    for(std::size_t i = 0; i < out.size(); ++i)
                        out[i] = s.planned_at(date, a[i]);
                }
                return array_of(std::move(out));
            },
            "date"_a,
            "allocated"_a,
            "planned_at for many allocations at once.");

    m.def(
        "measure_disbursement",
        [](const py::array_t<std::int64_t, py::array::c_style>& allocated,
           const py::array_t<std::int64_t, py::array::c_style>& carried_over,
           const py::array_t<std::int64_t, py::array::c_style>& disbursed,
           const py::array_t<std::int64_t, py::array::c_style>& planned,
           const py::array_t<std::int64_t, py::array::c_style>& planned_year_end,
           double threshold_pct) {
            chitieu::disbursement_measures r;
            {
                chitieu::disbursement_inputs in{vec(allocated),
                                                vec(carried_over),
                                                vec(disbursed),
                                                vec(planned),
                                                vec(planned_year_end),
                                                threshold_pct};
                py::gil_scoped_release release;
                r = chitieu::measure_disbursement(in);
            }
            py::dict out;
            out["disbursement_rate"] = array_of(std::move(r.disbursement_rate));
            out["disbursement_rate_incl_carry_over"] =
                array_of(std::move(r.rate_incl_carry_over));
            out["gap"] = array_of(std::move(r.gap));
            out["schedule_adherence"] = array_of(std::move(r.schedule_adherence));
            out["projected_year_end"] = array_of(std::move(r.projected_year_end));
            out["projected_rate"] = array_of(std::move(r.projected_rate));
            out["at_risk"] = array_of(std::move(r.at_risk)).attr("astype")("bool");
            out["over_disbursed"] =
                array_of(std::move(r.over_disbursed)).attr("astype")("bool");
            return out;
        },
        "allocated"_a,
        "carried_over"_a,
        "disbursed"_a,
        "planned_to_date"_a,
        "planned_year_end"_a,
        "threshold_pct"_a = 95.0,
        "Per-row measures of a disbursement table (exact đồng in, rates in percent).");

    m.def(
        "running_totals",
        [](const py::array_t<std::int64_t, py::array::c_style>& values) {
            if(values.ndim() != 2)
                throw py::value_error("running_totals needs a two-dimensional array");
            const auto rows = static_cast<std::size_t>(values.shape(0));
            const auto cols = static_cast<std::size_t>(values.shape(1));
            std::vector<std::int64_t> out;
            {
                py::gil_scoped_release release;
                out = chitieu::running_totals(values.data(), rows, cols);
            }
            return array_of(std::move(out)).attr("reshape")(rows, cols);
        },
        "values"_a,
        "Running totals along each row, exact (overflow is an error).");

    m.def(
        "percent_of",
        [](const py::array_t<std::int64_t, py::array::c_style>& part,
           const py::array_t<std::int64_t, py::array::c_style>& whole) {
            if(part.size() != whole.size())
                throw py::value_error("percent_of needs columns of one length");
            return array_of(chitieu::percent_of(
                part.data(), whole.data(), static_cast<std::size_t>(part.size())));
        },
        "part"_a,
        "whole"_a,
        "100 * part / whole, NaN where whole is 0.");
}
