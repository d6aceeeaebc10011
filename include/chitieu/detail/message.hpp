// Pieces of error messages: numbers and quoted culprits written one way.
#pragma once

#include <array>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace chitieu::detail {

/// The shortest text that reads back as exactly `x` ("0.1", "1e+20", "nan").
inline std::string number(double x) {
    std::array<char, 32> buf{};
    const auto end = std::to_chars(buf.data(), buf.data() + buf.size(), x).ptr;
    return std::string(buf.data(), end);
}

inline std::string number(std::int64_t x) {
    return std::to_string(x);
}

/// 'text', the way messages name a code or a value they refuse.
inline std::string quoted(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    out += '\'';
    out += text;
    out += '\'';
    return out;
}

}  // namespace chitieu::detail
