// chitieu._core.observations: built from numpy arrays without copying where the
// dtypes already match; columns come back as read-only views.
#include "binding.hpp"
#include "numpy_columns.hpp"

#include <chitieu/observations.hpp>

#include <algorithm>
#include <vector>

using namespace chitieu;
using chitieu_py::column_of;
using chitieu_py::view_of;

namespace {

template <class V>
observations build_from(const catalog& cat, const hierarchy& h,
                        const period_index& periods, const py::array& ind,
                        const py::array& unit, const py::array& per,
                        const py::array& value,
                        const std::optional<py::array>& revision,
                        const observation_options& options) {
    observation_columns<V> cols{column_of<std::int32_t>(ind, "indicator ids"),
                                column_of<std::int32_t>(unit, "unit ids"),
                                column_of<std::int32_t>(per, "period ids"),
                                column_of<V>(value, "values"),
                                revision
                                    ? column_of<std::int64_t>(*revision, "revisions")
                                    : column<std::int64_t>()};
    period_index copy = periods;
    py::gil_scoped_release release;
    return observations::build(cat, h, std::move(copy), std::move(cols), options);
}

}  // namespace

void register_observations(py::module_& m) {
    m.def(
        "_period_index_of",
        [](const std::vector<std::string>& texts) {
            // Interned in calendar order (first day, last day, kind), not in the
            // order the frame meets them: ids then run like the calendar, so a
            // rollup whose buckets are the periods themselves copies presence 64
            // bits at a time, and to_frame's period categories come in order.
            std::vector<period> parsed;
            parsed.reserve(texts.size());
            for(const auto& t : texts) parsed.push_back(period::parse(t));
            std::vector<period> order = parsed;
            std::sort(order.begin(), order.end());
            order.erase(std::unique(order.begin(), order.end()), order.end());
            period_index index(order);
            py::array_t<std::int32_t> ids(static_cast<py::ssize_t>(parsed.size()));
            auto* out = ids.mutable_data();
            for(std::size_t i = 0; i < parsed.size(); ++i)
                out[i] = *index.find(parsed[i]);
            return py::make_tuple(std::move(index), ids);
        },
        "texts"_a,
        "Parse period identifiers into a new index in calendar order: (period_index, "
        "int32 id of each text).");
    py::class_<observations>(m, "observations", "Checked observation columns.")
        .def_static(
            "build",
            [](const catalog& cat,
               const hierarchy& h,
               const period_index& periods,
               const py::array& ind,
               const py::array& unit,
               const py::array& per,
               const py::array& value,
               const std::optional<py::array>& revision,
               const std::string& duplicates,
               const std::string& nans,
               std::vector<std::int32_t>
                   cumulative,
               const std::string& gaps,
               int threads,
               std::vector<std::int32_t>
                   unit_dictionary) {
                observation_options o;
                o.unit_dictionary = std::move(unit_dictionary);
                o.duplicates = parse_duplicate_policy(duplicates);
                o.nans = parse_nan_policy(nans);
                o.cumulative = std::move(cumulative);
                o.gaps = parse_gap_policy(gaps);
                o.threads = threads;
                if(value.dtype().equal(py::dtype::of<std::int64_t>()))
                    return build_from<std::int64_t>(
                        cat, h, periods, ind, unit, per, value, revision, o);
                if(value.dtype().equal(py::dtype::of<double>()))
                    return build_from<double>(
                        cat, h, periods, ind, unit, per, value, revision, o);
                throw py::value_error("values must have dtype float64 or int64, not " +
                                      py::str(value.dtype()).cast<std::string>());
            },
            "catalog"_a,
            "hierarchy"_a,
            "periods"_a,
            "indicator"_a,
            "unit"_a,
            "period"_a,
            "value"_a,
            "revision"_a = py::none(),
            "duplicates"_a = "error",
            "nan_policy"_a = "error",
            "cumulative"_a = std::vector<std::int32_t>{},
            "gaps"_a = "error",
            "threads"_a = 0,
            "unit_dictionary"_a = std::vector<std::int32_t>{})
        .def("__len__", &observations::size)
        .def_property_readonly(
            "nan_policy",
            [](const observations& o) { return std::string(to_string(o.nans())); })
        .def_property_readonly("first_nonfinite", &observations::first_nonfinite)
        .def_property_readonly("n_units", &observations::n_units)
        .def_property_readonly("n_indicators", &observations::n_indicators)
        .def_property_readonly(
            "has_presence", [](const observations& o) { return !o.presence().empty(); })
        .def_property_readonly(
            "periods", &observations::periods, py::return_value_policy::copy)
        .def("period_strings",
             [](const observations& o) {
                 std::vector<std::string> out;
                 for(std::size_t p = 0; p < o.periods().size(); ++p)
                     out.push_back(
                         o.periods().at(static_cast<std::int32_t>(p)).to_string());
                 return out;
             })
        .def(
            "columns",
            [](py::object self) {
                const auto& o = self.cast<const observations&>();
                py::dict out;
                const auto add = [&](const char* block, const auto& cols) {
                    const std::string b(block);
                    out[py::str(b + "indicator")] =
                        view_of(cols.indicator.data(), cols.size(), self);
                    out[py::str(b + "unit")] =
                        view_of(cols.unit.data(), cols.size(), self);
                    out[py::str(b + "period")] =
                        view_of(cols.period.data(), cols.size(), self);
                    out[py::str(b + "value")] =
                        view_of(cols.value.data(), cols.size(), self);
                    if(!cols.revision.empty())
                        out[py::str(b + "revision")] =
                            view_of(cols.revision.data(), cols.size(), self);
                };
                add("real_", o.real());
                add("money_", o.money());
                return out;
            },
            "Read-only views of both blocks' columns: real_* (float64 values) and "
            "money_* "
            "(int64 values).");
}
