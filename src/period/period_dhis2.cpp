// DHIS2 period ids. The rules follow DHIS2's own parser (DateUnitPeriodTypeParser
// and the PeriodType classes of dhis2-core, ISO 8601 calendar):
//  * weeks of every start day are numbered like ISO weeks: week 1 is the week
//    (Monday, Wednesday, Thursday, Saturday or Sunday to the day before) that
//    holds 4 January, so it has at least 4 days in the year;
//  * bi-week n is ISO weeks 2n-1 and 2n;
//  * month-based types are runs of whole months counted from an offset to
//    January: NovQ1 and NovS1 start in November of the year before, and
//    FinancialNov "2020Nov" is November 2019 to October 2020 (labelled by the
//    year it ends), while April, July, September and October financial years
//    are labelled by the year they start.
#include <chitieu/period_dhis2.hpp>

#include <array>
#include <cctype>

namespace greg = boost::gregorian;

namespace chitieu::dhis2 {
namespace {

[[noreturn]] void bad(std::string_view id, const std::string& why) {
    throw input_error("DHIS2 period '" + std::string(id) + "': " + why);
}

// Types that are runs of whole months: the first one of year Y starts
// `offset` months after January of Y; number n starts (n-1)*length later.
struct month_run {
    period_type type;
    const char* tag;  // between the year and the number ("" for monthly)
    int offset, length;
    bool numbered;  // 2020AprilS1 (numbered) or 2020April
};
constexpr std::array<month_run, 12> month_runs{{
    {period_type::monthly, "", 0, 1, true},
    {period_type::bi_monthly, "B", 0, 2, true},  // number before the tag: 202001B
    {period_type::quarterly, "Q", 0, 3, true},
    {period_type::quarterly_nov, "NovQ", -2, 3, true},
    {period_type::six_monthly, "S", 0, 6, true},
    {period_type::six_monthly_april, "AprilS", 3, 6, true},
    {period_type::six_monthly_nov, "NovS", -2, 6, true},
    {period_type::yearly, "", 0, 12, false},
    {period_type::financial_april, "April", 3, 12, false},
    {period_type::financial_july, "July", 6, 12, false},
    {period_type::financial_sep, "Sep", 8, 12, false},
    {period_type::financial_oct, "Oct", 9, 12, false},
}};
constexpr month_run financial_nov{period_type::financial_nov, "Nov", -2, 12, false};

// Weekly types: the day each week starts on (0 = Sunday, as boost numbers them).
struct week_run {
    period_type type;
    const char* tag;
    int start_day;
};
constexpr std::array<week_run, 5> week_runs{{
    {period_type::weekly, "W", 1},
    {period_type::weekly_wednesday, "WedW", 3},
    {period_type::weekly_thursday, "ThuW", 4},
    {period_type::weekly_saturday, "SatW", 6},
    {period_type::weekly_sunday, "SunW", 0},
}};

greg::date week1_start(int y, int start_day) {
    const greg::date jan4(static_cast<unsigned short>(y), 1, 4);
    const int back = (jan4.day_of_week().as_number() - start_day + 7) % 7;
    return jan4 - greg::days(back);
}
int weeks_in(int y, int start_day) {
    return static_cast<int>(
        (week1_start(y + 1, start_day) - week1_start(y, start_day)).days() / 7);
}

greg::date month_first(int serial) {
    return period::month(serial / 12, serial % 12 + 1).first();
}
period month_period(const month_run& run, int y, int n) {
    const int first = y * 12 + run.offset + (n - 1) * run.length;
    const int last = first + run.length - 1;
    const auto start = month_first(first);
    const auto end = period::month(last / 12, last % 12 + 1).last();
    switch(run.type) {
        case period_type::monthly:
            return period::month(y, n);
        case period_type::quarterly:
            return period::quarter(y, n);
        case period_type::six_monthly:
            return period::half(y, n);
        case period_type::yearly:
            return period::year(y);
        default:
            return period::range(start, end);
    }
}

period week_period(const week_run& run, int y, int n, std::string_view id) {
    if(run.type == period_type::weekly) return period::week(y, n);
    const int count = weeks_in(y, run.start_day);
    if(n < 1 || n > count)
        bad(id, "week " + std::to_string(n) + " is not 1-" + std::to_string(count));
    const auto first = week1_start(y, run.start_day) + greg::days(7 * (n - 1));
    return period::range(first, first + greg::days(6));
}

period bi_week_period(int y, int n, std::string_view id) {
    const int weeks = weeks_in(y, 1);
    if(n < 1 || 2 * n - 1 > weeks)
        bad(id,
            "bi-week " + std::to_string(n) + " is not 1-" +
                std::to_string((weeks + 1) / 2));
    const auto first = week1_start(y, 1) + greg::days(14 * (n - 1));
    return period::range(first, first + greg::days(13));
}

bool all_digits(std::string_view s) {
    if(s.empty()) return false;
    for(char c : s)
        if(!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
}
int number(std::string_view s) {
    int v = 0;
    for(char c : s) v = v * 10 + (c - '0');
    return v;
}
bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

// The number after `tag` in `rest` (1 or 2 digits), if rest is tag + number.
std::optional<int> numbered(std::string_view rest, std::string_view tag) {
    if(!starts_with(rest, tag)) return std::nullopt;
    const auto digits = rest.substr(tag.size());
    if(digits.size() > 2 || !all_digits(digits)) return std::nullopt;
    return number(digits);
}

period parse_month_run(const month_run& run, int y, int n, std::string_view id) {
    const int count = 12 / run.length;
    if(n < 1 || n > count)
        bad(id,
            std::string(to_string(run.type)) + " number " + std::to_string(n) +
                " is not 1-" + std::to_string(count));
    return month_period(run, y, n);
}

// Everything after the four-digit year.
period parse_rest(int y, std::string_view rest, std::string_view id) {
    if(rest.empty()) return period::year(y);
    if(rest.size() == 4 && all_digits(rest))
        return period::day(y, number(rest.substr(0, 2)), number(rest.substr(2)));
    if(rest.size() == 6 && rest[0] == '-' && rest[3] == '-' &&
       all_digits(rest.substr(1, 2)) && all_digits(rest.substr(4)))
        return period::day(y, number(rest.substr(1, 2)), number(rest.substr(4)));
    if(rest.size() == 2 && all_digits(rest))
        return parse_month_run(month_runs[0], y, number(rest), id);
    if(rest.size() == 3 && rest[0] == '-' && all_digits(rest.substr(1)))
        return parse_month_run(month_runs[0], y, number(rest.substr(1)), id);
    if(rest.size() == 3 && rest[2] == 'B' && all_digits(rest.substr(0, 2)))
        return parse_month_run(month_runs[1], y, number(rest.substr(0, 2)), id);
    if(auto n = numbered(rest, "BiW")) return bi_week_period(y, *n, id);
    for(const auto& run : week_runs)
        if(auto n = numbered(rest, run.tag)) return week_period(run, y, *n, id);
    for(const auto& run : month_runs) {
        if(!*run.tag || run.type == period_type::bi_monthly) continue;
        if(run.numbered) {
            if(auto n = numbered(rest, run.tag)) return parse_month_run(run, y, *n, id);
        } else if(rest == run.tag) {
            return month_period(run, y, 1);
        }
    }
    if(rest == financial_nov.tag) return month_period(financial_nov, y, 1);
    bad(id,
        "not a DHIS2 period id (expected e.g. 20200715, 2020W5, 2020WedW5, "
        "2020BiW1, 202001, 202001B, 2020Q1, 2020NovQ1, 2020S1, 2020AprilS1, "
        "2020NovS1, 2020, 2020April, 2020July, 2020Sep, 2020Oct, 2020Nov)");
}

std::string two(int v) {
    return (v < 10 ? "0" : "") + std::to_string(v);
}
std::string iso(greg::date d) {
    return std::to_string(d.year()) + "-" + two(d.month()) + "-" + two(d.day());
}

struct identified {
    period_type type;
    std::string id;
};

std::optional<identified> identify_weekly(const period& p) {
    const auto first = p.first();
    const int dow = first.day_of_week().as_number();
    if(p.days() == 14 && dow == 1) {
        // Bi-weeks start on the Monday of an odd ISO week.
        for(int y = first.year() - 1; y <= first.year() + 1; ++y) {
            const auto w1 = week1_start(y, 1);
            const long k = (first - w1).days();
            if(k >= 0 && k % 14 == 0 && 2 * (k / 14) + 1 <= weeks_in(y, 1))
                return identified{
                    period_type::bi_weekly,
                    std::to_string(y) + "BiW" + std::to_string(k / 14 + 1)};
        }
        return std::nullopt;
    }
    if(p.days() != 7) return std::nullopt;
    for(const auto& run : week_runs) {
        if(run.start_day != dow) continue;
        int y = first.year() + 1;
        while(first < week1_start(y, run.start_day)) --y;
        const long n = (first - week1_start(y, run.start_day)).days() / 7 + 1;
        return identified{run.type, std::to_string(y) + run.tag + std::to_string(n)};
    }
    return std::nullopt;
}

std::string month_run_id(const month_run& run, int y, int n) {
    switch(run.type) {
        case period_type::monthly:
            return std::to_string(y) + two(n);
        case period_type::bi_monthly:
            return std::to_string(y) + two(n) + "B";
        default:
            return std::to_string(y) + run.tag +
                   (run.numbered ? std::to_string(n) : "");
    }
}

std::optional<identified> identify_monthly(const period& p) {
    const auto first = p.first(), last = p.last();
    if(first.day() != 1 || last != last.end_of_month()) return std::nullopt;
    const int start = first.year() * 12 + (first.month() - 1);
    const int length = last.year() * 12 + (last.month() - 1) - start + 1;
    auto fits = [&](const month_run& run) -> std::optional<identified> {
        if(run.length != length) return std::nullopt;
        const int t = start - run.offset;
        const int y = t >= 0 ? t / 12 : -((-t + 11) / 12);
        const int r = t - 12 * y;
        if(r % run.length != 0) return std::nullopt;
        return identified{run.type, month_run_id(run, y, r / run.length + 1)};
    };
    for(const auto& run : month_runs)
        if(auto id = fits(run)) return id;
    return fits(financial_nov);
}

std::optional<identified> identify(const period& p) {
    if(p.days() == 1)
        return identified{period_type::daily,
                          std::to_string(p.first().year()) + two(p.first().month()) +
                              two(p.first().day())};
    if(auto found = identify_weekly(p)) return found;
    return identify_monthly(p);
}

}  // namespace

const char* to_string(period_type type) noexcept {
    switch(type) {
        case period_type::daily:
            return "Daily";
        case period_type::weekly:
            return "Weekly";
        case period_type::weekly_wednesday:
            return "WeeklyWednesday";
        case period_type::weekly_thursday:
            return "WeeklyThursday";
        case period_type::weekly_saturday:
            return "WeeklySaturday";
        case period_type::weekly_sunday:
            return "WeeklySunday";
        case period_type::bi_weekly:
            return "BiWeekly";
        case period_type::monthly:
            return "Monthly";
        case period_type::bi_monthly:
            return "BiMonthly";
        case period_type::quarterly:
            return "Quarterly";
        case period_type::quarterly_nov:
            return "QuarterlyNov";
        case period_type::six_monthly:
            return "SixMonthly";
        case period_type::six_monthly_april:
            return "SixMonthlyApril";
        case period_type::six_monthly_nov:
            return "SixMonthlyNov";
        case period_type::yearly:
            return "Yearly";
        case period_type::financial_april:
            return "FinancialApril";
        case period_type::financial_july:
            return "FinancialJuly";
        case period_type::financial_sep:
            return "FinancialSep";
        case period_type::financial_oct:
            return "FinancialOct";
        case period_type::financial_nov:
            return "FinancialNov";
    }
    return "?";
}

period parse_period(std::string_view id) {
    if(id.size() < 4 || !all_digits(id.substr(0, 4)))
        bad(id, "a DHIS2 period id starts with a four-digit year");
    const int y = number(id.substr(0, 4));
    try {
        period::year(y);  // the year range check, before any date arithmetic
        return parse_rest(y, id.substr(4), id);
    } catch(const input_error& e) {
        // The calendar checks (day 30 of February, week 53) do not know the id.
        if(std::string_view(e.what()).find(id) != std::string_view::npos) throw;
        bad(id, e.what());
    }
}

std::optional<period> try_parse_period(std::string_view id) noexcept {
    try {
        return parse_period(id);
    } catch(const std::exception&) {
        return std::nullopt;
    }
}

std::string format_period(const period& p) {
    if(auto found = identify(p)) return found->id;
    throw input_error("period " + p.to_string() + " (" + chitieu::to_string(p.kind()) +
                      ") has no DHIS2 period type: none runs from " + iso(p.first()) +
                      " to " + iso(p.last()));
}

std::optional<period_type> type_of(const period& p) {
    if(auto found = identify(p)) return found->type;
    return std::nullopt;
}

}  // namespace chitieu::dhis2
