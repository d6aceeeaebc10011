// Assessments: observations against a plan, the expected pace and last year.
//
//   chitieu::assess_request req;
//   req.level = "province";
//   req.assessment = chitieu::period::half(2020, 1);
//   auto a = chitieu::assess(obs, vietnam, indicators, plan, req);
//
// For every target of the plan at `level` whose plan period contains the
// assessment period (targets_at, plan.hpp), the windows are
//   * to date: from the start of the plan period to the end of the assessment;
//   * the same window a year earlier (same period last year, year on year);
//   * for change targets, the baseline: a stock's value over the baseline
//     period, for a flow the same span of the baseline period (like for like);
// and one engine rollup computes all of them. The join of actuals and targets,
// the measures (measures.hpp), status, year-on-year change and the rank among
// sibling units are computed here too; the result is columns, one row per
// target family (indicator x unit x plan period x kind).
#pragma once

#include <chitieu/hierarchy.hpp>
#include <chitieu/indicator.hpp>
#include <chitieu/measures.hpp>
#include <chitieu/observations.hpp>
#include <chitieu/period.hpp>
#include <chitieu/plan.hpp>
#include <chitieu/rollup.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chitieu {

class series_index;

/// What ranks siblings: the share of the plan (direction-aware) or the value in
/// the indicator's direction.
enum class rank_basis : std::uint8_t { pct_of_plan, value };
std::string_view to_string(rank_basis);
rank_basis parse_rank_basis(std::string_view);

struct assess_request {
    std::string level;
    period assessment;
    /// The plan version in force at `choice.as_of`, or `choice.version`;
    /// neither: in force at the assessment period's last day.
    version_choice choice;
    std::vector<std::string> units;  ///< keep units that are or lie under these
    thresholds limits;
    rank_basis rank_by = rank_basis::pct_of_plan;
    int threads = 0;
};

/// Columns of an assessment, one row per target family of `targets`.
struct assessment {
    level_targets targets;  ///< the plan side (targets_at)
    std::vector<period> value_window, last_year_window;
    std::vector<std::optional<period>> baseline_window;
    std::vector<double> value;     ///< the indicator over the window to date
    std::vector<double> coverage;  ///< of `value`: reporting / expected units, in %
    std::vector<double> baseline_value, actual;
    std::vector<double> same_period_last_year, yoy_pct, yoy_pp;
    std::vector<double> yoy_change;  ///< value - same_period_last_year, in the unit

    measure_outputs measures;
    std::vector<std::int32_t> rank;  ///< among siblings, 1 the best; 0 unranked
    /// Rows with a target or data (rows with neither say nothing).
    std::vector<std::uint8_t> keep;

    std::size_t size() const noexcept { return targets.size(); }
};

/// Throws unknown_code for an unknown level or unit, input_error when no plan
/// period contains the assessment period. With `series`, the observations were
/// built over its expanded catalog (categories are totalled over).
assessment assess(const observations& obs, const hierarchy& units,
                  const catalog& indicators, const plan& targets,
                  const assess_request& request, const series_index* series = nullptr);

/// The same in three steps, for data that arrive in blocks (Dask partitions,
/// record batches of a Parquet dataset): the targets and windows, which need no
/// data; the one rollup they need, which each block runs into a partial state
/// (rollup.hpp) to be merged and finished once; the rest from its rows.
///
///   auto a = chitieu::assess_targets(units, indicators, plan, req);
///   auto request = chitieu::assess_rollup(a, req);  // each block: partial_rollup
///   chitieu::assess_from_rollup(a, finish(merged), units, indicators, req);
///
/// assess(...) is exactly these steps over one set of observations.
assessment assess_targets(const hierarchy& units, const catalog& indicators,
                          const plan& targets, const assess_request& request);

/// The rollup request of an assessment's windows (empty targets: nothing to roll).
rollup_request assess_rollup(const assessment& a, const assess_request& request);

/// Fill `a` (from assess_targets) from the rows of its rollup: actuals,
/// coverage, measures, status, year on year, ranks. `rolled.indicator` holds
/// catalog ids of `indicators` (with categories: the rows of a rollup that
/// keeps none, see series.hpp).
void assess_from_rollup(assessment& a, const rollup_result& rolled,
                        const hierarchy& units, const catalog& indicators,
                        const assess_request& request);

}  // namespace chitieu
