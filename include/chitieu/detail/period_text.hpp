// Text forms of periods: identifiers and Vietnamese phrases (src/period_text.cpp).
#pragma once

#include <chitieu/period.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace chitieu::detail {

std::string trim(std::string_view text);
/// A period if `text` has the shape of an identifier; nullopt if it has none of
/// the shapes; input_error if it has one but names no real period (2020Q5).
std::optional<period> parse_identifier(const std::string& text);
/// The same for the Vietnamese phrases; case-insensitive, accents required.
std::optional<period> parse_vietnamese(const std::string& text);

}  // namespace chitieu::detail
