// DHIS2 period identifiers ("ISO periods" in DHIS2's words): every fixed period
// type of DHIS2 2.41, parsed into a chitieu period with DHIS2's exact first and
// last day, and printed back.
//
//   auto p = chitieu::dhis2::parse_period("2020April");  // 2020-04-01/2021-03-31
//   chitieu::dhis2::format_period(p);                    // "2020April"
//
// Types that chitieu has a kind for keep it (Daily -> day, Weekly -> week,
// Monthly -> month, Quarterly -> quarter, SixMonthly -> half, Yearly -> year);
// the others become a `range` with the exact dates, and format_period
// recognises them from those dates. Nothing is approximated: a period whose
// dates match no DHIS2 type is refused.
#pragma once

#include <chitieu/period.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chitieu::dhis2 {

/// DHIS2's fixed period types (PeriodTypeEnum), finest first.
enum class period_type : std::uint8_t {
    daily,
    weekly,
    weekly_wednesday,
    weekly_thursday,
    weekly_saturday,
    weekly_sunday,
    bi_weekly,
    monthly,
    bi_monthly,
    quarterly,
    quarterly_nov,
    six_monthly,
    six_monthly_april,
    six_monthly_nov,
    yearly,
    financial_april,
    financial_july,
    financial_sep,
    financial_oct,
    financial_nov
};

/// DHIS2's name of the type: "Daily", "WeeklyWednesday", "FinancialApril", ...
const char* to_string(period_type type) noexcept;

/// Parse a DHIS2 period id (20200715, 2020-07-15, 2020W5, 2020WedW5, 2020BiW1,
/// 202001, 2020-01, 202001B, 2020Q1, 2020NovQ1, 2020S1, 2020AprilS1,
/// 2020NovS1, 2020, 2020April, 2020July, 2020Sep, 2020Oct, 2020Nov).
/// Throws input_error naming the text and what is wrong.
period parse_period(std::string_view id);

/// parse_period, or nullopt where `id` is not a valid DHIS2 period id (the
/// fallback of period::parse, so "2020April" is a period everywhere).
std::optional<period> try_parse_period(std::string_view id) noexcept;

/// The DHIS2 type whose period has exactly these dates, if any.
std::optional<period_type> type_of(const period& p);

/// The DHIS2 id of the period; throws input_error when no DHIS2 type has
/// exactly its first and last day (a span of years, an arbitrary range).
std::string format_period(const period& p);

}  // namespace chitieu::dhis2
