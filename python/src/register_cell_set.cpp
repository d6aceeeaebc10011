// chitieu._core.cell_set: the cells a block of observations holds, merged across
// record batches and Dask partitions to find a cell reported twice.
#include "binding.hpp"

#include <chitieu/cell_set.hpp>

using namespace chitieu;

void register_cell_set(py::module_& m) {
    py::class_<cell_set>(m, "cell_set",
                         "The (indicator, unit, period) cells of observations; mergeable.")
        .def(py::init<>())
        .def_static(
            "of",
            [](const observations& obs) {
                py::gil_scoped_release release;
                return cell_set::of(obs);
            },
            "observations"_a)
        .def("__len__", &cell_set::size)
        .def_property_readonly("duplicate_count", &cell_set::duplicate_count)
        .def_property_readonly("memory_bytes", &cell_set::memory_bytes)
        .def(
            "absorb",
            [](cell_set& self, const cell_set& other) {
                py::gil_scoped_release release;
                self.absorb(other);
            },
            "other"_a, "Merge `other` into this set in place (a running total).")
        .def("require_no_duplicates", &cell_set::require_no_duplicates, "hierarchy"_a,
             "catalog"_a, "where"_a)
        .def("to_bytes", [](const cell_set& s) { return py::bytes(s.to_bytes()); })
        .def_static("from_bytes",
                    [](const py::bytes& b) { return cell_set::from_bytes(std::string_view(b)); })
        .def(py::pickle([](const cell_set& s) { return py::bytes(s.to_bytes()); },
                        [](const py::bytes& b) {
                            return cell_set::from_bytes(std::string_view(b));
                        }));
    m.def(
        "merge_cells",
        [](const cell_set& a, const cell_set& b) {
            py::gil_scoped_release release;
            return merge(a, b);
        },
        "a"_a, "b"_a, "The union of two cell sets, counting cells present in both.");
}
