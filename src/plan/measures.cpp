// Names of the measure enums and the threshold checks.
#include <chitieu/detail/enum_names.hpp>
#include <chitieu/detail/message.hpp>
#include <chitieu/measures.hpp>

#include <array>
#include <string>

namespace chitieu {
namespace {

constexpr auto reason_names = detail::make_enum_names<missing_reason>(
    "missing reason", "", "no_target", "zero_target", "partial_target", "not_additive",
    "no_actual", "no_baseline", "zero_baseline");
constexpr auto status_names = detail::make_enum_names<status>(
    "status", "", "met", "on_track", "at_risk", "off_track");
constexpr auto rounding_names =
    detail::make_enum_names<rounding>("rounding", "half_up", "truncate");

using detail::number;

}  // namespace

const char* to_string(missing_reason r) noexcept {
    return reason_names.name(r);
}

const char* to_string(status s) noexcept {
    return status_names.name(s);
}

missing_reason parse_missing_reason(std::string_view s) {
    if(s.empty()) return missing_reason::none;
    return reason_names.parse(s);
}

rounding parse_rounding(std::string_view s) {
    return rounding_names.parse(s);
}

void thresholds::check() const {
    if(!std::isfinite(on_track) || !std::isfinite(at_risk) || at_risk < 0 ||
       at_risk > on_track)
        throw input_error(
            "status thresholds need 0 <= at_risk <= on_track (got "
            "on_track=" +
            number(on_track) + ", at_risk=" + number(at_risk) + ")");
    if(!(exact_tolerance >= 0) || !std::isfinite(exact_tolerance))
        throw input_error("exact_tolerance must be a finite number >= 0 (got " +
                          number(exact_tolerance) + ")");
}

}  // namespace chitieu
