// Assessment: windows, one engine rollup for all of them, the join of actuals
// and targets, measures, year on year and ranks.
#include <chitieu/assess.hpp>
#include <chitieu/rollup.hpp>
#include <chitieu/series.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

namespace chitieu {

std::string_view to_string(rank_basis b) {
    return b == rank_basis::value ? "value" : "pct_of_plan";
}

rank_basis parse_rank_basis(std::string_view text) {
    if(text == "pct_of_plan") return rank_basis::pct_of_plan;
    if(text == "value") return rank_basis::value;
    throw input_error("rank_by must be 'pct_of_plan' or 'value', not '" +
                      std::string(text) + "'");
}

namespace {

constexpr double no_value = std::numeric_limits<double>::quiet_NaN();

// A window that is exactly a calendar period is that period, so the engine
// works by month rather than by day (the same rows nest in both).
period calendar_or_range(const period& window) {
    const auto day = period::day(window.first());
    for(const auto kind : {period_kind::year,
                           period_kind::half,
                           period_kind::quarter,
                           period_kind::month}) {
        const auto p = day.parent(kind);
        if(p.first() == window.first() && p.last() == window.last()) return p;
    }
    return window;
}

// The windows of each row: to date, a year earlier, the baseline. Rows share
// a few plan periods: their windows are worked out once each.
void plan_windows(assessment& a, const period& when) {
    const auto& t = a.targets;
    std::map<period, std::pair<period, period>>
        windows_of;  // plan period: now, last year
    for(std::size_t i = 0; i < t.size(); ++i) {
        const auto& pp = t.plan_period[i];
        const auto to_date = period::range(pp.first(), when.last());
        auto found = windows_of.find(pp);
        if(found == windows_of.end())
            found = windows_of
                        .emplace(pp,
                                 std::make_pair(calendar_or_range(to_date),
                                                calendar_or_range(to_date.shift(-1))))
                        .first;
        a.value_window.push_back(found->second.first);
        a.last_year_window.push_back(found->second.second);
        std::optional<period> base;
        if(t.kind[i] == target_kind::change && t.baseline[i]) {
            const auto& b = *t.baseline[i];
            if(!t.flow_like[i]) {
                base = b;  // a stock's value at the end of the baseline period
            } else {       // like for like: the same span of the baseline period
                const int months = (static_cast<int>(b.first().year()) -
                                    static_cast<int>(pp.first().year())) *
                                       12 +
                                   (static_cast<int>(b.first().month()) -
                                    static_cast<int>(pp.first().month()));
                base = calendar_or_range(to_date.shift(0, months));
            }
        }
        a.baseline_window.push_back(base);
    }
}

// The engine's rows of a rollup by (indicator, hierarchy unit, period).
class actuals {
public:
    explicit actuals(const rollup_result& r) : r_(r) {
        for(std::size_t p = 0; p < r_.periods.size(); ++p)
            period_.emplace(r_.periods[p], static_cast<std::int32_t>(p));
        for(std::size_t k = 0; k < r_.size(); ++k)
            row_.emplace(key(r_.indicator[k],
                             r_.unit_ids[static_cast<std::size_t>(r_.unit[k])],
                             r_.bucket[k]),
                         k);
    }
    /// The row of (indicator, unit, window), or -1.
    std::int64_t find(std::int32_t ind, std::int32_t unit, const period& w) const {
        const auto p = period_.find(w);
        if(p == period_.end()) return -1;
        const auto it = row_.find(key(ind, unit, p->second));
        return it == row_.end() ? -1 : static_cast<std::int64_t>(it->second);
    }
    double value(std::int64_t k) const {
        return k < 0 ? no_value : r_.value[static_cast<std::size_t>(k)];
    }
    double coverage(std::int64_t k) const {
        if(k < 0) return no_value;
        const auto i = static_cast<std::size_t>(k);
        return r_.n_expected[i] > 0 ? 100.0 * static_cast<double>(r_.n_reporting[i]) /
                                          static_cast<double>(r_.n_expected[i])
                                    : no_value;
    }

private:
    static std::uint64_t key(std::int32_t ind, std::int32_t unit, std::int32_t p) {
        return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(ind)) << 42) ^
               (static_cast<std::uint64_t>(static_cast<std::uint32_t>(unit)) << 16) ^
               static_cast<std::uint64_t>(static_cast<std::uint32_t>(p));
    }
    const rollup_result& r_;
    std::map<period, std::int32_t> period_;
    std::unordered_map<std::uint64_t, std::size_t> row_;
};

rollup_result roll(const observations& obs, const hierarchy& h, const catalog& cat,
                   const assess_request& req, const assessment& a,
                   const series_index* series) {
    const auto rq = assess_rollup(a, req);
    if(series) return rollup(obs, h, *series, {}, rq).rows;
    return rollup(obs, h, cat, rq);
}

