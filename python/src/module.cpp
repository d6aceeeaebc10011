#include "binding.hpp"

#include <chitieu/version.hpp>

PYBIND11_MODULE(_core, m, py::mod_gil_not_used()) {
    m.doc() = "chitieu's compiled core; use the `chitieu` package, not this module.";
    m.attr("__version__") = chitieu::version;
    register_errors(m);
    register_period(m);
    register_hierarchy(m);
    register_crosswalk(m);
    register_vietnam(m);
    register_disbursement(m);
    register_indicator(m);
    register_observations(m);
    register_rollup(m);
    register_series(m);
    register_cell_set(m);
    register_plan(m);
    register_assess(m);
}
