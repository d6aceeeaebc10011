// chitieu._core: series_index (categories interned with the indicators into
// series) and the rollup that keeps some categories and totals over the others.
#include "binding.hpp"
#include "numpy_columns.hpp"

#include <chitieu/series.hpp>

using namespace chitieu;
using chitieu_py::column_of;
using chitieu_py::view_of;

namespace {

py::array_t<std::int32_t> array_of(const std::vector<std::int32_t>& v) {
    return py::array_t<std::int32_t>(static_cast<py::ssize_t>(v.size()), v.data());
}

}  // namespace

void register_series(py::module_& m) {
    py::class_<series_index>(m,
                             "series_index",
                             "Indicators under category option combinations, as "
                             "dense series ids.")
        .def(py::init<catalog, std::vector<std::string>>(), "catalog"_a, "categories"_a)
        .def_property_readonly("categories", &series_index::categories)
        .def("__len__", &series_index::size)
        .def(
            "options",
            [](series_index& s, std::size_t c, const std::vector<std::string>& names) {
                return array_of(s.options(c, names));
            },
            "category"_a,
            "names"_a,
            "Option ids of the names in category number `category`, interned.")
        .def("option_names", &series_index::option_names, "category"_a)
        .def(
            "intern",
            [](series_index& s,
               const py::array& ind,
               const std::vector<py::array>& opts) {
                const auto ids = column_of<std::int32_t>(ind, "indicator ids");
                std::vector<chitieu::column<std::int32_t>> cols;
                std::vector<const std::int32_t*> ptrs;
                for(const auto& o : opts) {
                    cols.push_back(column_of<std::int32_t>(o, "option ids"));
                    if(cols.back().size() != ids.size())
                        throw py::value_error(
                            "option ids and indicator ids differ in length");
                    ptrs.push_back(cols.back().data());
                }
                std::vector<std::int32_t> out;
                {
                    py::gil_scoped_release release;
                    out = s.intern(ids.data(), ids.size(), ptrs);
                }
                return array_of(out);
            },
            "indicator_ids"_a,
            "option_ids"_a,
            "Series id of each row (int32).")
        .def("indicator_of",
             [](const series_index& s) {
                 std::vector<std::int32_t> out(s.size());
                 for(std::size_t k = 0; k < s.size(); ++k)
                     out[k] = s.indicator(static_cast<std::int32_t>(k));
                 return array_of(out);
             })
        .def("option_of",
             [](const series_index& s, std::size_t c) {
                 std::vector<std::int32_t> out(s.size());
                 for(std::size_t k = 0; k < s.size(); ++k)
                     out[k] = s.option(static_cast<std::int32_t>(k), c);
                 return array_of(out);
             })
        .def("expanded", &series_index::expanded);

    py::class_<disaggregated_result>(
        m, "disaggregated_result", "Rollup rows with the kept categories.")
        .def_readonly("rows", &disaggregated_result::rows)
        .def_readonly("by", &disaggregated_result::by)
        .def_readonly("option_names", &disaggregated_result::option_names)
        .def(
            "category",
            [](py::object self, std::size_t k) {
                const auto& r = self.cast<const disaggregated_result&>();
                return view_of(r.category.at(k), self);
            },
            "k"_a);

    // The rollup and its partial state take the same arguments.
    const auto with_series = [&m](const char* name, auto run) {
        def_without_gil<observations,
                        hierarchy,
                        series_index,
                        std::vector<std::string>,
                        rollup_request>(m,
                                        name,
                                        run,
                                        "observations"_a,
                                        "hierarchy"_a,
                                        "series"_a,
                                        "by"_a,
                                        "request"_a);
    };
    with_series("rollup_series", [](const auto&... a) { return rollup(a...); });
    with_series("partial_rollup_series",
                [](const auto&... a) { return partial_rollup(a...); });
    m.def(
        "finish_series",
        [](const rollup_state& state,
           const series_index& s,
           const std::vector<std::string>& by,
           int threads) {
            py::gil_scoped_release release;
            return finish(state, s, by, threads);
        },
        "state"_a,
        "series"_a,
        "by"_a,
        "threads"_a = 0,
        "A state of partial_rollup_series finished, rows with the kept categories.");
}
