#include <chitieu/detail/enum_names.hpp>
#include <chitieu/period.hpp>
#include <chitieu/period_dhis2.hpp>

#include "period/period_text.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>

namespace greg = boost::gregorian;

namespace chitieu {
namespace {

constexpr int min_year = 1900, max_year = 2200;

constexpr auto kind_names = detail::make_enum_names<period_kind>(
    "period kind", "day", "week", "month", "quarter", "half", "year", "span", "range");

[[noreturn]] void bad(const std::string& what) {
    throw input_error(what);
}

void check_year(int y, const char* what) {
    if(y < min_year || y > max_year)
        bad(std::string(what) + " year " + std::to_string(y) + " is outside " +
            std::to_string(min_year) + "-" + std::to_string(max_year));
}

int days_in_month(int y, int m) {
    return greg::gregorian_calendar::end_of_month_day(static_cast<unsigned short>(y),
                                                      static_cast<unsigned short>(m));
}

greg::date make_date(int y, int m, int d) {
    check_year(y, "date");
    if(m < 1 || m > 12) bad("month " + std::to_string(m) + " is not 1-12");
    if(d < 1 || d > days_in_month(y, m))
        bad("day " + std::to_string(d) + " does not exist in " + std::to_string(y) +
            "-" + (m < 10 ? "0" : "") + std::to_string(m));
    return greg::date(static_cast<unsigned short>(y),
                      static_cast<unsigned short>(m),
                      static_cast<unsigned short>(d));
}

greg::date month_end(int y, int m) {
    return make_date(y, m, days_in_month(y, m));
}

// The Monday of ISO week 1: the week that holds 4 January.
// Callers check the ISO year; y + 1 (for a year's week count) may lie one past
// the range, so the date is built directly rather than through make_date.
greg::date iso_week1_monday(int y) {
    const greg::date jan4(static_cast<unsigned short>(y), 1, 4);
    const int dow = (jan4.day_of_week().as_number() + 6) % 7;  // Monday = 0
    return jan4 - greg::days(dow);
}

int iso_weeks_in_year(int y) {
    return static_cast<int>((iso_week1_monday(y + 1) - iso_week1_monday(y)).days() / 7);
}

// Months are counted from year 0 so that shifting is one integer addition.
int month_serial(greg::date d) {
    return d.year() * 12 + (d.month() - 1);
}
greg::date month_start(int serial) {
    return make_date(serial / 12, serial % 12 + 1, 1);
}

greg::date clamp_shift(greg::date d, int months) {
    const int s = month_serial(d) + months;
    const int y = s / 12, m = s % 12 + 1;
    check_year(y, "shifted");
    return make_date(y, m, std::min<int>(d.day(), days_in_month(y, m)));
}

int months_of(period_kind k) {
    switch(k) {
        case period_kind::month:
            return 1;
        case period_kind::quarter:
            return 3;
        case period_kind::half:
            return 6;
        case period_kind::year:
            return 12;
        default:
            return 0;
    }
}

std::string two(int v) {
    return (v < 10 ? "0" : "") + std::to_string(v);
}

std::string iso(greg::date d) {
    return std::to_string(d.year()) + "-" + two(d.month()) + "-" + two(d.day());
}

}  // namespace

const char* to_string(period_kind kind) noexcept {
    return kind_names.name(kind);
}

period_kind parse_period_kind(std::string_view name) {
    if(name == "half_year" || name == "halfyear") return period_kind::half;
    return kind_names.parse(name);
}

period period::day(int y, int m, int d) {
    const auto date = make_date(y, m, d);
    return {period_kind::day, date, date};
}
period period::day(greg::date d) {
    return day(d.year(), d.month(), d.day());
}

period period::week(int iso_year, int w) {
    check_year(iso_year, "week");
    const int n = iso_weeks_in_year(iso_year);
    if(w < 1 || w > n)
        bad("week " + std::to_string(w) + " does not exist in ISO year " +
            std::to_string(iso_year) + " (it has " + std::to_string(n) + " weeks)");
    const auto first = iso_week1_monday(iso_year) + greg::days(7 * (w - 1));
    return {period_kind::week, first, first + greg::days(6)};
}

period period::month(int y, int m) {
    return {period_kind::month, make_date(y, m, 1), month_end(y, m)};
}
period period::quarter(int y, int q) {
    if(q < 1 || q > 4) bad("quarter " + std::to_string(q) + " is not 1-4");
    return {period_kind::quarter, make_date(y, 3 * q - 2, 1), month_end(y, 3 * q)};
}
period period::half(int y, int h) {
    if(h < 1 || h > 2) bad("half-year " + std::to_string(h) + " is not 1 or 2");
    return {period_kind::half, make_date(y, 6 * h - 5, 1), month_end(y, 6 * h)};
}
period period::year(int y) {
    return {period_kind::year, make_date(y, 1, 1), make_date(y, 12, 31)};
}
period period::span(int y0, int y1) {
    check_year(y0, "span");
    check_year(y1, "span");
    if(y0 > y1)
        bad("span " + std::to_string(y0) + "-" + std::to_string(y1) +
            " ends before it starts");
    return {period_kind::span, make_date(y0, 1, 1), make_date(y1, 12, 31)};
}
period period::range(greg::date first, greg::date last) {
    if(first.is_special() || last.is_special()) bad("range needs two real dates");
    check_year(first.year(), "range");
    check_year(last.year(), "range");
    if(last < first)
        bad("range " + iso(first) + "/" + iso(last) + " ends before it starts");
    return {period_kind::range, first, last};
}

std::string period::to_string() const {
    const int y = first_.year();
    switch(kind_) {
        case period_kind::day:
            return std::to_string(y) + two(first_.month()) + two(first_.day());
        case period_kind::week: {
            // The ISO year is the year of the week's Thursday.
            const auto thursday = first_ + greg::days(3);
            const int wy = thursday.year();
            const int w =
                static_cast<int>((first_ - iso_week1_monday(wy)).days() / 7) + 1;
            return std::to_string(wy) + "W" + two(w);
        }
        case period_kind::month:
            return std::to_string(y) + two(first_.month());
        case period_kind::quarter:
            return std::to_string(y) + "Q" + std::to_string((first_.month() + 2) / 3);
        case period_kind::half:
            return std::to_string(y) + "S" + (first_.month() == 1 ? "1" : "2");
        case period_kind::year:
            return std::to_string(y);
        case period_kind::span:
            return std::to_string(y) + "-" + std::to_string(last_.year());
        case period_kind::range:
            return iso(first_) + "/" + iso(last_);
    }
    return {};
}

std::vector<period> period::sequence(const period& first, const period& last) {
    if(first.kind() != last.kind())
        bad("a sequence needs two periods of one kind, not " + first.to_string() +
            " (" + chitieu::to_string(first.kind()) + ") and " + last.to_string() +
            " (" + chitieu::to_string(last.kind()) + ")");
    if(last < first)
        bad("sequence " + first.to_string() + " .. " + last.to_string() +
            " runs backwards");
    std::vector<period> out;
    switch(first.kind()) {
        case period_kind::day:
        case period_kind::week: {
            const long step = first.days();
            for(auto d = first.first(); d <= last.first(); d += greg::days(step))
                out.push_back(first.kind() == period_kind::day
                                  ? period::day(d)
                                  : period(period_kind::week, d, d + greg::days(6)));
            return out;
        }
        case period_kind::span:
        case period_kind::range:
            bad("no sequence of " + std::string(chitieu::to_string(first.kind())) +
                "s");
        default: {
            const int step = months_of(first.kind());
            for(int s = month_serial(first.first()); s <= month_serial(last.first());
                s += step)
                out.push_back(period(first.kind(),
                                     month_start(s),
                                     month_start(s + step) - greg::days(1)));
            return out;
        }
    }
}

period period::shift(int years, int months) const {
    const int total = years * 12 + months;
    // The message is made only when it is needed: shift is called per row.
    const auto refuse = [&](const std::string& why) {
        bad("cannot shift " + to_string() + " by " + std::to_string(years) +
            " years and " + std::to_string(months) + " months: " + why);
    };
    switch(kind_) {
        case period_kind::day:
            return period::day(clamp_shift(first_, total));
        case period_kind::range:
            return period::range(clamp_shift(first_, total), clamp_shift(last_, total));
        case period_kind::week: {
            if(months != 0) refuse("weeks move by whole years only");
            const auto name = to_string();
            const int wy = std::stoi(name.substr(0, 4)) + years;
            check_year(wy, "shifted");
            return period::week(
                wy, std::min(std::stoi(name.substr(5)), iso_weeks_in_year(wy)));
        }
        case period_kind::span: {
            if(total % 12 != 0) refuse("spans move by whole years only");
            return period::span(first_.year() + total / 12, last_.year() + total / 12);
        }
        default: {
            if(total % months_of(kind_) != 0)
                refuse(std::string("a ") + chitieu::to_string(kind_) +
                       " moves by multiples of " + std::to_string(months_of(kind_)) +
                       " months");
            const int s = month_serial(first_) + total;
            check_year(s / 12, "shifted");
            return period(kind_,
                          month_start(s),
                          month_start(s + months_of(kind_)) - greg::days(1));
        }
    }
}

period period::year_to_date() const {
    return period::range(make_date(last_.year(), 1, 1), last_);
}

period period::parent(period_kind kind) const {
    const auto d = first_;
    std::optional<period> p;
    switch(kind) {
        case period_kind::day:
            p = period::day(d);
            break;
        case period_kind::week: {
            const auto thursday =
                d - greg::days((d.day_of_week().as_number() + 6) % 7) + greg::days(3);
            const int wy = thursday.year();
            p = period::week(
                wy, static_cast<int>((thursday - iso_week1_monday(wy)).days() / 7) + 1);
            break;
        }
        case period_kind::span:
        case period_kind::range:
            bad(std::string("parent(") + chitieu::to_string(kind) + ") of " +
                to_string() + ": only calendar kinds and weeks can be parents");
        default: {
            const int step = months_of(kind);
            const int s = month_serial(d) - (d.month() - 1) % step;
            p = period(kind, month_start(s), month_start(s + step) - greg::days(1));
        }
    }
    if(!p->contains(*this))
        bad(to_string() + " does not nest in one " + chitieu::to_string(kind) +
            " (it straddles " + p->to_string() + " and the next)");
    return *p;
}

std::vector<period> period::children(period_kind kind) const {
    if(kind == period_kind::span || kind == period_kind::range)
        bad(std::string("children(") + chitieu::to_string(kind) + ") of " +
            to_string() + ": only calendar kinds and weeks can be children");
    std::vector<period> out;
    if(kind == period_kind::week) {
        auto p = period(period_kind::day, first_, first_).parent(period_kind::week);
        if(p.first() < first_)
            p = period(
                period_kind::week, p.first() + greg::days(7), p.last() + greg::days(7));
        for(; p.last() <= last_;
            p = period(
                period_kind::week, p.first() + greg::days(7), p.last() + greg::days(7)))
            out.push_back(p);
        return out;
    }
    const auto first_child = period(period_kind::day, first_, first_).parent(kind);
    const auto last_child = period(period_kind::day, last_, last_).parent(kind);
    for(const auto& c : sequence(first_child, last_child))
        if(contains(c)) out.push_back(c);
    return out;
}

double period::elapsed_fraction(const period& within, elapsed_by by) const {
    if(last_ < within.first()) return 0.0;
    if(last_ >= within.last()) return 1.0;
    if(by == elapsed_by::days)
        return static_cast<double>((last_ - within.first()).days() + 1) /
               static_cast<double>(within.days());
    // Months: whole months from within.first() plus the elapsed share of the
    // current month, over within's length in months (also partial at its ends).
    const int base = month_serial(within.first());
    const auto month_pos = [base](greg::date d, bool end_of_day) {
        const double dim = days_in_month(d.year(), d.month());
        return (month_serial(d) - base) + (d.day() - (end_of_day ? 0 : 1)) / dim;
    };
    const double start = month_pos(within.first(), false);
    const double end = month_pos(within.last(), true);
    return (month_pos(last_, true) - start) / (end - start);
}

period period::parse(std::string_view text) {
    const auto fail = [&](const std::string& why) -> period {
        bad("cannot parse period '" + std::string(text) + "': " + why);
    };
    std::string s;
    try {
        s = detail::trim(detail::normalize_text(text));
    } catch(const input_error& e) {
        return fail(e.what());
    }
    if(s.empty()) return fail("it is empty");
    try {
        if(auto p = detail::parse_identifier(s)) return *p;
        if(auto p = detail::parse_vietnamese(s)) return *p;
    } catch(const input_error& e) {
        return fail(e.what());
    }
    if(auto p = dhis2::try_parse_period(s)) return *p;  // 2020April, 202001B, 2020WedW5
    return fail(
        "expected an identifier (2020, 2020S1, 2020Q3, 202007, 2020-07, 2020W05, "
        "20200715, "
        "2020-07-15, 2016-2020, 2020-01-01/2020-09-30) or a Vietnamese phrase ('tháng "
        "7 "
        "năm 2020', 'quý III năm 2017', '6 tháng đầu năm 2020', 'năm 2021', 'giai đoạn "
        "2016-2020')");
}

}  // namespace chitieu
