// Rollups: observations aggregated to target units and target periods.
//
//   chitieu::rollup_request request;  // C++17: fields by name, no designated
//   request.levels = {"province"};     // initialisers needed
//   request.kinds = {chitieu::period_kind::quarter};
//   auto result = chitieu::rollup(obs, vietnam, indicators, request);
//
// With categories (sex, programme x source), see series.hpp: the same request
// with `by`, over observations of a series_index.
//
// One pass over the rows (the kernel in src/rollup/rollup_kernel.hpp) fills a
// `rollup_state` at the finest requested combination: the deepest target level,
// the finest period type. `finish` derives every requested level and period
// type from it, applies the space rules, computes derived indicators from their
// aggregated parts and counts coverage. States are public and mergeable, so a
// rollup of data split in parts (Dask partitions, files) is the merge of the
// parts' states.
#pragma once

#include <chitieu/error.hpp>
#include <chitieu/hierarchy.hpp>
#include <chitieu/indicator.hpp>
#include <chitieu/observations.hpp>
#include <chitieu/period.hpp>
#include <chitieu/rollup_rows.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chitieu {

/// What to aggregate to.
///  * Units: every unit of each of `levels`; with `units` too, only those that
///    are one of `units` or lie under one. Without `levels`, the `units`
///    themselves are the targets (any levels, may nest). Each of `groups` (unit
///    groups of the hierarchy) is one more target: the total over its members.
///  * Periods: every period of each of `kinds` that holds data; with `periods`
///    too, only those inside one of `periods`. Without `kinds`, the `periods`
///    themselves are the targets.
struct rollup_request {
    std::vector<std::string> levels;
    std::vector<std::string> units;   ///< unit codes
    std::vector<std::string> groups;  ///< unit group names
    std::vector<period_kind> kinds;
    std::vector<period> periods;
    /// Catalog ids to report (their parts are computed as needed); empty = all.
    std::vector<std::int32_t> indicators;
    int threads = 0;  ///< 0 = every core
    /// Non-finite values: `error` refuses observations that hold any, `skip`
    /// leaves them out. Unset: the policy the observations were built with.
    std::optional<nan_policy> nans;
    /// Upper bound on the memory of the per-thread flow accumulators; fewer
    /// threads are used to stay under it.
    std::size_t memory_limit = std::size_t{4} << 30;
};

/// Aggregated values, one row per (indicator, target unit, target period) with
/// data. Row columns index the small tables below.
struct rollup_result {
    // tables
    std::vector<std::string> indicator_codes;  ///< by catalog id
    std::vector<std::string> unit_codes;       ///< by result unit index (group names)
    std::vector<std::int32_t> unit_ids;        ///< hierarchy id; -1 - g for group g
    std::vector<std::int32_t> unit_levels;     ///< level index; -1 for a group
    std::vector<std::string> level_names;      ///< the hierarchy's levels
    std::vector<period> periods;               ///< by result period index

    // rows
    std::vector<std::int32_t> indicator;  ///< catalog id
    std::vector<std::int32_t> unit;       ///< result unit index
    std::vector<std::int32_t> bucket;     ///< result period index (into `periods`)
    std::vector<double> value;
    /// The exact value of money results that are whole đồng (sums, minima,
    /// maxima, last and first values; not means or ratios); `exact` says which.
    /// Both are empty when no row is exact (a rollup without money), else one
    /// per row; rows() reads them either way.
    std::vector<std::int64_t> money;
    std::vector<std::uint8_t> exact;
    /// Distinct units that reported, counted at the deepest level that reported
    /// into the cell, and the number of units of that level under the target.
    std::vector<std::int32_t> n_reporting, n_expected;

    std::size_t size() const { return value.size(); }
    /// The rows with codes and periods resolved, a view (rollup_rows.hpp).
    rollup_rows rows() const { return rollup_rows(*this); }
};

class rollup_state;
namespace detail {
struct rollup_plan;
struct rollup_data;  // the pass's accumulators (src/rollup/rollup_data.hpp)
/// The pass of a resolved plan over observations built with `catalog` (the
/// request's own, or the expanded series of series.hpp).
rollup_state run_plan(const observations&, const hierarchy&, const catalog&,
                      std::shared_ptr<const rollup_plan>, const rollup_request&);
}  // namespace detail

/// A partial rollup: everything needed to finish it, mergeable with the states
/// of other rows rolled up with the same request, hierarchy and catalog.
class rollup_state {
public:
    rollup_state() = default;

    /// The fine periods the state holds data for, ascending.
    const std::vector<period>& buckets() const { return buckets_; }
    /// Number of rows that went into the state (all parts, after merges).
    std::uint64_t rows() const { return rows_; }

    /// Merge: the state of the union of both states' rows. Exact for money and
    /// counts; float sums add in a different order than one pass would, so they
    /// agree to rounding. `b` counts as the later rows (ties of last/first).
    /// Throws input_error if the states come from different requests.
    friend rollup_state merge(const rollup_state& a, const rollup_state& b);

    /// A self-contained byte string (request, targets, rules and data).
    std::string to_bytes() const;
    /// Throws input_error for bytes that are not a state of this version, or
    /// whose tables and indices do not hold together (never reads out of
    /// bounds; allocates at most in proportion to the bytes).
    static rollup_state from_bytes(std::string_view bytes);
    /// An upper bound of the result cells finish() allocates (targets x output
    /// periods x indicators over the requested levels and period types): a
    /// reader of untrusted bytes may refuse a state too large to finish.
    std::size_t result_cells() const;

private:
    friend rollup_state detail::run_plan(const observations&, const hierarchy&,
                                         const catalog&,
                                         std::shared_ptr<const detail::rollup_plan>,
                                         const rollup_request&);
    friend rollup_result finish(const rollup_state&, int);

    std::shared_ptr<const detail::rollup_plan> plan_;
    std::vector<period> buckets_;
    /// Never changed once made, so copies share it; set whenever plan_ is.
    std::shared_ptr<const detail::rollup_data> data_;
    std::uint64_t rows_ = 0;
};

rollup_state merge(const rollup_state& a, const rollup_state& b);

/// One pass over the observations into a state. Throws unknown_code for unknown
/// level or unit codes, input_error for an empty target set or a request the
/// observations do not fit (another catalog or hierarchy, NaN under `error`).
rollup_state partial_rollup(const observations& obs, const hierarchy& units,
                            const catalog& indicators, const rollup_request& request);

/// Space rules, derived indicators and coverage. Throws input_error when data
/// does not nest in a requested period (a quarter's value asked for by month),
/// naming the indicator and period, and overflow_error for a money total
/// outside int64, naming indicator, unit and period.
rollup_result finish(const rollup_state& state, int threads = 0);

/// finish(partial_rollup(...)).
rollup_result rollup(const observations& obs, const hierarchy& units,
                     const catalog& indicators, const rollup_request& request);

}  // namespace chitieu
