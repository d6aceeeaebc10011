// Plans: targets per indicator x unit x plan period, their versions, phasing of
// annual totals, and the targets of one assessment level (given there directly,
// or rolled up from the level below when that is complete).
//
//   chitieu::plan p;
//   p.add(chitieu::target::total("jobs_created", "01", period::year(2020), 24000));
//   auto at = chitieu::targets_at(p, vietnam, indicators,
//   vietnam.level_index("province"),
//                                 period::half(2020, 1), {});
//
// A plan is independent of catalogs and hierarchies (targets hold codes);
// `check` and `targets_at` resolve the codes and name every unknown one.
#pragma once

#include <chitieu/error.hpp>
#include <chitieu/hierarchy.hpp>
#include <chitieu/indicator.hpp>
#include <chitieu/period.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chitieu {

/// `total`: a flow to accumulate over the plan period (jobs created in the year).
/// `level`: a value to be at by the end of the plan period (a rate of at least 52.5%).
/// `change`: a signed change from the value at the end of a baseline period
/// (reduce the poverty rate by 1 to 1.5 points: range -1.5 .. -1.0).
enum class target_kind : std::uint8_t { total, level, change };
/// at_least / at_most / exact a value, or within a range lo..hi; by_direction
/// (the default) is at_least for a higher-is-better indicator and at_most for a
/// lower-is-better one, resolved against the catalog when targets are read
/// (plan.targets_at): "giảm 3%" of the poverty rate entered as -3 is a ceiling,
/// never silently a floor.
enum class target_bound : std::uint8_t {
    at_least,
    at_most,
    exact,
    range,
    by_direction
};
/// Units of a change target: percentage points (or plain units) of the value,
/// or percent of the baseline value. `none` for totals and levels.
enum class change_unit : std::uint8_t { none, points, percent };
/// Where an assessed unit's target comes from. `none`: it has no target.
enum class target_source : std::uint8_t { direct, rolled_up, partial, none };

const char* to_string(target_kind) noexcept;
const char* to_string(target_bound) noexcept;
const char* to_string(change_unit) noexcept;
const char* to_string(target_source) noexcept;
/// Parse the names written by to_string; throw input_error naming the text.
target_kind parse_target_kind(std::string_view);
target_bound parse_target_bound(std::string_view);
change_unit parse_change_unit(std::string_view);

/// One target. Plain data; the static helpers build the common shapes.
struct target {
    static constexpr double missing = std::numeric_limits<double>::quiet_NaN();

    std::string indicator;  ///< indicator code
    std::string unit;       ///< org-unit code
    period plan_period;     ///< a year, a span 2021-2025, ...
    target_kind kind = target_kind::total;
    target_bound bound = target_bound::by_direction;
    /// The target value (NaN: the plan names the target but not its value).
    /// Unused (NaN) for a range, which has lo and hi.
    double value = missing;
    double lo = missing, hi = missing;
    std::optional<period> baseline;  ///< change targets only
    change_unit unit_of_change = change_unit::none;
    std::string version = "original";
    /// The date from which this version of the target is in force; none: from
    /// the start (before any dated version).
    std::optional<boost::gregorian::date> effective;

    static target total(std::string indicator, std::string unit, period p, double value,
                        target_bound bound = target_bound::by_direction);
    static target level(std::string indicator, std::string unit, period p, double value,
                        target_bound bound = target_bound::by_direction);
    static target change(std::string indicator, std::string unit, period p,
                         double value, period baseline, change_unit units,
                         target_bound bound = target_bound::by_direction);
    /// Turn a target into a range target lo..hi (checked when added to a plan).
    target& between(double low, double high);

    /// "jobs_created x 01 x 2020 (total, version original)", for messages.
    std::string describe() const;
};

