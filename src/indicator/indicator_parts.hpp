// Pieces of indicator.cpp that indicator_table.cpp shares. Private to the library.
#pragma once

#include <chitieu/indicator.hpp>

#include <string>
#include <string_view>

namespace chitieu::detail {

/// `s` without leading and trailing blanks (space, tab, CR, LF).
std::string_view trim(std::string_view s);

/// An indicator with explicit rules (no preset, no formula).
indicator make_indicator(std::string code, std::string name, std::string unit,
                         value_type type, time_rule t, space_rule s);

}  // namespace chitieu::detail
