#include "binding.hpp"

#include <chitieu/version.hpp>

PYBIND11_MODULE(_core, m, py::mod_gil_not_used()) {
    m.doc() = "chitieu's compiled core; use the `chitieu` package, not this module.";
    m.attr("__version__") = chitieu::version;
#define CHITIEU_CALL_REGISTER(concept) register_##concept(m);
    CHITIEU_BINDINGS(CHITIEU_CALL_REGISTER)
#undef CHITIEU_CALL_REGISTER
}
