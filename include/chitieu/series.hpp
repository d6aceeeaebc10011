// Disaggregations: category columns that split an indicator into series.
//
// Observations may carry category columns besides (indicator, unit, period):
// disaggregations such as sex, age band or ethnicity, or the programme and
// funding source of a payment. DHIS2 calls a combination of category options a
// "category option combo". A *series* is one indicator under one combination
// (jobs created, women, 15-24); series are interned into dense ids like units,
// and the engine works on series exactly as it does on indicators: the
// observations are built over `series_index::expanded()`, one catalog entry per
// series with the rules of its indicator.
//
// A rollup keeps some categories (`by`) and totals over the others: every
// series maps to the series of its indicator under the kept options, and values
// of series that map together are aggregated like the values of different units
// (the space rule; coverage counts a unit once). Derived indicators are computed
// per kept combination from their parts under the same combination.
//
//   chitieu::series_index s(indicators, {"sex"});
//   auto series = s.intern(ind_ids, n, {s.options(0, {"female", "male"}).data()});
//   auto obs = observations::build(s.expanded(), units, periods, {series, ...});
//   auto r = chitieu::rollup(obs, units, s, {"sex"}, request);
#pragma once

#include <chitieu/hierarchy.hpp>
#include <chitieu/indicator.hpp>
#include <chitieu/observations.hpp>
#include <chitieu/rollup.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace chitieu {

class series_index {
public:
    series_index() = default;
    /// Series of `indicators` under combinations of `categories` (distinct names).
    series_index(catalog indicators, std::vector<std::string> categories);

    const catalog& indicators() const { return indicators_; }
    const std::vector<std::string>& categories() const { return categories_; }
    /// Index of a category by name; throws unknown_code naming it.
    std::size_t category(std::string_view name) const;

    /// Option ids of `names` in category `c`, interned ("" is the option of rows
    /// that do not give the category).
    std::vector<std::int32_t> options(std::size_t c, const std::vector<std::string>& names);
    const std::vector<std::string>& option_names(std::size_t c) const {
        return option_names_.at(c);
    }

    /// Series ids of `n` rows: catalog ids of a derived indicator are refused;
    /// `option_ids[c]` points at the rows' option ids of category c.
    std::vector<std::int32_t> intern(const std::int32_t* indicator, std::size_t n,
                                     const std::vector<const std::int32_t*>& option_ids);

    std::size_t size() const { return indicator_.size(); }
    std::int32_t indicator(std::int32_t series) const {
        return indicator_[static_cast<std::size_t>(series)];
    }
    /// Option id of `series` in category `c`.
    std::int32_t option(std::int32_t series, std::size_t c) const {
        return option_[static_cast<std::size_t>(series) * categories_.size() + c];
    }
    /// "jobs[female|15-24]": the code of a series in messages and `expanded()`.
    std::string code(std::int32_t series) const;
    /// One catalog entry per series, in series order, with its indicator's rules.
    catalog expanded() const;

private:
    std::int32_t intern_one(std::int32_t indicator, const std::int32_t* options);

    catalog indicators_;
    std::vector<std::string> categories_;
    std::vector<std::vector<std::string>> option_names_;
    std::vector<std::unordered_map<std::string, std::int32_t>> option_ids_;
    std::vector<std::int32_t> indicator_;  ///< per series
    std::vector<std::int32_t> option_;     ///< [series * categories + c]
    std::unordered_map<std::string, std::int32_t> ids_;  ///< key bytes -> series
};

/// A rollup result with the kept categories: `rows.indicator` holds catalog ids
/// of `series.indicators()`, and `category[k][row]` the option id (into
/// `option_names[k]`) of kept category `by[k]`.
struct disaggregated_result {
    rollup_result rows;
    std::vector<std::string> by;
    std::vector<std::vector<std::string>> option_names;
    std::vector<std::vector<std::int32_t>> category;
};

/// A state of observations built over `series.expanded()`, keeping the
/// categories `by` and totalling over the others. `request.indicators` are
/// catalog ids of `series.indicators()`. Throws unknown_code for a category
/// `series` does not have.
rollup_state partial_rollup(const observations& obs, const hierarchy& units,
                            const series_index& series,
                            const std::vector<std::string>& by,
                            const rollup_request& request);

/// finish(partial_rollup(...)) with the rows mapped back to indicators and the
/// kept categories' options.
disaggregated_result rollup(const observations& obs, const hierarchy& units,
                            const series_index& series,
                            const std::vector<std::string>& by,
                            const rollup_request& request);

/// The rows of a state of partial_rollup(..., series, by, ...) -- of one block,
/// or merged from blocks that were all built over an equal series index (the
/// same categories, options and series in the same order) -- mapped back to
/// indicators and the kept categories' options. Throws input_error for a state
/// of another series index or `by`.
disaggregated_result finish(const rollup_state& state, const series_index& series,
                            const std::vector<std::string>& by, int threads = 0);

}  // namespace chitieu
