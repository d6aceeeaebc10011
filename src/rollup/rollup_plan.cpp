// Planning a rollup: slots from the catalog, domain and reporting units with
// their targets from the hierarchy, period sets and the fine period type.
#include <chitieu/rollup.hpp>

#include "rollup/rollup_plan.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace chitieu::detail {
namespace {

// A target listed twice would give each of its rows twice; refused rather than
// silently de-duplicated, so a caller's mistake (a level built from two
// sources) shows.
template <class T, class Name>
void refuse_repeats(const std::vector<T>& items, const char* what, Name name) {
    std::vector<std::string> repeated;
    for(std::size_t i = 0; i < items.size(); ++i)
        if(std::find(items.begin(),
                     items.begin() + static_cast<std::ptrdiff_t>(i),
                     items[i]) != items.begin() + static_cast<std::ptrdiff_t>(i))
            repeated.push_back("'" + name(items[i]) + "'");
    if(!repeated.empty())
        throw input_error(
            list_culprits(std::string(what) + " asked for twice", repeated));
}

void plan_slots(rollup_plan& plan, const catalog& cat, const rollup_request& req) {
    std::vector<std::int32_t> asked = req.indicators;
    if(asked.empty())
        for(std::size_t k = 0; k < cat.size(); ++k)
            asked.push_back(static_cast<std::int32_t>(k));
    const auto ids = cat.closure(asked);
    std::vector<std::int32_t> slot_of(cat.size(), -1);
    for(std::size_t s = 0; s < ids.size(); ++s)
        slot_of[static_cast<std::size_t>(ids[s])] = static_cast<std::int32_t>(s);
    for(const auto id : ids) {
        const auto& ind = cat[id];
        slot_info info;
        info.id = id;
        info.code = ind.code;
        info.type = ind.type;
        info.time = ind.time;
        info.space = ind.space;
        info.formula = ind.formula;
        info.factor = ind.factor;
        for(const auto p : cat.parts(id))
            info.parts.push_back(slot_of[static_cast<std::size_t>(p)]);
        info.reported = std::find(asked.begin(), asked.end(), id) != asked.end();
        const auto t = static_cast<std::size_t>(ind.type);
        if(ind.is_flow())
            info.dense = static_cast<std::int32_t>(plan.dense_slots[t]++);
        else if(!ind.derived())
            info.sparse = static_cast<std::int32_t>(plan.sparse_slots[t]++);
        plan.slots.push_back(std::move(info));
    }
    for(const auto id : cat.evaluation_order())
        if(slot_of[static_cast<std::size_t>(id)] >= 0)
            plan.evaluation.push_back(slot_of[static_cast<std::size_t>(id)]);
}

// A target set while planning: its targets and, per hierarchy unit, the targets
// that hold it (a unit's rows count in every target holding it).
struct target_candidates {
    std::vector<std::int32_t> ids;  // hierarchy ids; -1 - g for group g
    std::vector<std::string> codes;
    std::vector<std::int32_t> levels;  // -1 for groups
    int deepest = 0;                   // deepest level of a target or group member
    std::vector<std::vector<std::int32_t>> holders;
};

void plan_units(rollup_plan& plan, const hierarchy& h, const rollup_request& req) {
    const auto& anc = h.ancestor_table();
    const auto n = h.size();
    const auto levels = h.n_levels();
    plan.n_units = n;
    plan.level_names = h.level_names();
    const auto ancestor = [&](std::size_t u, int level) {
        return anc(static_cast<Eigen::Index>(u), static_cast<Eigen::Index>(level));
    };
    const auto level_of = [&](std::size_t u) {
        return h.level(static_cast<std::int32_t>(u));
    };

    // Units as targets: each held by its ancestors-or-self among the targets.
    const auto unit_set = [&](const std::vector<std::int32_t>& targets) {
        target_candidates c;
        std::vector<std::int32_t> index_of(n, -1);
        for(const auto t : targets) {
            index_of[static_cast<std::size_t>(t)] =
                static_cast<std::int32_t>(c.ids.size());
            c.ids.push_back(t);
            c.codes.push_back(h.code(t));
            c.levels.push_back(h.level(t));
            c.deepest = std::max(c.deepest, h.level(t));
        }
        c.holders.resize(n);
        for(std::size_t u = 0; u < n; ++u)
            for(int l = 0; l <= level_of(u); ++l) {
                const auto a = ancestor(u, l);
                if(a >= 0 && index_of[static_cast<std::size_t>(a)] >= 0)
                    c.holders[u].push_back(index_of[static_cast<std::size_t>(a)]);
            }
        return c;
    };

    const auto same = [](const std::string& x) { return x; };
    refuse_repeats(req.levels, "levels", same);
    refuse_repeats(req.groups, "unit groups", same);
    std::vector<char> listed(n, 0), in_scope(n, 0);
    for(const auto& code : req.units) listed[static_cast<std::size_t>(h.id(code))] = 1;
    for(std::size_t u = 0; u < n; ++u)
        for(int l = 0; l <= level_of(u); ++l) {
            const auto a = ancestor(u, l);
            if(a >= 0 && listed[static_cast<std::size_t>(a)]) in_scope[u] = 1;
        }
    std::vector<target_candidates> sets;
    for(const auto& name : req.levels) {
        std::vector<std::int32_t> targets;
        for(const auto u : h.units_at_level(h.level_index(name)))
            if(req.units.empty() || in_scope[static_cast<std::size_t>(u)])
                targets.push_back(u);
        if(targets.empty())
            throw input_error("no unit at level '" + name +
                              "' lies within the given units");
        sets.push_back(unit_set(targets));
    }
    if(req.levels.empty() && !req.units.empty()) {
        std::vector<std::int32_t> targets;
        for(std::size_t u = 0; u < n; ++u)
            if(listed[u]) targets.push_back(static_cast<std::int32_t>(u));
        sets.push_back(unit_set(targets));
    }
    if(!req.groups.empty()) {
        // Each group one target: a unit counts if it or an ancestor is a member.
        target_candidates c;
        c.holders.resize(n);
        for(std::size_t g = 0; g < req.groups.size(); ++g) {
            const auto& group = h.group(req.groups[g]);
            const auto member = h.group_membership(group);
            c.ids.push_back(-1 - static_cast<std::int32_t>(g));
            c.codes.push_back(group.name);
            c.levels.push_back(-1);
            for(const auto m : group.members)
                c.deepest = std::max(c.deepest, h.level(m));
            for(std::size_t u = 0; u < n; ++u)
                if(member[u]) c.holders[u].push_back(static_cast<std::int32_t>(g));
        }
        sets.push_back(std::move(c));
    }
    if(sets.empty()) throw input_error("a rollup needs target levels, units or groups");

    int deepest = 0;
    for(const auto& s : sets) deepest = std::max(deepest, s.deepest);
    // The domain unit of u: its nearest ancestor-or-self at or above the
    // deepest target level -- the ancestor at that level, or u itself when u is
    // above it (a district reporting directly), or a higher ancestor when the
    // level is skipped (a commune directly under its province). No target lies
    // between u and its domain unit, so both are held by the same targets.
    // Domain units held by no target are left out, and with them their rows.
    std::vector<std::int32_t> dom_index(n, -1);
    std::vector<std::int32_t> dom_units;
    const auto cand = [&](std::size_t u) {
        for(int l = std::min(deepest, level_of(u)); l >= 0; --l)
            if(const auto a = ancestor(u, l); a >= 0) return a;
        return std::int32_t{-1};
    };
    for(std::size_t u = 0; u < n; ++u) {
        const auto c = cand(u);
        if(c < 0 || dom_index[static_cast<std::size_t>(c)] != -1) continue;
        const bool held = std::any_of(sets.begin(), sets.end(), [&](const auto& s) {
            return !s.holders[static_cast<std::size_t>(c)].empty();
        });
        dom_index[static_cast<std::size_t>(c)] = held ? -2 : -3;
    }
    for(std::size_t u = 0; u < n; ++u)
        if(dom_index[u] == -2) {
            dom_index[u] = static_cast<std::int32_t>(dom_units.size());
            dom_units.push_back(static_cast<std::int32_t>(u));
        }
    plan.doms = dom_units.size();
    plan.unit_dom.assign(n, -1);
    plan.unit_ru.assign(n, -1);
    // Reporting units numbered by domain unit, then level: the units counted
    // together for coverage are then consecutive, their presence bits one run
    // counted a word at a time (count_field_groups), whatever order the
    // hierarchy lists its units in (depth first: a province's communes lie
    // between its districts).
    std::vector<std::size_t> reporting;
    for(std::size_t u = 0; u < n; ++u) {
        const auto c = cand(u);
        if(c < 0 || dom_index[static_cast<std::size_t>(c)] < 0) continue;
        plan.unit_dom[u] = dom_index[static_cast<std::size_t>(c)];
        reporting.push_back(u);
    }
    std::stable_sort(
        reporting.begin(), reporting.end(), [&](std::size_t a, std::size_t b) {
            return std::make_pair(plan.unit_dom[a], level_of(a)) <
                   std::make_pair(plan.unit_dom[b], level_of(b));
        });
    for(const auto u : reporting) {
        plan.unit_ru[u] = static_cast<std::int32_t>(plan.ru_unit.size());
        plan.ru_unit.push_back(static_cast<std::int32_t>(u));
        plan.ru_dom.push_back(plan.unit_dom[u]);
        plan.ru_level.push_back(level_of(u));
    }
    for(auto& c : sets) {
        target_set ts;
        ts.targets = std::move(c.ids);
        ts.codes = std::move(c.codes);
        ts.levels = std::move(c.levels);
        ts.start.push_back(0);
        for(const auto d : dom_units) {
            const auto& hs = c.holders[static_cast<std::size_t>(d)];
            ts.members.insert(ts.members.end(), hs.begin(), hs.end());
            ts.start.push_back(static_cast<std::int32_t>(ts.members.size()));
        }
        ts.expected.assign(ts.targets.size() * levels, 0);
        for(std::size_t u = 0; u < n; ++u)
            for(const auto t : c.holders[u])
                ++ts.expected[static_cast<std::size_t>(t) * levels +
                              static_cast<std::size_t>(level_of(u))];
        plan.target_sets.push_back(std::move(ts));
    }
}

void plan_periods(rollup_plan& plan, const rollup_request& req) {
    if(!req.kinds.empty()) {
        refuse_repeats(req.kinds, "period types", [](period_kind k) {
            return std::string(chitieu::to_string(k));
        });
        for(const auto k : req.kinds) {
            if(k == period_kind::span || k == period_kind::range)
                throw input_error(
                    "free-form spans and ranges cannot be a target period type; "
                    "give them as target periods instead");
            time_set ts;
            ts.kind = k;
            ts.periods = req.periods;
            plan.time_sets.push_back(std::move(ts));
        }
    } else if(!req.periods.empty()) {
        // Explicit targets, one set per kind (calendar periods of one kind do not
        // overlap); free-form spans each get their own.
        std::map<int, std::set<period>> by_kind;
        for(const auto& p : req.periods) {
            const bool calendar =
                p.kind() != period_kind::span && p.kind() != period_kind::range;
            if(calendar)
                by_kind[static_cast<int>(p.kind())].insert(p);
            else
                plan.time_sets.push_back({false, p.kind(), {p}});
        }
        for(auto& [k, ps] : by_kind)
            plan.time_sets.push_back({false,
                                      static_cast<period_kind>(k),
                                      std::vector<period>(ps.begin(), ps.end())});
    } else {
        throw input_error("a rollup needs target period types or target periods");
    }
    bool restricted = true;
    for(const auto& ts : plan.time_sets) {
        if(ts.periods.empty()) restricted = false;
        plan.scope.insert(plan.scope.end(), ts.periods.begin(), ts.periods.end());
    }
    if(!restricted) plan.scope.clear();
    std::sort(plan.scope.begin(), plan.scope.end());
    plan.scope.erase(std::unique(plan.scope.begin(), plan.scope.end()),
                     plan.scope.end());
    const bool explicit_only = std::none_of(
        plan.time_sets.begin(), plan.time_sets.end(), [](const time_set& ts) {
            return ts.by_kind;
        });
    if(explicit_only) {
        // By first day, a period that overlaps a later one overlaps the next.
        auto targets = plan.scope;
        std::sort(targets.begin(), targets.end(), [](const period& a, const period& b) {
            return a.first() < b.first();
        });
        bool disjoint = true;
        for(std::size_t i = 1; i < targets.size() && disjoint; ++i)
            disjoint = !targets[i - 1].overlaps(targets[i]);
        if(disjoint) plan.disjoint_targets = std::move(targets);
    }

    // The fine period type: one whose periods nest in every requested type.
    // Months nest in quarters, halves and years; weeks only in weeks; days in all.
    const auto calendar = [](period_kind k) {
        return k == period_kind::month || k == period_kind::quarter ||
               k == period_kind::half || k == period_kind::year;
    };
    bool all_calendar = true, all_week = true;
    period_kind finest = period_kind::year;
    for(const auto& ts : plan.time_sets) {
        all_calendar = all_calendar && calendar(ts.kind);
        all_week = all_week && ts.kind == period_kind::week;
        if(calendar(ts.kind) && static_cast<int>(ts.kind) < static_cast<int>(finest))
            finest = ts.kind;
    }
    plan.has_fine_kind = true;
    plan.fine_kind = all_calendar ? finest
                     : all_week   ? period_kind::week
                                  : period_kind::day;
}

}  // namespace

const period* rollup_plan::disjoint_target_of(const period& p) const {
    auto it = std::upper_bound(
        disjoint_targets.begin(),
        disjoint_targets.end(),
        p.first(),
        [](const auto& day, const period& t) { return day < t.first(); });
    if(it == disjoint_targets.begin()) return nullptr;
    --it;
    return it->contains(p) ? &*it : nullptr;
}

std::shared_ptr<const rollup_plan> make_plan(const hierarchy& h, const catalog& cat,
                                             const rollup_request& req) {
    auto plan = std::make_shared<rollup_plan>();
    plan_slots(*plan, cat, req);
    plan_units(*plan, h, req);
    plan_periods(*plan, req);
    plan->memory_limit = req.memory_limit;
    return plan;
}

// Presence bits of the dense slots of one value type, from the observations'
// (indicator, unit, period) bit set: a unit reported into a fine bucket if any
// of the bucket's periods holds a finite value. Threads take contiguous slot
// ranges; words where two ranges meet are shared, hence the atomic or.

}  // namespace chitieu::detail
