#include "binding.hpp"

#include <chitieu/crosswalk.hpp>

using chitieu::crosswalk;

namespace {

chitieu::crosswalk_rule rule_of(const std::string& name) {
    if(name == "sum") return chitieu::crosswalk_rule::sum;
    if(name == "mean") return chitieu::crosswalk_rule::mean;
    if(name == "min") return chitieu::crosswalk_rule::min;
    if(name == "max") return chitieu::crosswalk_rule::max;
    throw chitieu::input_error("unknown crosswalk rule '" + name +
                               "' (expected sum, mean, min or max)");
}

template <class T>
py::tuple apply(const crosswalk& cw,
                const py::array_t<std::int64_t, py::array::c_style>& keys,
                const py::array_t<std::int32_t, py::array::c_style>& units,
                const py::array_t<T, py::array::c_style>& values,
                const std::string& rule) {
    std::vector<std::int64_t> k(keys.data(), keys.data() + keys.size());
    std::vector<std::int32_t> u(units.data(), units.data() + units.size());
    std::vector<T> v(values.data(), values.data() + values.size());
    chitieu::crosswalk_rows<T> rows;
    {
        py::gil_scoped_release release;
        rows = cw.apply(k, u, v, rule_of(rule));
    }
    return py::make_tuple(py::array(py::cast(rows.key)),
                          py::array(py::cast(rows.unit)),
                          py::array(py::cast(rows.value)),
                          py::cast(rows.split_units));
}

}  // namespace

void register_crosswalk(py::module_& m) {
    py::class_<crosswalk>(
        m, "Crosswalk", "Old units -> new units with weights (splits and merges).")
        .def_static("build",
                    &crosswalk::build,
                    "old"_a,
                    "new"_a,
                    "old_codes"_a,
                    "new_codes"_a,
                    "weights"_a)
        .def("split_units", &crosswalk::split_units)
        .def("merged_units", &crosswalk::merged_units)
        .def(
            "apply_real", &apply<double>, "keys"_a, "old_units"_a, "values"_a, "rule"_a)
        .def("apply_money",
             &apply<std::int64_t>,
             "keys"_a,
             "old_units"_a,
             "values"_a,
             "rule"_a);
}
