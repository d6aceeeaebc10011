// Disbursement ("giải ngân"): planned schedules of cumulative disbursement and
// the measures that compare money paid with money allocated and planned.
//
// Aggregating payments is the rollup engine's job (exact int64 money, mergeable
// states); this header holds what is particular to money against a schedule:
// validated schedules, planned-to-date amounts in exact đồng, and the per-row
// measures (rate, gap, adherence, projection, risk) over the small result.
//
//   auto s = chitieu::schedule::profile(2020, {{3, 0.15}, {6, 0.45}, {9, 0.70},
//   {12, 1.0}}); s.share_at(boost::gregorian::date(2020, 6, 30));   // 0.45
#pragma once

#include <chitieu/error.hpp>
#include <chitieu/period.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace chitieu {

/// The planned cumulative share of a fiscal year's allocation, by date: points
/// (date, share) joined by straight lines, 0 before the year starts. Between two
/// points the plan grows evenly by day; after the last point it stays flat.
class schedule {
public:
    /// Cumulative shares at the end of month `m` of the fiscal year (m = 1..24,
    /// so "95% by 31 January of the next year" is {13, 0.95}). Shares must be
    /// within [0, 1] and must not decrease; months must increase.
    static schedule profile(int fiscal_year,
                            const std::vector<std::pair<int, double>>& month_shares);
    /// Even disbursement over the fiscal year: 100% on 31 December.
    static schedule linear(int fiscal_year) {
        return profile(fiscal_year, {{12, 1.0}});
    }
    /// Dated tranches of money (date, amount >= 0); shares are the cumulative
    /// amounts over their total.
    static schedule tranches(
        int fiscal_year,
        const std::vector<std::pair<boost::gregorian::date, std::int64_t>>& t);

    int fiscal_year() const noexcept { return year_; }
    /// The planned cumulative share by the end of day `d`.
    double share_at(boost::gregorian::date d) const noexcept;
    /// floor(share_at(d) * allocated): planned money to date in whole đồng.
    std::int64_t planned_at(boost::gregorian::date d, std::int64_t allocated) const {
        const auto v = std::floor(static_cast<long double>(allocated) * share_at(d));
        return static_cast<std::int64_t>(v);
    }
    const std::vector<std::pair<long, double>>& points() const noexcept {
        return points_;
    }

private:
    int year_ = 0;
    std::vector<std::pair<long, double>> points_;  // (day number, cumulative share)
};

/// Per-row measures of disbursement against allocation and schedule. Inputs are
/// exact đồng; ratios are NaN where their denominator is zero (never inf).
struct disbursement_measures {
    std::vector<double> disbursement_rate;     ///< disbursed / allocated
    std::vector<std::int64_t> gap;             ///< planned_to_date - disbursed
    std::vector<double> schedule_adherence;    ///< disbursed / planned_to_date
    std::vector<double> projected_year_end;    ///< see measure_disbursement
    std::vector<double> projected_rate;        ///< projected_year_end / allocated
    std::vector<std::uint8_t> at_risk;         ///< projected_rate < threshold
    std::vector<std::uint8_t> over_disbursed;  ///< disbursed > allocated
    /// disbursed / (allocated + carried_over); only from disbursement_inputs.
    std::vector<double> rate_incl_carry_over;
};

/// The money columns of a disbursement table, one row per unit x group, in
/// exact đồng as the rollup engine totalled them, and the at-risk threshold on
/// the projected rate, in percent.
struct disbursement_inputs {
    std::vector<std::int64_t> allocated, carried_over, disbursed, planned_to_date,
        planned_year_end;
    double threshold_pct = 95;
};

/// The pace so far applied to the rest of the schedule:
///   projected = disbursed + adherence * (allocated * year_end_share - planned_to_date)
/// where adherence = disbursed / planned_to_date (1 when nothing was planned
/// yet) and year_end_share is the schedule's share on 31 December. A unit paying
/// at 80% of its schedule is projected to end at 80% of what remains planned.
/// `at_risk` compares projected / allocated with `threshold` (default 95%).
disbursement_measures measure_disbursement(
    const std::vector<std::int64_t>& allocated,
    const std::vector<std::int64_t>& disbursed,
    const std::vector<std::int64_t>& planned_to_date,
    const std::vector<double>& year_end_share, double threshold = 0.95);

/// The same from the totals, every rate in percent (as the reports print
/// them): the year-end share is planned_year_end / allocated (1 where nothing is
/// allocated), plus the rate including carry-over.
disbursement_measures measure_disbursement(const disbursement_inputs& in);

/// Running totals along each row of a rows x cols matrix (row-major): the
/// cumulative disbursement of each unit x group by month. Throws
/// overflow_error naming the row when a total exceeds int64.
std::vector<std::int64_t> running_totals(const std::int64_t* values, std::size_t rows,
                                         std::size_t cols);

/// 100 * part / whole per row, NaN where whole is 0: shares of exact amounts
/// in percent (an S-curve's disbursed and planned rates).
std::vector<double> percent_of(const std::int64_t* part, const std::int64_t* whole,
                               std::size_t n);

}  // namespace chitieu
