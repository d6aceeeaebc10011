// Phasing: how much of a target is expected by a day of its plan period.
#include <chitieu/detail/message.hpp>
#include <chitieu/plan.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace greg = boost::gregorian;

namespace chitieu {

using detail::number;

phasing phasing::linear(elapsed_by by) {
    phasing p;
    p.by_ = by;
    return p;
}

phasing phasing::profile(period_kind step, std::vector<double> cumulative) {
    if(cumulative.empty())
        throw input_error("a phasing profile needs at least one share");
    if(step == period_kind::span || step == period_kind::range ||
       step == period_kind::week)
        throw input_error(std::string("a phasing profile steps by day, month, quarter, "
                                      "half or year, not ") +
                          to_string(step));
    double prev = 0;
    for(std::size_t i = 0; i < cumulative.size(); ++i) {
        const double x = cumulative[i];
        const std::string at =
            "phasing profile share " + std::to_string(i + 1) + " (" + number(x) + ")";
        if(!std::isfinite(x) || x < 0 || x > 1)
            throw input_error(at + " is not a cumulative share within [0, 1]");
        if(x < prev)
            throw input_error(at + " is below the one before (" + number(prev) +
                              "): cumulative shares never decrease");
        prev = x;
    }
    if(std::fabs(cumulative.back() - 1.0) > 1e-9)
        throw input_error("phasing profile ends at " + number(cumulative.back()) +
                          ", not 1: the last cumulative share is the whole target");
    cumulative.back() = 1.0;
    phasing p;
    p.step_ = step;
    p.cumulative_ = std::move(cumulative);
    return p;
}

phasing phasing::from_paths(period_kind step,
                            const std::vector<std::vector<double>>& paths) {
    std::vector<double> sum;
    std::size_t used = 0;
    for(const auto& path : paths) {
        if(path.empty()) continue;
        if(!sum.empty() && path.size() != sum.size())
            throw input_error("past paths have different lengths (" +
                              std::to_string(sum.size()) + " and " +
                              std::to_string(path.size()) + " steps)");
        const double total = path.back();
        if(!std::isfinite(total) || total == 0) continue;
        if(std::any_of(
               path.begin(), path.end(), [](double x) { return !std::isfinite(x); }))
            continue;
        sum.resize(path.size(), 0.0);
        for(std::size_t k = 0; k < path.size(); ++k) sum[k] += path[k] / total;
        ++used;
    }
    if(used == 0)
        throw input_error(
            "no past period has a complete path with a non-zero end "
            "value to take a seasonal shape from");
    for(auto& x : sum) x /= static_cast<double>(used);
    sum.back() = 1.0;
    phasing p;
    p.step_ = step;
    p.cumulative_ = std::move(sum);
    return p;
}

double phasing::expected_share(const period& plan_period, greg::date through) const {
    const period upto = period::day(through);
    if(is_linear()) return upto.elapsed_fraction(plan_period, by_);
    if(through < plan_period.first()) return 0.0;
    if(through >= plan_period.last()) return 1.0;
    const auto steps = plan_period.children(step_);
    if(steps.size() != cumulative_.size() || steps.empty() ||
       steps.front().first() != plan_period.first() ||
       steps.back().last() != plan_period.last())
        throw input_error("the phasing profile has " +
                          std::to_string(cumulative_.size()) + " " + to_string(step_) +
                          " shares but the plan period " + plan_period.to_string() +
                          " has " + std::to_string(steps.size()) + " " +
                          to_string(step_) + "s");
    const auto k = static_cast<std::size_t>(
        std::find_if(steps.begin(),
                     steps.end(),
                     [&](const period& s) { return s.contains(through); }) -
        steps.begin());
    const double before = k == 0 ? 0.0 : cumulative_[k - 1];
    const double within = upto.elapsed_fraction(steps[k], elapsed_by::months);
    return before + (cumulative_[k] - before) * within;
}

}  // namespace chitieu
