#include "binding.hpp"

#include <chitieu/error.hpp>

// input_error (invalid_argument) and overflow_error (range_error) already map to
// ValueError; an unknown code is a failed lookup, which Python spells KeyError.
void register_errors(py::module_& m) {
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if(p) std::rethrow_exception(p);
        } catch(const chitieu::unknown_code& e) {
            PyErr_SetString(PyExc_KeyError, e.what());
        }
    });
    m.def(
        "_raise_for_test",
        [](const std::string& kind) {
            if(kind == "input") throw chitieu::input_error("bad input 'x'");
            if(kind == "unknown") throw chitieu::unknown_code("unknown code 'x'");
            if(kind == "overflow") throw chitieu::overflow_error("overflow at 'x'");
        },
        "Raise each chitieu exception type, to test how it reaches Python.");
}
