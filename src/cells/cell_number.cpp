#include <chitieu/error.hpp>

#include "cells/cell_number.hpp"

namespace greg = boost::gregorian;

namespace chitieu::detail {
namespace {

constexpr int base_year = 1900;
constexpr std::uint64_t ordinal_mask = (std::uint64_t{1} << ordinal_bits) - 1;
constexpr std::uint64_t range_length_bits = 17;  // up to 358 years of days

// 1 January 1900 was a Monday, so whole weeks from it are ISO weeks.
greg::date epoch() { return greg::date(base_year, 1, 1); }

std::uint64_t days_since_epoch(greg::date d, const period& p) {
    const auto days = (d - epoch()).days();
    if(days < 0)
        throw input_error("cell sets number periods from 1900 on; got " + p.to_string());
    return static_cast<std::uint64_t>(days);
}

}  // namespace

std::uint64_t slot_of(const period& p) {
    const auto since = days_since_epoch(p.first(), p);  // refuses periods before 1900
    const auto y = static_cast<std::uint64_t>(p.first().year() - base_year);
    const auto m = static_cast<std::uint64_t>(p.first().month() - 1);
    std::uint64_t ordinal = 0;
    switch(p.kind()) {
    case period_kind::day: ordinal = since; break;
    case period_kind::week: ordinal = since / 7; break;
    case period_kind::month: ordinal = y * 12 + m; break;
    case period_kind::quarter: ordinal = y * 4 + m / 3; break;
    case period_kind::half: ordinal = y * 2 + m / 6; break;
    case period_kind::year: ordinal = y; break;
    case period_kind::span: {
        const auto years = static_cast<std::uint64_t>(p.last().year() - p.first().year());
        if(years >= 256) throw input_error("cell sets number spans of up to 256 years; got " + p.to_string());
        ordinal = y * 256 + years;
        break;
    }
    case period_kind::range: {
        const auto length = static_cast<std::uint64_t>(p.days() - 1);
        if(length >> range_length_bits)
            throw input_error("cell sets number ranges of up to 358 years; got " + p.to_string());
        ordinal = since << range_length_bits | length;
        break;
    }
    }
    return static_cast<std::uint64_t>(p.kind()) << ordinal_bits | ordinal;
}

period period_of_slot(std::uint64_t slot) try {
    const auto kind = slot >> ordinal_bits;
    const auto ordinal = slot & ordinal_mask;
    const auto year = [](std::uint64_t n) { return base_year + static_cast<int>(n); };
    const auto day = [](std::uint64_t n) { return epoch() + greg::days(static_cast<long>(n)); };
    if(ordinal > (std::uint64_t{1} << 40)) throw input_error("cell number out of range");
    switch(static_cast<period_kind>(kind)) {
    case period_kind::day: return period::day(day(ordinal));
    case period_kind::week: return period::day(day(ordinal * 7)).parent(period_kind::week);
    case period_kind::month: return period::month(year(ordinal / 12), static_cast<int>(ordinal % 12) + 1);
    case period_kind::quarter: return period::quarter(year(ordinal / 4), static_cast<int>(ordinal % 4) + 1);
    case period_kind::half: return period::half(year(ordinal / 2), static_cast<int>(ordinal % 2) + 1);
    case period_kind::year: return period::year(year(ordinal));
    case period_kind::span:
        return period::span(year(ordinal / 256), year(ordinal / 256 + ordinal % 256));
    case period_kind::range: {
        const auto first = day(ordinal >> range_length_bits);
        return period::range(first, first + greg::days(static_cast<long>(
                                            ordinal & ((1u << range_length_bits) - 1))));
    }
    }
    throw input_error("cell number with an unknown period kind");
} catch(const input_error&) {
    throw;
} catch(const std::exception&) {  // a date boost cannot represent
    throw input_error("cell number of a period outside the calendar");
}

}  // namespace chitieu::detail
