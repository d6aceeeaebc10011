// First include of every binding file: pybind11, the `py` alias, literals, and the
// register_<concept> functions that module.cpp calls, one per concept file.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/operators.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

namespace py = pybind11;
using namespace pybind11::literals;

void register_errors(py::module_& m);
void register_period(py::module_& m);
void register_hierarchy(py::module_& m);
void register_crosswalk(py::module_& m);
void register_vietnam(py::module_& m);
void register_disbursement(py::module_& m);
void register_indicator(py::module_& m);
void register_observations(py::module_& m);
void register_rollup(py::module_& m);
void register_plan(py::module_& m);
void register_series(py::module_& m);
void register_assess(py::module_& m);
void register_cell_set(py::module_& m);