/// The expected cumulative share of a `total` (or a stock's `change`) target by
/// a date inside its plan period.
///  * linear (default): the elapsed share of the plan period, by calendar months
///    (each month weighs the same, a partial month by its share of days) or by
///    days; exactly `period::elapsed_fraction`.
///  * profile: cumulative shares at the end of each step (month, quarter, ...) of
///    the plan period; between step ends the share moves linearly with the
///    elapsed part of the step (by months; by days inside a month).
class phasing {
public:
    phasing() = default;  ///< linear by months
    static phasing linear(elapsed_by by = elapsed_by::months);
    /// Cumulative shares, one per step of the plan period: finite, within [0, 1],
    /// non-decreasing, the last 1 (within 1e-9). Throws input_error naming the
    /// offending position.
    static phasing profile(period_kind step, std::vector<double> cumulative);
    /// The average seasonal shape of past periods: each path holds the cumulative
    /// progress at the end of each step of one past plan period (a flow's running
    /// total, or a stock's change since the baseline); each is divided by its
    /// last value and the shapes are averaged. Paths whose last value is zero or
    /// not finite are skipped; if none is left, input_error. The average need not
    /// be monotone (a stock may move back and forth).
    static phasing from_paths(period_kind step,
                              const std::vector<std::vector<double>>& paths);

    bool is_linear() const noexcept { return cumulative_.empty(); }
    elapsed_by by() const noexcept { return by_; }
    period_kind step() const noexcept { return step_; }
    const std::vector<double>& cumulative() const noexcept { return cumulative_; }

    /// The expected share (0 before the plan period, 1 at and after its end) by
    /// the end of day `through`. A profile whose step count differs from the plan
    /// period's is an input_error naming both.
    double expected_share(const period& plan_period,
                          boost::gregorian::date through) const;

private:
    elapsed_by by_ = elapsed_by::months;
    period_kind step_ = period_kind::month;
    std::vector<double> cumulative_;
};

/// Which version of each target an assessment uses.
///  * `version` set: that version where a target has it, else the latest earlier
///    version (in version order) that it has: the plan as it stood in `version`.
///  * otherwise: the version in force at `as_of` (effective date on or before it,
///    undated versions always), the latest effective date winning, ties to the
///    later version. Without `as_of`, every version is in force.
struct version_choice {
    std::optional<boost::gregorian::date> as_of;
    std::optional<std::string> version;
};

/// A plan's codes numbered: each distinct indicator, unit and version once, in
/// order of first appearance, and each target's numbers. Kept as targets are
/// added, so an assessment resolves each code once, not once a target.
struct plan_codes {
    std::vector<std::string> indicators, units, versions;  ///< by number
    std::vector<std::int32_t> indicator, unit, version;    ///< per target
};

class plan {
public:
    plan() = default;
    /// Check and add one target. Throws input_error naming the target for a range
    /// without finite lo <= hi, lo/hi on a non-range, an infinite value, a change
    /// without a baseline or unit (or a baseline that does not end before the
    /// plan period), a baseline or unit of change on a total or level, and a
    /// duplicate of (indicator, unit, plan period, kind, version).
    void add(target t);
    /// Add several, all or nothing.
    void add(std::vector<target> ts);

    /// Versions in order: by the earliest effective date of their targets
    /// (undated first), ties by first appearance; or as set here (every version
    /// of the plan must be named, others may be named ahead of their targets).
    std::vector<std::string> versions() const;
    void set_version_order(std::vector<std::string> names);

    /// Phasing of totals and of changes of stocks: the default, and per indicator.
    void set_phasing(phasing p) { default_phasing_ = std::move(p); }
    void set_phasing(const std::string& indicator, phasing p) {
        phasings_[indicator] = std::move(p);
    }
    const phasing& phasing_for(std::string_view indicator) const;
    const phasing& default_phasing() const noexcept { return default_phasing_; }
    const std::map<std::string, phasing, std::less<>>& phasings() const noexcept {
        return phasings_;
    }

    const std::vector<target>& targets() const noexcept { return targets_; }
    const plan_codes& codes() const noexcept { return codes_; }
    std::size_t size() const noexcept { return targets_.size(); }
    /// The distinct plan periods, ascending.
    std::vector<period> plan_periods() const;

