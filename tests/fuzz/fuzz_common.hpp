// Shared by the libFuzzer harnesses: the library's own refusals (input_error,
// unknown_code, overflow_error) are the expected answer to bad bytes; any other
// exception, a crash, a sanitizer report or a huge allocation is a finding.
#pragma once

#include <chitieu/error.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

namespace chitieu::fuzz {

template <class F>
void refusals_only(F&& f) {
    try {
        f();
    } catch(const input_error&) {
    } catch(const unknown_code&) {
    } catch(const overflow_error&) {
    }
}

inline std::string text(const std::uint8_t* data, std::size_t size) {
    return std::string(reinterpret_cast<const char*>(data), size);
}

}  // namespace chitieu::fuzz