void measure_rows(assessment& a, const catalog& cat, const thresholds& limits) {
    const auto& t = a.targets;
    const auto n = t.size();
    std::vector<std::uint8_t> kind(n), bound(n), better(n), reason(t.reason);
    for(std::size_t i = 0; i < n; ++i) {
        kind[i] = static_cast<std::uint8_t>(t.kind[i]);
        bound[i] = static_cast<std::uint8_t>(t.bound[i]);
        better[i] = static_cast<std::uint8_t>(cat[t.indicator[i]].better);
        a.actual[i] = a.value[i];
        if(t.kind[i] != target_kind::change) {
            a.baseline_value[i] = no_value;
            continue;
        }
        missing_reason why;
        a.actual[i] = change_of(a.value[i], a.baseline_value[i], t.change[i], why);
        if(reason[i] == 0) reason[i] = static_cast<std::uint8_t>(why);
    }
    measure_inputs in;
    in.size = n;
    in.kind = kind.data();
    in.bound = bound.data();
    in.better = better.data();
    in.reason = reason.data();
    in.final = t.final.data();
    in.actual = a.actual.data();
    in.value = t.value.data();
    in.lo = t.lo.data();
    in.hi = t.hi.data();
    in.expected = t.expected.data();
    in.elapsed = t.elapsed.data();
    a.measures = measure(in, limits);
}

// Rank among siblings: the same indicator, plan period and kind, the same parent.
void rank_rows(assessment& a, const hierarchy& h, const catalog& cat, rank_basis by) {
    const auto& t = a.targets;
    std::map<std::tuple<std::int32_t, period, int, std::int32_t>, std::int32_t> groups;
    std::vector<std::int32_t> group(t.size());
    std::vector<double> score(t.size());
    for(std::size_t i = 0; i < t.size(); ++i) {
        const auto key = std::make_tuple(t.indicator[i],
                                         t.plan_period[i],
                                         static_cast<int>(t.kind[i]),
                                         h.parent(t.unit[i]));
        group[i] =
            groups.emplace(key, static_cast<std::int32_t>(groups.size())).first->second;
        const bool lower = cat[t.indicator[i]].better == direction::lower_is_better;
        score[i] = !a.keep[i]                      ? no_value
                   : by == rank_basis::pct_of_plan ? a.measures.score[i]
                                                   : a.value[i] * (lower ? -1.0 : 1.0);
    }
    a.rank = rank_within(group.data(), score.data(), t.size());
}

}  // namespace

assessment assess_targets(const hierarchy& h, const catalog& cat, const plan& targets,
                          const assess_request& req) {
    std::vector<std::int32_t> only;
    for(const auto& u : req.units) only.push_back(h.id(u));
    auto choice = req.choice;
    if(!choice.as_of && !choice.version) choice.as_of = req.assessment.last();
    assessment a;
    a.targets = targets_at(
        targets, h, cat, h.level_index(req.level), req.assessment, choice, only);
    plan_windows(a, req.assessment);
    return a;
}

rollup_request assess_rollup(const assessment& a, const assess_request& req) {
    rollup_request rq;
    rq.levels = {req.level};
    rq.units = req.units;
    rq.threads = req.threads;
    std::set<period> windows;
    for(std::size_t i = 0; i < a.size(); ++i) {
        windows.insert(a.value_window[i]);
        windows.insert(a.last_year_window[i]);
        if(a.baseline_window[i]) windows.insert(*a.baseline_window[i]);
    }
    rq.periods.assign(windows.begin(), windows.end());
    const std::set<std::int32_t> ids(a.targets.indicator.begin(),
                                     a.targets.indicator.end());
    rq.indicators.assign(ids.begin(), ids.end());
    return rq;
}

assessment assess(const observations& obs, const hierarchy& h, const catalog& cat,
                  const plan& targets, const assess_request& req,
                  const series_index* series) {
    auto a = assess_targets(h, cat, targets, req);
    const auto rows = a.size() ? roll(obs, h, cat, req, a, series) : rollup_result{};
    assess_from_rollup(a, rows, h, cat, req);
    return a;
}

void assess_from_rollup(assessment& a, const rollup_result& rolled, const hierarchy& h,
                        const catalog& cat, const assess_request& req) {
    const auto n = a.size();
    for(auto* v : {&a.value,
                   &a.coverage,
                   &a.baseline_value,
                   &a.actual,
                   &a.same_period_last_year,
                   &a.yoy_pct,
                   &a.yoy_pp,
                   &a.yoy_change})
        v->assign(n, no_value);
    if(n) {
        const actuals rows(rolled);
        for(std::size_t i = 0; i < n; ++i) {
            const auto ind = a.targets.indicator[i], unit = a.targets.unit[i];
            const auto now = rows.find(ind, unit, a.value_window[i]);
            a.value[i] = rows.value(now);
            a.coverage[i] = rows.coverage(now);
            a.same_period_last_year[i] =
                rows.value(rows.find(ind, unit, a.last_year_window[i]));
            if(a.baseline_window[i])
                a.baseline_value[i] =
                    rows.value(rows.find(ind, unit, *a.baseline_window[i]));
        }
    }
    measure_rows(a, cat, req.limits);
    a.keep.resize(n);
    for(std::size_t i = 0; i < n; ++i) {
        const auto& ind = cat[a.targets.indicator[i]];
        a.yoy_pct[i] = yoy_pct(a.value[i], a.same_period_last_year[i]);
        a.yoy_change[i] = a.value[i] - a.same_period_last_year[i];
        // Points only for rates: a ratio or a value in percent.
        if(ind.formula == formula_kind::ratio || ind.unit == "%")
            a.yoy_pp[i] = yoy_pp(a.value[i], a.same_period_last_year[i]);
        a.keep[i] =
            a.targets.source[i] != target_source::none || !std::isnan(a.value[i]);
    }
    rank_rows(a, h, cat, req.rank_by);
}

}  // namespace chitieu
