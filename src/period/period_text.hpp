// Text forms of periods: identifiers and Vietnamese phrases (src/period/period_text.cpp).
#pragma once

#include <chitieu/period.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace chitieu::detail {

std::string trim(std::string_view text);
/// Code points of UTF-8 text; input_error "it is not valid UTF-8" otherwise
/// (overlong forms, surrogates and code points past U+10FFFF included).
std::u32string decode_utf8(std::string_view text);
std::string encode_utf8(const std::u32string& text);
/// Vietnamese letters composed (NFC), odd spaces (NBSP, U+2009, U+202F,
/// U+3000, ...) as ' ', typographic dashes as '-', full-width ASCII as ASCII,
/// invisible characters (BOM, zero-width space/joiners, soft hyphen) dropped.
std::string normalize_text(std::string_view text);
/// A period if `text` has the shape of an identifier; nullopt if it has none of
/// the shapes; input_error if it has one but names no real period (2020Q5).
std::optional<period> parse_identifier(const std::string& text);
/// The same for the Vietnamese phrases; case-insensitive, accents required.
std::optional<period> parse_vietnamese(const std::string& text);

}  // namespace chitieu::detail
