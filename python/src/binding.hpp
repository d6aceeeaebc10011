// First include of every binding file: pybind11, the `py` alias, literals, and the
// register_<concept> functions that module.cpp calls, one per concept file.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/operators.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

namespace py = pybind11;
using namespace pybind11::literals;

// The concepts, in the order module.cpp registers them (a type before the functions
// of later concepts that take or return it). One list: a new register_<concept>.cpp
// is added here only.
// clang-format off
#define CHITIEU_BINDINGS(X)                                                   \
    X(errors) X(period) X(hierarchy) X(crosswalk) X(vietnam) X(disbursement) \
    X(indicator) X(observations) X(rollup) X(series) X(cell_set) X(plan) X(assess)

#define CHITIEU_DECLARE_REGISTER(concept) void register_##concept(py::module_& m);
// clang-format on
CHITIEU_BINDINGS(CHITIEU_DECLARE_REGISTER)
#undef CHITIEU_DECLARE_REGISTER
