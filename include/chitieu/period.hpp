// Reporting periods on the Gregorian calendar (Boost.Date_Time): a month, a
// quarter ("quý III"), a half-year ("6 tháng đầu năm"), a year, an ISO week, a
// day, a multi-year plan span ("giai đoạn 2016-2020") and an arbitrary date
// range (a year to date, "9 tháng"), plus the interning table and the bucket
// mapping the rollup engine gathers through.
//
//   auto q = chitieu::period::parse("quý III năm 2017");   // 2017Q3
//   q.same_period_last_year();                              // 2016Q3
//   q.year_to_date();                                       // 2017-01-01/2017-09-30
#pragma once

#include <chitieu/error.hpp>

#include <boost/date_time/gregorian/gregorian_types.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace chitieu {


/// The kinds of period, finest calendar kind first. `span` is a run of whole
/// years (a plan period), `range` any run of days.
enum class period_kind : std::uint8_t {
    day,
    week,
    month,
    quarter,
    half,
    year,
    span,
    range
};

/// "day", "week", "month", "quarter", "half", "year", "span", "range".
const char* to_string(period_kind kind) noexcept;
/// The inverse of to_string; also accepts "half_year"/"halfyear". Throws input_error.
period_kind parse_period_kind(std::string_view name);
/// Writes to_string(kind). Declared over <iosfwd> and defined in src/: always
/// found, and no <ostream> of their own in this header (docs/cpp.md).
std::ostream& operator<<(std::ostream& os, period_kind kind);

/// How elapsed_fraction measures time: by calendar months (a month counts the
/// same whatever its length; partial months by their share of days) or by days.
enum class elapsed_by : std::uint8_t { months, days };

/// A period: its kind and its first and last day (inclusive). Values are
/// validated on construction, so every period that exists is well formed.
class period {
public:
    /// A placeholder (the day 1970-01-01) so periods can sit in containers that
    /// default-construct; every real period comes from the named constructors.
    period() noexcept
        : period(period_kind::day, boost::gregorian::date(1970, 1, 1),
                 boost::gregorian::date(1970, 1, 1)) {}

    static period day(int y, int m, int d);
    static period day(boost::gregorian::date d);
    /// ISO 8601 week `w` of ISO year `iso_year` (week 1 holds the year's first
    /// Thursday).
    static period week(int iso_year, int w);
    static period month(int y, int m);
    static period quarter(int y, int q);
    static period half(int y, int h);
    static period year(int y);
    /// Whole years y0..y1 inclusive, y0 <= y1.
    static period span(int y0, int y1);
    /// Any run of days, first <= last (Python Period.range).
    static period range(boost::gregorian::date first, boost::gregorian::date last);

    /// Identifiers (2020, 2020S1, 2020Q3, 202007, 2020-07, 2020M07, 2020W05,
    /// 20200715, 2020-07-15, 2016-2020, 2020-01-01/2020-09-30) and Vietnamese
    /// phrases ("tháng 7 năm 2020", "quý III/2017", "6 tháng đầu năm 2020", ...).
    /// Throws input_error naming the text and what is wrong.
    static period parse(std::string_view text);

    /// Consecutive periods of one kind, first..last inclusive (Python Period.sequence).
    static std::vector<period> sequence(const period& first, const period& last);

    period_kind kind() const noexcept { return kind_; }
    boost::gregorian::date first() const noexcept { return first_; }
    boost::gregorian::date last() const noexcept { return last_; }
    long days() const { return (last_ - first_).days() + 1; }

    /// The canonical identifier: 2020, 2020S1, 2020Q3, 202007, 2020W05,
    /// 20200715, 2016-2020, 2020-01-01/2020-09-30. parse(to_string()) == *this.
    std::string to_string() const;

    bool contains(const period& other) const noexcept {
        return first_ <= other.first_ && other.last_ <= last_;
    }
    bool contains(boost::gregorian::date d) const noexcept {
        return first_ <= d && d <= last_;
    }
    bool overlaps(const period& other) const noexcept {
        return first_ <= other.last_ && other.first_ <= last_;
    }

