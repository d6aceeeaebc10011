// The names of an enum's values, written once: to_string and parse_* of every
// enum in the public headers go through one of these tables.
#pragma once

#include <chitieu/error.hpp>

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chitieu::detail {

/// Names indexed by the enum's value (0, 1, ...). An empty name marks a value
/// that is printed as "" and never parsed (the "none" of an optional field).
template <class Enum, std::size_t N>
struct enum_names {
    const char* what;  // what the enum is, for the message: "time rule"
    std::array<const char*, N> names;

    constexpr const char* name(Enum e) const noexcept {
        const auto i = static_cast<std::size_t>(e);
        return i < N ? names[i] : "?";
    }

    std::optional<Enum> find(std::string_view text) const noexcept {
        for(std::size_t i = 0; i < N; ++i)
            if(*names[i] != '\0' && text == names[i]) return static_cast<Enum>(i);
        return std::nullopt;
    }

    /// The value named `text`, or input_error "unknown <what> '<text>' (expected
    /// one of: a, b, c)".
    Enum parse(std::string_view text) const {
        if(auto e = find(text)) return *e;
        std::vector<std::string_view> known;
        for(const char* n : names)
            if(*n != '\0') known.emplace_back(n);
        throw input_error("unknown " + std::string(what) + " '" + std::string(text) +
                          "' (" + list_culprits("expected one of", known, N) + ")");
    }
};

template <class Enum, class... Names>
constexpr enum_names<Enum, sizeof...(Names)> make_enum_names(const char* what,
                                                             Names... names) {
    return {what, {names...}};
}

}  // namespace chitieu::detail
