// First include of every binding file: pybind11, the `py` alias, literals, and the
// register_<concept> functions that module.cpp calls, one per concept file.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/operators.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

namespace py = pybind11;
using namespace pybind11::literals;

// Define `name` as `run(args...)` with the GIL released while it runs (the engine's
// long calls only read their arguments); `names` are the py::arg of each argument.
template <class... Args, class Run, class... Names>
void def_without_gil(py::module_& m, const char* name, Run run, Names... names) {
    m.def(
        name,
        [run](const Args&... args) {
            py::gil_scoped_release release;
            return run(args...);
        },
        names...);
}

// to_bytes(), from_bytes() and pickling, all through the type's own byte format
// (T::to_bytes() and T::from_bytes(std::string_view)).
template <class T, class... Options>
void def_bytes(py::class_<T, Options...>& cls) {
    const auto to = [](const T& x) { return py::bytes(x.to_bytes()); };
    const auto from = [](const py::bytes& b) {
        return T::from_bytes(std::string_view(b));
    };
    cls.def("to_bytes", to).def_static("from_bytes", from).def(py::pickle(to, from));
}

// The concepts, in the order module.cpp registers them (a type before the functions
// of later concepts that take or return it). One list: a new register_<concept>.cpp
// is added here only.
// clang-format off
#define CHITIEU_BINDINGS(X)                                                   \
    X(errors) X(codes) X(period) X(hierarchy) X(crosswalk) X(vietnam) X(disbursement) \
    X(indicator) X(observations) X(rollup) X(series) X(cell_set) X(plan) X(assess)

#define CHITIEU_DECLARE_REGISTER(concept) void register_##concept(py::module_& m);
// clang-format on
CHITIEU_BINDINGS(CHITIEU_DECLARE_REGISTER)
#undef CHITIEU_DECLARE_REGISTER
