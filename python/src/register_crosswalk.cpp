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

chitieu::split_fallback fallback_of(const std::string& name) {
    if(name.empty() || name == "none") return chitieu::split_fallback::none;
    if(name == "equal") return chitieu::split_fallback::equal;
    if(name == "largest") return chitieu::split_fallback::largest;
    throw chitieu::input_error("unknown split '" + name +
                               "' (expected \"equal\" or \"largest\", or weights)");
}

// A numpy array that takes over a vector's memory (no element-wise conversion).
template <class T>
py::array owned(std::vector<T>&& v) {
    auto* heap = new std::vector<T>(std::move(v));
    py::capsule free(heap, [](void* p) { delete static_cast<std::vector<T>*>(p); });
    return py::array_t<T>({static_cast<py::ssize_t>(heap->size())}, heap->data(), free);
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
    return py::make_tuple(owned(std::move(rows.key)),
                          owned(std::move(rows.unit)),
                          owned(std::move(rows.value)),
                          py::cast(rows.split_units),
                          owned(std::move(rows.estimated)),
                          owned(std::move(rows.estimated_share)));
}

}  // namespace

void register_crosswalk(py::module_& m) {
    py::class_<crosswalk>(
        m, "crosswalk", "Old units -> new units with weights (splits and merges).")
        .def_static("build",
                    &crosswalk::build,
                    "old"_a,
                    "new"_a,
                    "old_codes"_a,
                    "new_codes"_a,
                    "weights"_a)
        .def(
            "resolved",
            [](const crosswalk& cw, const std::vector<std::string>& old_codes,
               const std::vector<std::string>& new_codes,
               const std::vector<double>& weights, const std::string& fallback) {
                return cw.resolved(old_codes, new_codes, weights, fallback_of(fallback));
            },
            "old_codes"_a,
            "new_codes"_a,
            "weights"_a,
            "fallback"_a)
        .def("split_units", &crosswalk::split_units)
        .def("merged_units", &crosswalk::merged_units)
        .def("unknown_share_units", &crosswalk::unknown_share_units)
        .def("estimated_units", &crosswalk::estimated_units)
        .def("targets",
             [](const crosswalk& cw, std::int32_t u) {
                 py::list out;
                 for(const auto& t : cw.targets(u)) out.append(py::make_tuple(t.unit, t.weight));
                 return out;
             })
        .def(
            "apply_real", &apply<double>, "keys"_a, "old_units"_a, "values"_a, "rule"_a)
        .def("apply_money",
             &apply<std::int64_t>,
             "keys"_a,
             "old_units"_a,
             "values"_a,
             "rule"_a);
}
