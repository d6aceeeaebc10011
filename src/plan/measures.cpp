// Names of the measure enums and the threshold checks.
#include <chitieu/measures.hpp>

#include <array>
#include <string>

namespace chitieu {
namespace {

constexpr std::array<const char*, 8> reason_names{"",
                                                  "no_target",
                                                  "zero_target",
                                                  "partial_target",
                                                  "not_additive",
                                                  "no_actual",
                                                  "no_baseline",
                                                  "zero_baseline"};
constexpr std::array<const char*, 5> status_names{
    "", "met", "on_track", "at_risk", "off_track"};

std::string number(double x) {
    std::string s = std::to_string(x);
    s.erase(s.find_last_not_of('0') + 1);
    if(!s.empty() && s.back() == '.') s.pop_back();
    return s;
}

}  // namespace

const char* to_string(missing_reason r) noexcept {
    return reason_names[static_cast<std::size_t>(r)];
}

const char* to_string(status s) noexcept {
    return status_names[static_cast<std::size_t>(s)];
}

missing_reason parse_missing_reason(std::string_view s) {
    if(s.empty()) return missing_reason::none;
    for(std::size_t i = 1; i < reason_names.size(); ++i)
        if(s == reason_names[i]) return static_cast<missing_reason>(i);
    std::vector<std::string> known(reason_names.begin() + 1, reason_names.end());
    throw input_error("unknown missing reason '" + std::string(s) + "' (" +
                      detail::list_culprits("expected one of", known) + ")");
}

rounding parse_rounding(std::string_view s) {
    if(s == "half_up") return rounding::half_up;
    if(s == "truncate") return rounding::truncate;
    throw input_error("unknown rounding '" + std::string(s) +
                      "' (expected half_up or truncate)");
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
