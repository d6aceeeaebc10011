// chitieu._core.cell_set: the cells a block of observations holds, merged across
// record batches and Dask partitions to find a cell reported twice.
#include "binding.hpp"

#include <chitieu/cell_set.hpp>

using namespace chitieu;

void register_cell_set(py::module_& m) {
    py::class_<cell_set> cells(
        m,
        "cell_set",
        "The (indicator, unit, period) cells of observations; mergeable.");
    cells.def(py::init<>())
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
            "other"_a,
            "Merge `other` into this set in place (a running total).")
        .def("require_no_duplicates",
             &cell_set::require_no_duplicates,
             "hierarchy"_a,
             "catalog"_a,
             "where"_a);
    def_bytes(cells);
    def_without_gil<cell_set, cell_set>(
        m,
        "merge_cells",
        [](const cell_set& a, const cell_set& b) { return merge(a, b); },
        "a"_a,
        "b"_a,
        "The union of two cell sets, counting cells present in both.");
}
