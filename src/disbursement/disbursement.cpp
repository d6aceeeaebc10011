#include <chitieu/disbursement.hpp>

#include <algorithm>
#include <string>

namespace greg = boost::gregorian;

namespace chitieu {
namespace {

std::string share_text(double s) {
    return std::to_string(s * 100.0) + "%";
}

// Validated (day, share) points starting from (31 December of the previous
// year, 0).
std::vector<std::pair<long, double>> checked_points(
    int year, std::vector<std::pair<greg::date, double>> points) {
    std::vector<std::pair<long, double>> out;
    const auto start = period::year(year).first() - greg::days(1);
    out.emplace_back(static_cast<long>(start.day_number()), 0.0);
    for(const auto& [date, share] : points) {
        const std::string where = "schedule point " + period::day(date).to_string() +
                                  " (" + share_text(share) + ")";
        if(!(share >= 0.0 && share <= 1.0 + 1e-12))
            throw input_error(where +
                              ": a cumulative share must lie within 0% and 100%");
        if(date <= start)
            throw input_error(where + " lies before fiscal year " +
                              std::to_string(year));
        const auto day = static_cast<long>(date.day_number());
        if(day <= out.back().first) throw input_error(where + ": dates must increase");
        if(share + 1e-12 < out.back().second)
            throw input_error(
                where +
                ": cumulative shares must not decrease (the previous point has " +
                share_text(out.back().second) + ")");
        out.emplace_back(day, std::min(share, 1.0));
    }
    if(out.size() < 2) throw input_error("a schedule needs at least one point");
    return out;
}

}  // namespace

schedule schedule::profile(int fiscal_year,
                           const std::vector<std::pair<int, double>>& month_shares) {
    std::vector<std::pair<greg::date, double>> points;
    for(const auto& [m, share] : month_shares) {
        if(m < 1 || m > 24)
            throw input_error("schedule month " + std::to_string(m) +
                              " is outside 1-24 (months of fiscal year " +
                              std::to_string(fiscal_year) + " and the next)");
        const int y = fiscal_year + (m - 1) / 12;
        points.emplace_back(period::month(y, (m - 1) % 12 + 1).last(), share);
    }
    schedule s;
    s.year_ = fiscal_year;
    s.points_ = checked_points(fiscal_year, std::move(points));
    return s;
}

schedule schedule::tranches(int fiscal_year,
                            const std::vector<std::pair<greg::date, std::int64_t>>& t) {
    auto sorted = t;
    std::sort(sorted.begin(), sorted.end());
    long double total = 0;
    for(const auto& [date, amount] : sorted) {
        if(amount < 0)
            throw input_error("tranche of " + std::to_string(amount) + " on " +
                              period::day(date).to_string() + " is negative");
        total += static_cast<long double>(amount);
    }
    if(total <= 0)
        throw input_error("tranches of fiscal year " + std::to_string(fiscal_year) +
                          " add up to nothing");
    std::vector<std::pair<greg::date, double>> points;
    long double running = 0;
    for(const auto& [date, amount] : sorted) {
        running += static_cast<long double>(amount);
        const auto share = static_cast<double>(running / total);
        if(!points.empty() && points.back().first == date)
            points.back().second = share;
        else
            points.emplace_back(date, share);
    }
    schedule s;
    s.year_ = fiscal_year;
    s.points_ = checked_points(fiscal_year, std::move(points));
    return s;
}

double schedule::share_at(greg::date d) const noexcept {
    const auto day = static_cast<long>(d.day_number());
    if(day <= points_.front().first) return 0.0;
    if(day >= points_.back().first) return points_.back().second;
    const auto hi = std::upper_bound(
        points_.begin(), points_.end(), day, [](long v, const auto& p) {
            return v < p.first;
        });
    const auto lo = hi - 1;
    const double t = static_cast<double>(day - lo->first) /
                     static_cast<double>(hi->first - lo->first);
    return lo->second + t * (hi->second - lo->second);
}

disbursement_measures measure_disbursement(
    const std::vector<std::int64_t>& allocated,
    const std::vector<std::int64_t>& disbursed,
    const std::vector<std::int64_t>& planned_to_date,
    const std::vector<double>& year_end_share, double threshold) {
    const auto n = allocated.size();
    if(disbursed.size() != n || planned_to_date.size() != n ||
       year_end_share.size() != n)
        throw input_error(
            "disbursement measures need columns of one length: " + std::to_string(n) +
            " allocated, " + std::to_string(disbursed.size()) + " disbursed, " +
            std::to_string(planned_to_date.size()) + " planned, " +
            std::to_string(year_end_share.size()) + " year-end shares");
    if(!(threshold > 0.0))
        throw input_error("at-risk threshold must be positive, not " +
                          std::to_string(threshold));
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    disbursement_measures m;
    m.disbursement_rate.resize(n);
    m.gap.resize(n);
    m.schedule_adherence.resize(n);
    m.projected_year_end.resize(n);
    m.projected_rate.resize(n);
    m.at_risk.resize(n);
    m.over_disbursed.resize(n);
    for(std::size_t i = 0; i < n; ++i) {
        const auto a = static_cast<double>(allocated[i]);
        const auto d = static_cast<double>(disbursed[i]);
        const auto p = static_cast<double>(planned_to_date[i]);
        m.disbursement_rate[i] = allocated[i] != 0 ? d / a : nan;
        if(__builtin_sub_overflow(planned_to_date[i], disbursed[i], &m.gap[i]))
            throw overflow_error("disbursement gap of row " + std::to_string(i) +
                                 " exceeds int64");
        m.schedule_adherence[i] = planned_to_date[i] != 0 ? d / p : nan;
        const double pace = planned_to_date[i] != 0 ? d / p : 1.0;
        const double remaining = std::max(0.0, a * year_end_share[i] - p);
        m.projected_year_end[i] = d + pace * remaining;
        m.projected_rate[i] = allocated[i] != 0 ? m.projected_year_end[i] / a : nan;
        m.at_risk[i] = allocated[i] > 0 && m.projected_rate[i] < threshold;
        m.over_disbursed[i] = disbursed[i] > allocated[i];
    }
    return m;
}

disbursement_measures measure_disbursement(const disbursement_inputs& in) {
    const auto n = in.allocated.size();
    if(in.carried_over.size() != n || in.planned_year_end.size() != n)
        throw input_error("disbursement measures need columns of one length: " +
                          std::to_string(n) + " allocated, " +
                          std::to_string(in.carried_over.size()) + " carried over, " +
                          std::to_string(in.planned_year_end.size()) +
                          " planned by year end");
    std::vector<double> share(n, 1.0);
    for(std::size_t i = 0; i < n; ++i)
        if(in.allocated[i] > 0)
            share[i] = static_cast<double>(in.planned_year_end[i]) /
                       static_cast<double>(in.allocated[i]);
    auto m = measure_disbursement(
        in.allocated, in.disbursed, in.planned_to_date, share, in.threshold_pct / 100);
    for(auto* rates : {&m.disbursement_rate, &m.schedule_adherence, &m.projected_rate})
        for(auto& r : *rates) r *= 100;
    m.rate_incl_carry_over.resize(n);
    for(std::size_t i = 0; i < n; ++i) {
        std::int64_t available = 0;
        const bool fits =
            !__builtin_add_overflow(in.allocated[i], in.carried_over[i], &available);
        m.rate_incl_carry_over[i] =
            fits && available > 0
                ? 100.0 * static_cast<double>(in.disbursed[i]) /
                      static_cast<double>(available)
                : std::numeric_limits<double>::quiet_NaN();
    }
    return m;
}

std::vector<std::int64_t> running_totals(const std::int64_t* values, std::size_t rows,
                                         std::size_t cols) {
    std::vector<std::int64_t> out(rows * cols);
    for(std::size_t r = 0; r < rows; ++r) {
        std::int64_t total = 0;
        for(std::size_t c = 0; c < cols; ++c) {
            if(__builtin_add_overflow(total, values[r * cols + c], &total))
                throw overflow_error("running total of row " + std::to_string(r) +
                                     " exceeds int64 đồng");
            out[r * cols + c] = total;
        }
    }
    return out;
}

std::vector<double> percent_of(const std::int64_t* part, const std::int64_t* whole,
                               std::size_t n) {
    std::vector<double> out(n);
    for(std::size_t i = 0; i < n; ++i)
        out[i] = whole[i] != 0 ? 100.0 * static_cast<double>(part[i]) /
                                     static_cast<double>(whole[i])
                               : std::numeric_limits<double>::quiet_NaN();
    return out;
}

}  // namespace chitieu
