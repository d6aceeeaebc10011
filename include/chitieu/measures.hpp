// Achievement measures over the small arrays of an assessment (one row per
// indicator x unit): % of plan, expected %, pace, projections, status, change
// against a baseline, year on year, rank among siblings.
//
// Every measure is exact arithmetic on doubles; nothing is rounded here. Reports
// round for display ("đạt 61,53%" truncates 61.538...), which is `round_display`.
// A measure that cannot be computed is NaN with a reason, never an infinity.
#pragma once

#include <chitieu/error.hpp>
#include <chitieu/indicator.hpp>
#include <chitieu/plan.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string_view>
#include <vector>

namespace chitieu {

/// Why pct_of_plan is missing.
enum class missing_reason : std::uint8_t {
    none,
    no_target,       ///< no target (or its value is missing)
    zero_target,     ///< the target is 0: a share of it is undefined
    partial_target,  ///< only some children have targets: their sum is not the unit's
    not_additive,    ///< children have targets that cannot be summed
    no_actual,       ///< no data for the unit in the period
    no_baseline,     ///< change target: no data for the baseline period
    zero_baseline,   ///< percent change from a baseline of 0
};
enum class status : std::uint8_t { unknown, met, on_track, at_risk, off_track };

const char* to_string(missing_reason) noexcept;
const char* to_string(status) noexcept;
missing_reason parse_missing_reason(std::string_view);

/// Status thresholds on the ratio r of achievement to expectation (see
/// `status_of`): on_track when r >= on_track, at_risk when r >= at_risk, else
/// off_track. An `exact` target is reached within exact_tolerance x |target|.
struct thresholds {
    double on_track = 0.95;
    double at_risk = 0.80;
    double exact_tolerance = 0.005;
    /// Throws input_error unless 0 <= at_risk <= on_track (finite) and
    /// 0 <= exact_tolerance.
    void check() const;
};

namespace detail {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
}

/// The value achievement is measured against: the target, or for a range the
/// end that is the commitment in the indicator's direction (lo when higher is
/// better, hi when lower is better: "reduce by 1 to 1.5 points" commits to -1).
inline double goal_of(target_bound bound, direction better, double value, double lo,
                      double hi) noexcept {
    if(bound != target_bound::range) return value;
    return better == direction::higher_is_better ? lo : hi;
}

/// +1 when more is better against this target, -1 when less is, 0 for exact.
inline int good_direction(target_bound bound, direction better) noexcept {
    switch(bound) {
        case target_bound::at_least:
            return 1;
        case target_bound::at_most:
            return -1;
        case target_bound::range:
        case target_bound::by_direction:
            return better == direction::higher_is_better ? 1 : -1;
        case target_bound::exact:
            return 0;
    }
    return 0;
}

/// A target to accumulate towards (more of it in the good direction is better:
/// at least 24,000 jobs, at most -1 point) rather than an allowance not to use up
/// (at most 500 accidents, at least -2%: a cap or a floor). Exact targets are
/// neither.
inline bool is_amount(int good, double goal) noexcept {
    return (good > 0 && goal > 0) || (good < 0 && goal < 0);
}

/// Signed change of `value` from `baseline`: points (value - baseline) or
/// percent of |baseline|. NaN with no_baseline / zero_baseline where undefined.
inline double change_of(double value, double baseline, change_unit unit,
                        missing_reason& why) noexcept {
    why = missing_reason::none;
    if(!std::isfinite(baseline)) {
        why = missing_reason::no_baseline;
        return detail::nan;
    }
    if(unit == change_unit::percent) {
        if(baseline == 0) {
            why = missing_reason::zero_baseline;
            return detail::nan;
        }
        return (value - baseline) / std::fabs(baseline) * 100.0;
    }
    return value - baseline;
}

/// actual / goal x 100; NaN with no_target, zero_target or no_actual.
inline double pct_of_plan(double actual, double goal, missing_reason& why) noexcept {
    why = missing_reason::none;
    if(!std::isfinite(goal))
        why = missing_reason::no_target;
    else if(!std::isfinite(actual))
        why = missing_reason::no_actual;
    else if(goal == 0)
        why = missing_reason::zero_target;
    return why == missing_reason::none ? actual / goal * 100.0 : detail::nan;
}

/// One row of an assessment, as the status rule sees it.
struct status_input {
    target_kind kind;
    target_bound bound;
    direction better;
    double actual;    ///< YTD total, current level, or change so far
    double goal;      ///< goal_of(...)
    double expected;  ///< expected share 0..1 (totals and changes)
    bool final;       ///< the plan period is over
};

/// The status rule:
///  * met: the goal is reached (at_least: actual >= goal, at_most: <=, range: the
///    commitment end reached or passed, exact: within the tolerance). For a cap
///    or a floor (see is_amount) and for exact totals and changes, only once the
///    plan period is over: the rest of the period could still break it.
///  * after the plan period, a target not met is off_track.
///  * levels in progress: r = 1 - shortfall / |goal| (how close the value is).
///  * totals and changes in progress: p = actual / (goal x expected), the pace;
///    r = p for amounts, 1 / p for caps and floors (using less of an allowance
///    than expected is good; r = +inf when p <= 0), min(p, 1/p) for exact. With
///    nothing expected yet (expected = 0) a target not yet met is on_track; a
///    zero goal not reached is off_track.
///  * r >= on_track: on_track; r >= at_risk: at_risk; else off_track.
///  * unknown when the actual, the goal or the expected share is missing.
inline status status_of(const status_input& in, const thresholds& th) noexcept {
    const double a = in.actual, goal = in.goal;
    if(!std::isfinite(a) || !std::isfinite(goal)) return status::unknown;
    const int good = good_direction(in.bound, in.better);
    const double gap = a - goal;
    const bool reached = good == 0
                             ? std::fabs(gap) <= th.exact_tolerance * std::fabs(goal)
                             : good * gap >= 0;
    const auto grade = [&](double r) {
        if(r >= th.on_track) return status::on_track;
        if(r >= th.at_risk) return status::at_risk;
        return status::off_track;
    };
    if(in.kind == target_kind::level) {
        if(reached) return status::met;
        if(in.final) return status::off_track;
        if(goal == 0) return status::off_track;
        const double shortfall = good == 0 ? std::fabs(gap) : -good * gap;
        return grade(1.0 - shortfall / std::fabs(goal));
    }
    const bool amount = is_amount(good, goal);
    if(reached && (amount || in.final)) return status::met;
    if(in.final) return status::off_track;
    if(!std::isfinite(in.expected)) return status::unknown;
    if(in.expected <= 0) return status::on_track;
    if(goal == 0) return reached ? status::on_track : status::off_track;
    const double p = a / (goal * in.expected);
    if(good == 0) return grade(p <= 0 ? 0.0 : std::min(p, 1.0 / p));
    if(amount) return grade(p);
    return grade(p <= 0 ? std::numeric_limits<double>::infinity() : 1.0 / p);
}

/// A score for ranking, higher is better: pct_of_plan for amounts, -pct_of_plan
/// for caps and floors, -|pct_of_plan - 100| for exact targets. NaN: unranked.
inline double rank_score(target_bound bound, direction better, double goal,
                         double pct) noexcept {
    const int good = good_direction(bound, better);
    if(good == 0) return -std::fabs(pct - 100.0);
    return is_amount(good, goal) ? pct : -pct;
}

/// Column views of an assessment's rows (enums as their uint8 values).
struct measure_inputs {
    std::size_t size = 0;
    const std::uint8_t* kind = nullptr;    ///< target_kind
    const std::uint8_t* bound = nullptr;   ///< target_bound
    const std::uint8_t* better = nullptr;  ///< direction
    /// A reason already known from the plan side (no_target, partial_target,
    /// not_additive) or the change computation (no_baseline, zero_baseline).
    const std::uint8_t* reason = nullptr;
    const std::uint8_t* final = nullptr;
    const double* actual = nullptr;
    const double* value = nullptr;  ///< target value (NaN for ranges)
    const double* lo = nullptr;
    const double* hi = nullptr;
    const double* expected = nullptr;  ///< expected share 0..1, NaN for levels
    const double* elapsed = nullptr;   ///< elapsed time share 0..1
};

struct measure_outputs {
    std::vector<double> goal, pct_of_plan, expected_pct, pace, projected_run_rate,
        projected_phased, score;
    std::vector<std::uint8_t> reason, status;
};

/// Per row: goal, pct_of_plan with its missing reason, expected_pct (expected x
/// 100), pace (pct_of_plan / expected_pct, NaN when nothing is expected yet),
/// the run-rate projection actual / elapsed and the phased projection actual /
/// expected (totals and changes; NaN for levels and at zero elapsed or
/// expected), status (status_of) and the rank score. A row whose target is not
/// usable (partial, not additive) has status unknown.
inline measure_outputs measure(const measure_inputs& in, const thresholds& th) {
    th.check();
    const std::size_t n = in.size;
    measure_outputs out;
    for(auto* v : {&out.goal,
                   &out.pct_of_plan,
                   &out.expected_pct,
                   &out.pace,
                   &out.projected_run_rate,
                   &out.projected_phased,
                   &out.score})
        v->resize(n);
    out.reason.resize(n);
    out.status.resize(n);
    for(std::size_t i = 0; i < n; ++i) {
        const auto kind = static_cast<target_kind>(in.kind[i]);
        const auto bound = static_cast<target_bound>(in.bound[i]);
        const auto better = static_cast<direction>(in.better[i]);
        const double actual = in.actual[i], expected = in.expected[i];
        const double goal = goal_of(bound, better, in.value[i], in.lo[i], in.hi[i]);
        auto why = static_cast<missing_reason>(in.reason[i]);
        double pct = detail::nan;
        if(why == missing_reason::none) pct = pct_of_plan(actual, goal, why);
        const bool usable = why == missing_reason::none ||
                            why == missing_reason::zero_target ||
                            why == missing_reason::no_actual;
        const double expected_pct = expected * 100.0;
        const bool progress = kind != target_kind::level;
        out.goal[i] = goal;
        out.pct_of_plan[i] = pct;
        out.reason[i] = static_cast<std::uint8_t>(why);
        out.expected_pct[i] = expected_pct;
        out.pace[i] = expected > 0 ? pct / expected_pct : detail::nan;
        out.projected_run_rate[i] =
            progress && in.elapsed[i] > 0 ? actual / in.elapsed[i] : detail::nan;
        out.projected_phased[i] =
            progress && expected > 0 ? actual / expected : detail::nan;
        out.status[i] = static_cast<std::uint8_t>(
            usable
                ? status_of(
                      {kind, bound, better, actual, goal, expected, in.final[i] != 0},
                      th)
                : status::unknown);
        out.score[i] = rank_score(bound, better, goal, pct);
    }
    return out;
}

/// (value - last) / |last| x 100; NaN when last is missing or 0.
inline double yoy_pct(double value, double last) noexcept {
    if(!std::isfinite(last) || last == 0) return detail::nan;
    return (value - last) / std::fabs(last) * 100.0;
}

/// value - last: the change in points, for rates.
inline double yoy_pp(double value, double last) noexcept {
    return value - last;
}

/// Rank within groups by score, 1 the best (highest score). Ties share the best
/// rank of their run and the next rank skips ("1, 2, 2, 4", standard competition
/// ranking); a NaN score is unranked (0). Groups are any int32 labels.
inline std::vector<std::int32_t> rank_within(const std::int32_t* group,
                                             const double* score, std::size_t n) {
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if(group[a] != group[b]) return group[a] < group[b];
        const bool na = std::isnan(score[a]), nb = std::isnan(score[b]);
        if(na != nb) return nb;  // ranked rows first
        if(!na && score[a] != score[b]) return score[a] > score[b];
        return a < b;
    });
    std::vector<std::int32_t> rank(n, 0);
    std::int32_t pos = 0;
    for(std::size_t k = 0; k < n; ++k) {
        const auto i = order[k];
        const bool new_group = k == 0 || group[order[k - 1]] != group[i];
        pos = new_group ? 1 : pos + 1;
        if(std::isnan(score[i])) continue;
        const bool tie = !new_group && score[order[k - 1]] == score[i];
        rank[i] = tie ? rank[order[k - 1]] : pos;
    }
    return rank;
}

/// Display rounding of a percentage or value to `decimals` places: half away
/// from zero, or truncation toward zero ("đạt 61,53%" for 61.538...). Values
/// within 1e-6 of a step of the scaled value count as on it, so binary noise
/// (41.65 stored as 41.6499999...) does not move a digit. NaN stays NaN.
enum class rounding : std::uint8_t { half_up, truncate };
rounding parse_rounding(std::string_view);

inline double round_display(double x, int decimals, rounding mode) noexcept {
    if(!std::isfinite(x)) return x;
    const double scale = std::pow(10.0, decimals);
    double s = x * scale;
    const double snapped = std::nearbyint(s * 1e6) / 1e6;
    if(std::fabs(snapped) < 1e15) s = snapped;
    const double r = mode == rounding::truncate
                         ? std::trunc(s)
                         : std::copysign(std::floor(std::fabs(s) + 0.5), s);
    return r / scale;
}

}  // namespace chitieu
