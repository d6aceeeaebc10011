// The targets of one assessment level: direct, rolled up from below, or missing.
#include <chitieu/measures.hpp>
#include <chitieu/plan.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace chitieu {

bool sums_over_time(const catalog& indicators, std::int32_t id) {
    const auto& ind = indicators.at(id);
    if(!ind.derived()) return ind.time == time_rule::sum;
    const auto& parts = indicators.parts(id);
    return std::any_of(parts.begin(), parts.end(), [&](std::int32_t part) {
        return sums_over_time(indicators, part);
    });
}

namespace {

// A target family: the rows of one indicator, plan period and kind.
using family = std::tuple<std::int32_t, period, target_kind>;

struct family_plan {
    double expected, elapsed;
    bool final, flow_like;
};

family_plan plan_family(const plan& p, const catalog& indicators, const family& f,
                        const period& assessment) {
    const auto& [ind, plan_period, kind] = f;
    const auto& ph = p.phasing_for(indicators.at(ind).code);
    family_plan out{};
    out.flow_like = sums_over_time(indicators, ind);
    out.final = assessment.last() >= plan_period.last();
    out.elapsed = assessment.elapsed_fraction(
        plan_period, ph.is_linear() ? ph.by() : elapsed_by::months);
    if(kind == target_kind::level)
        out.expected = detail::nan;
    else if(kind == target_kind::change && out.flow_like)
        out.expected = 1.0;  // like for like: the year to date against the same span
    else
        out.expected = ph.expected_share(plan_period, assessment.last());
    return out;
}

std::vector<std::int32_t> assessed_units(const hierarchy& units, int level,
                                         const std::vector<std::int32_t>& only) {
    auto at_level = units.units_at_level(level);
    if(only.empty()) return at_level;
    for(const auto u : only)
        if(u < 0 || static_cast<std::size_t>(u) >= units.size())
            throw unknown_code("unit id " + std::to_string(u) +
                               " is outside the hierarchy");
    const std::unordered_set<std::int32_t> wanted(only.begin(), only.end());
    const auto& anc = units.ancestor_table();
    std::vector<std::int32_t> out;
    for(const auto u : at_level)
        for(int k = 0; k <= level; ++k)
            if(wanted.count(anc(u, k))) {
                out.push_back(u);
                break;
            }
    return out;
}

}  // namespace

