// Observations: the reported values, as columns of dense ids.
//
// A row is (indicator id, unit id, period id, value[, revision]). Values are
// kept in two blocks by the indicator's value type: float64 for `real`
// indicators and exact int64 đồng for `money` ones, so no money value ever
// passes through a float. Columns are views over the caller's memory when the
// input already has the right types and needs no change (zero copy); otherwise
// (type conversion, duplicates combined, cumulative values converted) the
// observations own fresh copies.
//
// Everything is checked once, at construction: equal lengths, ids in range,
// non-finite values, duplicates (same indicator, unit and period), cumulative
// chains. A rollup can then trust the rows.
#pragma once

#include <chitieu/error.hpp>
#include <chitieu/hierarchy.hpp>
#include <chitieu/indicator.hpp>
#include <chitieu/period.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

namespace chitieu {

/// What to do with rows that share (indicator, unit, period).
enum class duplicate_policy : std::uint8_t {
    error,  ///< refuse, naming the first duplicate
    last,   ///< keep the row with the highest revision; among equals, the later row
    sum,    ///< add them up (money exactly, overflow checked)
};

/// What to do with NaN and infinite values.
enum class nan_policy : std::uint8_t {
    error,  ///< refuse, naming the first such row
    skip,   ///< keep them in the data but treat them as not reported: never part of
            ///< a total, a count, a duplicate or a coverage figure
};

/// A cumulative (year-to-date) value whose previous period in the year is missing.
enum class gap_policy : std::uint8_t {
    error,  ///< refuse, naming the indicator, unit and period
    carry,  ///< subtract the latest earlier value of the year (or nothing): the
            ///< period's flow then includes the missing periods' flows, so yearly
            ///< totals stay exact but the gap's flow lands in this period
};

std::string_view to_string(duplicate_policy);
std::string_view to_string(nan_policy);
std::string_view to_string(gap_policy);
duplicate_policy parse_duplicate_policy(std::string_view);
nan_policy parse_nan_policy(std::string_view);
gap_policy parse_gap_policy(std::string_view);

/// A read-only array: a pointer and a size, kept valid by `owner` (a numpy array,
/// a vector, nothing for memory the caller guarantees). Copying shares.
template <class T>
class column {
public:
    column() = default;
    column(const T* data, std::size_t size, std::shared_ptr<const void> owner = {})
        : data_(data), size_(size), owner_(std::move(owner)) {}
    /// Owns `values`.
    explicit column(std::vector<T> values) {
        auto held = std::make_shared<const std::vector<T>>(std::move(values));
        data_ = held->data();
        size_ = held->size();
        owner_ = std::move(held);
    }

    const T* data() const { return data_; }
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    const T& operator[](std::size_t i) const { return data_[i]; }
    const T* begin() const { return data_; }
    const T* end() const { return data_ + size_; }
    const std::shared_ptr<const void>& owner() const { return owner_; }

private:
    const T* data_ = nullptr;
    std::size_t size_ = 0;
    std::shared_ptr<const void> owner_;
};

/// The columns of one block. `revision` is empty or as long as the others.
template <class V>
struct observation_columns {
    column<std::int32_t> indicator, unit, period;
    column<V> value;
    column<std::int64_t> revision;

    std::size_t size() const { return indicator.size(); }
};

struct observation_options {
    duplicate_policy duplicates = duplicate_policy::error;
    nan_policy nans = nan_policy::error;
    /// Indicator ids whose values are year-to-date totals, besides those the
    /// catalog marks `cumulative`.
    std::vector<std::int32_t> cumulative;
    gap_policy gaps = gap_policy::error;
    int threads = 0;  ///< for the checks; 0 = every core
    /// Bytes allowed for the (indicator x unit x period) bit set that finds
    /// duplicates in one pass and tells rollups who reported; beyond it
    /// duplicates are found by sorting and rollups track presence themselves.
    std::size_t bitmap_limit = std::size_t{256} << 20;
    /// When not empty, the unit column holds positions in this table of unit ids
    /// (a dictionary-encoded column, such as a categorical's codes): each row's
    /// unit is unit_dictionary[position]. The observations keep the positions
    /// and the table (no mapped copy of the column); real() and money() map
    /// them, once, when first asked. A build that must rewrite rows (duplicates
    /// to combine, cumulative values, values of both types) or has no bit set
    /// (over bitmap_limit) maps them at once.
    std::vector<std::int32_t> unit_dictionary;
};

class observations {
public:
    observations() = default;

    /// Check and adopt the columns. The value column's type need not match
    /// every indicator: float64 values of money indicators must be whole numbers
    /// (converted exactly), int64 values of real indicators must be exact in
    /// float64 (|v| <= 2^53). Errors name the first offending row (0-based) and
    /// its codes.
    static observations build(const catalog& indicators, const hierarchy& units,
                              period_index periods, observation_columns<double> columns,
                              const observation_options& options = {});
    static observations build(const catalog& indicators, const hierarchy& units,
                              period_index periods,
                              observation_columns<std::int64_t> columns,
                              const observation_options& options = {});

    /// Rows of real indicators, with unit ids.
    const observation_columns<double>& real() const;
    /// Rows of money indicators, with unit ids.
    const observation_columns<std::int64_t>& money() const;
    std::size_t size() const { return real_.size() + money_.size(); }

    /// The rows as kept: when unit_dictionary() is not empty, the unit column of
    /// both blocks holds positions in it rather than unit ids (what a pass over
    /// the rows reads, mapping through the dictionary's few entries).
    const observation_columns<double>& real_rows() const { return real_; }
    const observation_columns<std::int64_t>& money_rows() const { return money_; }
    /// The unit ids the kept unit column's positions stand for; empty when it
    /// holds unit ids.
    const std::vector<std::int32_t>& unit_dictionary() const {
        return unit_dictionary_;
    }

    const period_index& periods() const { return periods_; }
    std::size_t n_indicators() const { return value_types_.size(); }
    std::size_t n_units() const { return n_units_; }
    /// Fingerprints of the hierarchy and catalog it was built with: a rollup or
    /// assessment with others is refused (ids would mean other units).
    std::uint64_t hierarchy_fingerprint() const { return hierarchy_fingerprint_; }
    std::uint64_t catalog_fingerprint() const { return catalog_fingerprint_; }
    /// The value type of each indicator of the catalog it was built with.
    const std::vector<value_type>& value_types() const { return value_types_; }
    nan_policy nans() const { return nans_; }
    /// Index of the first non-finite value in real(), or -1.
    std::int64_t first_nonfinite() const { return first_nonfinite_; }

    /// One bit per (indicator, unit, period), row-major, set where a finite value
    /// was reported; empty when that space is too large to hold (the rollup then
    /// tracks presence itself).
    const std::vector<std::uint64_t>& presence() const { return presence_; }

private:
    template <class V>
    static observations build_impl(const catalog&, const hierarchy&, period_index,
                                   observation_columns<V>, const observation_options&);

    observation_columns<double> real_;
    observation_columns<std::int64_t> money_;
    period_index periods_;
    std::vector<value_type> value_types_;
    std::size_t n_units_ = 0;
    std::uint64_t hierarchy_fingerprint_ = 0, catalog_fingerprint_ = 0;
    nan_policy nans_ = nan_policy::error;
    std::int64_t first_nonfinite_ = -1;
    std::vector<std::uint64_t> presence_;
    std::vector<std::int32_t> unit_dictionary_;
    struct mapped_units;  // real() and money() with unit ids, made once
    std::shared_ptr<mapped_units> mapped_;
    void map_units() const;
};

}  // namespace chitieu