    /// Resolve the codes: unknown indicators or units (all of them listed) are
    /// unknown_code; a total of an indicator that does not sum over time, or a
    /// change of such an indicator whose baseline is not of its plan period's
    /// kind, is input_error.
    void check(const hierarchy& units, const catalog& indicators) const;

    /// Indices into targets() of the version chosen for each (indicator, unit,
    /// plan period, kind); keys with no version in force are left out. An unknown
    /// `choice.version` is unknown_code listing the known ones.
    std::vector<std::size_t> choose(const version_choice& choice) const;

private:
    int version_rank(const std::string& name) const;

    std::vector<target> targets_;
    plan_codes codes_;
    std::vector<std::string> version_order_;  ///< explicit order, if set
    phasing default_phasing_;
    std::map<std::string, phasing, std::less<>> phasings_;
};

/// The plan side of an assessment at one level: one row per (target family:
/// indicator x plan period x kind) x unit of the level. Families are those of
/// the chosen targets at or below the level whose plan period contains the
/// assessment period.
struct level_targets {
    std::vector<std::int32_t> indicator;  ///< catalog id
    std::vector<std::int32_t> unit;       ///< hierarchy id
    std::vector<period> plan_period;
    std::vector<target_kind> kind;
    std::vector<target_bound>
        bound;  ///< resolved (never by_direction); at_least where source is none
    std::vector<double> value, lo, hi;
    std::vector<std::optional<period>> baseline;
    std::vector<change_unit> change;
    std::vector<target_source> source;
    /// The version used; for a roll-up, the children's versions in version
    /// order joined by "+" ("original+adjusted"). Empty where source is none.
    std::vector<std::string> version;
    /// Roll-ups: the children's level, how many children have a target and how
    /// many units that level has under the unit. -1, 0, 0 for direct targets.
    std::vector<std::int32_t> child_level, n_children, n_expected_children;
    /// Why there is no usable target: 0, or a missing_reason (measures.hpp):
    /// no_target, partial_target, not_additive.
    std::vector<std::uint8_t> reason;
    /// The indicator sums over time (a base flow, or derived from one): its
    /// change is measured like for like (year to date against the same span of
    /// the baseline period) and not phased.
    std::vector<std::uint8_t> flow_like;
    /// Expected share by the end of the assessment period (phasing): totals and
    /// changes of stocks; 1 for changes of flows; NaN for levels.
    std::vector<double> expected;
    /// Elapsed share of the plan period by the assessment period's end, by the
    /// phasing's measure (months unless a linear phasing by days).
    std::vector<double> elapsed;
    /// The assessment period reaches the end of the plan period.
    std::vector<std::uint8_t> final;

    std::size_t size() const noexcept { return indicator.size(); }
};

/// Targets of every unit of `level` (or of those of `units`, hierarchy ids of any
/// level: the units of `level` that are or lie under one) for the assessment
/// period. A unit with its own target uses it (direct). Otherwise, for a base
/// indicator that sums over units and a total or level target, the targets of
/// its nearest lower level that has any are summed (lo and hi for ranges): when
/// every unit of that level under it has one, `rolled_up`, else `partial` (the
/// sum of those there, not to be compared with the unit's actual). Children that
/// differ in bound, and other indicators or kinds, give `not_additive`. The two
/// sources never mix: a direct target is never added to its children's.
/// Throws input_error when no plan period contains `assessment`, and like
/// plan::check and plan::choose.
level_targets targets_at(const plan& p, const hierarchy& units,
                         const catalog& indicators, int level, const period& assessment,
                         const version_choice& choice,
                         const std::vector<std::int32_t>& only_units = {});

/// Whether an indicator sums over time: a base indicator with time rule sum, or
/// a derived one with such a part (recursively).
bool sums_over_time(const catalog& indicators, std::int32_t id);

}  // namespace chitieu