level_targets targets_at(const plan& p, const hierarchy& units,
                         const catalog& indicators, int level, const period& assessment,
                         const version_choice& choice,
                         const std::vector<std::int32_t>& only_units) {
    p.check(units, indicators);
    const int n_levels = static_cast<int>(units.n_levels());
    if(level < 0 || level >= n_levels)
        throw input_error("level index " + std::to_string(level) +
                          " is outside the hierarchy's " + std::to_string(n_levels) +
                          " levels");
    const auto periods = p.plan_periods();
    if(std::none_of(periods.begin(), periods.end(), [&](const period& pp) {
           return pp.contains(assessment);
       })) {
        std::vector<std::string> names;
        for(const auto& pp : periods) names.push_back(pp.to_string());
        throw input_error("the assessment period " + assessment.to_string() +
                          " does not fall in any plan period (" +
                          detail::list_culprits("the plan has", names) + ")");
    }

    // Chosen targets at or below the level whose plan period holds the assessment.
    const auto& all = p.targets();
    const auto& anc = units.ancestor_table();
    // Families numbered as met (a plan lists a family's targets together, so
    // the last one is tried first); rows come out in family order.
    std::map<family, std::int32_t> families;
    std::optional<std::pair<family, std::int32_t>> last;
    const auto family_id = [&](const family& f) {
        if(!last || last->first != f)
            last.emplace(
                f,
                families.try_emplace(f, static_cast<std::int32_t>(families.size()))
                    .first->second);
        return last->second;
    };
    const auto key = [](std::int32_t family, std::int32_t unit) {
        return static_cast<std::uint64_t>(static_cast<std::uint32_t>(family)) << 32 |
               static_cast<std::uint32_t>(unit);
    };
    std::unordered_map<std::uint64_t, std::size_t> direct;  // (family, unit) -> target
    direct.reserve(all.size());
    // (family, unit of the level, child level) -> targets below
    std::map<std::tuple<std::int32_t, std::int32_t, int>, std::vector<std::size_t>>
        below;
    // The plan's codes resolved once each (check() found every one).
    const auto& codes = p.codes();
    std::vector<std::int32_t> unit_ids, indicator_ids;
    for(const auto& code : codes.units) unit_ids.push_back(units.id(code));
    for(const auto& code : codes.indicators)
        indicator_ids.push_back(indicators.id(code));
    for(const auto i : p.choose(choice)) {
        const auto& t = all[i];
        if(!t.plan_period.contains(assessment)) continue;
        const auto uid = unit_ids[static_cast<std::size_t>(codes.unit[i])];
        const int lv = units.level(uid);
        if(lv < level) continue;
        const auto f =
            family_id({indicator_ids[static_cast<std::size_t>(codes.indicator[i])],
                       t.plan_period,
                       t.kind});
        if(lv == level) {
            direct.emplace(key(f, uid), i);
        } else {
            const auto top = anc(uid, level);
            if(top >= 0) below[{f, top, lv}].push_back(i);
        }
    }
    // Units of each level under each unit of the assessment level.
    std::vector<std::int32_t> n_under(units.size() * static_cast<std::size_t>(n_levels),
                                      0);
    for(std::size_t w = 0; w < units.size(); ++w) {
        const auto wid = static_cast<std::int32_t>(w);
        const int lv = units.level(wid);
        const auto top = lv > level ? anc(wid, level) : -1;
        if(top >= 0)
            ++n_under[static_cast<std::size_t>(top) *
                          static_cast<std::size_t>(n_levels) +
                      static_cast<std::size_t>(lv)];
    }
    const auto names = p.versions();
    const auto rank_of = [&](const std::string& v) {
        return std::find(names.begin(), names.end(), v) - names.begin();
    };

    const auto targets_units = assessed_units(units, level, only_units);
    level_targets out;
    for(const auto& [f, fid] : families) {
        const auto fp = plan_family(p, indicators, f, assessment);
        const auto& [ind, plan_period, kind] = f;
        const auto& info = indicators.at(ind);
        const bool additive = !info.derived() && info.space == space_rule::sum &&
                              kind != target_kind::change;
        for(const auto u : targets_units) {
            out.indicator.push_back(ind);
            out.unit.push_back(u);
            out.plan_period.push_back(plan_period);
            out.kind.push_back(kind);
            out.flow_like.push_back(fp.flow_like);
            out.expected.push_back(fp.expected);
            out.elapsed.push_back(fp.elapsed);
            out.final.push_back(fp.final);
            target_bound bound = target_bound::at_least;
            double value = detail::nan, lo = detail::nan, hi = detail::nan;
            std::optional<period> baseline;
            change_unit change = change_unit::none;
            auto source = target_source::none;
            auto reason = missing_reason::no_target;
            std::string version;
            std::int32_t child_level = -1, n_children = 0, n_expected = 0;
            if(const auto d = direct.find(key(fid, u)); d != direct.end()) {
                const auto& t = all[d->second];
                bound = t.bound;
                value = t.value;
                lo = t.lo;
                hi = t.hi;
                baseline = t.baseline;
                change = t.unit_of_change;
                source = target_source::direct;
                reason = missing_reason::none;
                version = t.version;
            } else {
                for(int lv = level + 1; lv < n_levels; ++lv) {
                    const auto b = below.find({fid, u, lv});
                    if(b == below.end()) continue;
                    const auto& kids = b->second;
                    child_level = lv;
                    n_children = static_cast<std::int32_t>(kids.size());
                    n_expected = n_under[static_cast<std::size_t>(u) *
                                             static_cast<std::size_t>(n_levels) +
                                         static_cast<std::size_t>(lv)];
                    bound = all[kids.front()].bound;
                    const bool same_bound =
                        std::all_of(kids.begin(), kids.end(), [&](std::size_t k) {
                            return all[k].bound == bound;
                        });
                    if(!additive || !same_bound) {
                        reason = missing_reason::not_additive;
                        break;
                    }
                    std::set<std::ptrdiff_t> versions;
                    double sv = 0, sl = 0, sh = 0;
                    std::int32_t with_value = 0;
                    for(const auto k : kids) {
                        const auto& t = all[k];
                        const bool ok = bound == target_bound::range
                                            ? std::isfinite(t.lo) && std::isfinite(t.hi)
                                            : std::isfinite(t.value);
                        if(!ok) continue;
                        ++with_value;
                        sv += t.value;
                        sl += t.lo;
                        sh += t.hi;
                        versions.insert(rank_of(t.version));
                    }
                    if(bound == target_bound::range) {
                        lo = sl;
                        hi = sh;
                    } else {
                        value = sv;
                    }
                    for(const auto r : versions)
                        version += (version.empty() ? "" : "+") +
                                   names[static_cast<std::size_t>(r)];
                    const bool complete = with_value == n_expected;
                    source =
                        complete ? target_source::rolled_up : target_source::partial;
                    reason = complete ? missing_reason::none
                                      : missing_reason::partial_target;
                    break;
                }
            }
            if(bound == target_bound::by_direction)
                bound = info.better == direction::lower_is_better
                            ? target_bound::at_most
                            : target_bound::at_least;
            out.bound.push_back(bound);
            out.value.push_back(value);
            out.lo.push_back(lo);
            out.hi.push_back(hi);
            out.baseline.push_back(baseline);
            out.change.push_back(change);
            out.source.push_back(source);
            out.version.push_back(std::move(version));
            out.child_level.push_back(child_level);
            out.n_children.push_back(n_children);
            out.n_expected_children.push_back(n_expected);
            out.reason.push_back(static_cast<std::uint8_t>(reason));
        }
    }
    return out;
}

}  // namespace chitieu