    /// The same kind of period moved by whole years and months. Calendar kinds
    /// must move by a multiple of their own length (a quarter by 3 months); a
    /// day or range moves each end, clamping to the month's end (29 Feb -> 28 Feb);
    /// a week moves by years only, keeping its number (W53 -> W52 where the
    /// target year has no week 53).
    period shift(int years, int months = 0) const;
    /// "cùng kỳ": shift(-1).
    period same_period_last_year() const { return shift(-1, 0); }
    /// 1 January of the year of last() through last(), as a range.
    period year_to_date() const;
    /// The period of `kind` that contains this one; throws input_error if none
    /// does (a week across two months) or `kind` is span/range.
    period parent(period_kind kind) const;
    /// The periods of `kind` that lie wholly inside this one, in order (ISO weeks
    /// that straddle the boundary are left out).
    std::vector<period> children(period_kind kind) const;
    /// The share of `within` elapsed at the end of this period, in [0, 1].
    double elapsed_fraction(const period& within,
                            elapsed_by by = elapsed_by::months) const;

    friend bool operator==(const period& a, const period& b) noexcept {
        return a.kind_ == b.kind_ && a.first_ == b.first_ && a.last_ == b.last_;
    }
    friend bool operator!=(const period& a, const period& b) noexcept {
        return !(a == b);
    }
    /// By first day, then last day, then kind.
    friend bool operator<(const period& a, const period& b) noexcept {
        if(a.first_ != b.first_) return a.first_ < b.first_;
        if(a.last_ != b.last_) return a.last_ < b.last_;
        return a.kind_ < b.kind_;
    }
    friend bool operator>(const period& a, const period& b) noexcept { return b < a; }
    friend bool operator<=(const period& a, const period& b) noexcept {
        return !(b < a);
    }
    friend bool operator>=(const period& a, const period& b) noexcept {
        return !(a < b);
    }

private:
    period(period_kind kind, boost::gregorian::date first,
           boost::gregorian::date last) noexcept
        : kind_(kind), first_(first), last_(last) {}

    period_kind kind_;
    boost::gregorian::date first_, last_;
};

/// Writes p.to_string() ("2020Q3"); see operator<<(std::ostream&, period_kind).
std::ostream& operator<<(std::ostream& os, const period& p);

/// Interning table: each distinct period gets a dense int32 id, in order of first
/// appearance. Observations carry these ids; the engine never parses text.
class period_index {
public:
    period_index() = default;
    explicit period_index(const std::vector<period>& periods) {
        for(const auto& p : periods) intern(p);
    }
    /// Parse and intern many identifiers; ids in input order. Each distinct text
    /// is parsed once.
    std::vector<std::int32_t> intern_all(const std::vector<std::string>& texts);

    std::int32_t intern(const period& p);
    std::optional<std::int32_t> find(const period& p) const;
    const period& at(std::int32_t id) const;
    std::size_t size() const noexcept { return periods_.size(); }
    const std::vector<period>& periods() const noexcept { return periods_; }

private:
    struct hasher {
        std::size_t operator()(const period& p) const noexcept;
    };
    std::vector<period> periods_;
    std::unordered_map<period, std::int32_t, hasher> ids_;
};

/// Every period of an index mapped onto coarser target periods.
struct bucket_map {
    std::vector<std::int32_t> bucket_of;   ///< per period id: index into buckets, or -1
    std::vector<period> buckets;           ///< the target periods, ascending
    std::vector<std::int32_t> not_nested;  ///< period ids that fit no bucket
};

/// Each period to the period of `target` kind containing it (calendar kinds and
/// weeks only). Periods that straddle two targets are listed in not_nested.
bucket_map map_to_kind(const period_index& index, period_kind target);
/// Each period to the smallest of `targets` that contains it (ties: the first
/// given); buckets keep the targets' order of ascending periods.
bucket_map map_to_periods(const period_index& index,
                          const std::vector<period>& targets);

/// Per row: out[i] = map.bucket_of[period_ids[i]]. Throws input_error naming the
/// first row whose id is outside the index.
inline void gather_buckets(const bucket_map& map, const std::int32_t* period_ids,
                           std::size_t n, std::int32_t* out) {
    const auto* table = map.bucket_of.data();
    const auto size = static_cast<std::uint32_t>(map.bucket_of.size());
    for(std::size_t i = 0; i < n; ++i) {
        const auto id = static_cast<std::uint32_t>(period_ids[i]);
        if(id >= size)
            throw input_error("period id " + std::to_string(period_ids[i]) +
                              " at row " + std::to_string(i) +
                              " is outside the period index (size " +
                              std::to_string(size) + ")");
        out[i] = table[id];
    }
}

}  // namespace chitieu

template <>
struct std::hash<chitieu::period> {
    std::size_t operator()(const chitieu::period& p) const noexcept {
        const auto a = static_cast<std::size_t>(p.first().day_number());
        const auto b = static_cast<std::size_t>(p.last().day_number());
        return (a * 1000003u) ^ (b * 31u) ^ static_cast<std::size_t>(p.kind());
    }
};
