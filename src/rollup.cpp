// Planning a rollup, the pass into a state, and merging states.
#include <chitieu/detail/bits.hpp>
#include <chitieu/detail/rollup_plan.hpp>
#include <chitieu/rollup.hpp>

#include "rollup_io.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace chitieu {
namespace {

using detail::rollup_plan;

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
        detail::slot_info info;
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
    // The domain unit of u: its ancestor at the deepest target level, or u itself
    // when u is above that level (a district reporting directly). Domain units
    // held by no target are left out, and with them their rows.
    std::vector<std::int32_t> dom_index(n, -1);
    std::vector<std::int32_t> dom_units;
    const auto cand = [&](std::size_t u) {
        return level_of(u) >= deepest ? ancestor(u, deepest)
                                      : static_cast<std::int32_t>(u);
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
    for(std::size_t u = 0; u < n; ++u) {
        const auto c = cand(u);
        if(c < 0 || dom_index[static_cast<std::size_t>(c)] < 0) continue;
        plan.unit_dom[u] = dom_index[static_cast<std::size_t>(c)];
        plan.unit_ru[u] = static_cast<std::int32_t>(plan.ru_unit.size());
        plan.ru_unit.push_back(static_cast<std::int32_t>(u));
        plan.ru_dom.push_back(plan.unit_dom[u]);
        plan.ru_level.push_back(level_of(u));
    }
    for(auto& c : sets) {
        detail::target_set ts;
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
        for(const auto k : req.kinds) {
            if(k == period_kind::span || k == period_kind::range)
                throw input_error(
                    "free-form spans and ranges cannot be a target period type; "
                    "give them as target periods instead");
            detail::time_set ts;
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
template <class V>
void fill_presence(detail::dense_table<V>& dense, const rollup_plan& plan,
                   value_type type, const observations& obs,
                   const std::vector<std::int32_t>& bucket, unsigned threads) {
    const auto& bits = obs.presence();
    const std::size_t units = obs.n_units(), periods = bucket.size(), fine = dense.fine;
    const std::size_t rus = plan.ru_unit.size();
    std::vector<std::pair<std::int32_t, std::int32_t>>
        work;  // (catalog id, dense slot)
    for(const auto& s : plan.slots)
        if(s.type == type && s.dense >= 0) work.emplace_back(s.id, s.dense);
    // Threads own contiguous slot ranges, so only the first and last word of a
    // thread's bits can be shared with a neighbour; those take an atomic or.
    const auto first_word = [&](std::size_t w) {
        return w < work.size()
                   ? static_cast<std::uint64_t>(work[w].second) * rus * fine >> 6
                   : ~std::uint64_t{0};
    };
    const bool mapped = detail::bit_mapper::fits(periods, fine);
    const detail::bit_mapper to_fine =
        mapped ? detail::bit_mapper(bucket) : detail::bit_mapper();
    detail::run_parallel(threads, [&](unsigned t) {
        const auto [w0, w1] = detail::slice(work.size(), t, threads);
        const auto lo = first_word(w0);
        const auto hi = w1 < work.size() ? first_word(w1) : ~std::uint64_t{0};
        const auto or_word = [&](std::uint64_t word, std::uint64_t mask) {
            if(word == lo || word == hi)
                __atomic_fetch_or(&dense.presence[word], mask, __ATOMIC_RELAXED);
            else
                dense.presence[word] |= mask;
        };
        const auto set_bits = [&](std::uint64_t at, std::uint64_t mask) {
            const auto shift = at & 63;
            or_word(at >> 6, mask << shift);
            if(shift && (mask >> (64 - shift)))
                or_word((at >> 6) + 1, mask >> (64 - shift));
        };
        for(std::size_t w = w0; w < w1; ++w) {
            const auto [k, ds] = work[w];
            for(std::size_t ru = 0; ru < rus && periods > 0; ++ru) {
                const auto base = (static_cast<std::uint64_t>(k) * units +
                                   static_cast<std::uint64_t>(plan.ru_unit[ru])) *
                                  periods;
                const auto out = (static_cast<std::uint64_t>(ds) * rus + ru) * fine;
                if(mapped) {
                    const auto mask =
                        to_fine(detail::bit_field(bits.data(), base, periods));
                    if(mask) set_bits(out, mask);
                    continue;
                }
                for(std::size_t off = 0; off < periods; off += 64) {
                    auto v =
                        detail::bit_field(bits.data(),
                                          base + off,
                                          std::min<std::size_t>(64, periods - off));
                    for(; v; v &= v - 1) {
                        const auto b =
                            bucket[off + static_cast<std::size_t>(__builtin_ctzll(v))];
                        if(b >= 0) set_bits(out + static_cast<std::uint64_t>(b), 1);
                    }
                }
            }
        }
    });
}

template <class V>
detail::pass_tables pass_tables_for(const rollup_plan& plan, value_type type,
                                    std::size_t n_indicators,
                                    const std::vector<std::int32_t>& bucket,
                                    const std::vector<std::int64_t>& order_key,
                                    std::size_t fine, bool presence) {
    detail::pass_tables tab;
    const auto t = static_cast<std::size_t>(type);
    tab.doms = plan.doms;
    tab.rus = plan.ru_unit.size();
    tab.fine = fine;
    tab.dense_slots = plan.dense_slots[t];
    tab.sparse_slots = plan.sparse_slots[t];
    tab.slot.assign(n_indicators, {-1, -1, -1});
    for(const auto& s : plan.slots) {
        if(s.type != type) continue;
        auto& e = tab.slot[static_cast<std::size_t>(s.id)];
        if(s.dense >= 0) {
            e.dense_base = static_cast<std::int64_t>(static_cast<std::size_t>(s.dense) *
                                                     tab.doms * fine);
            e.presence_base = static_cast<std::int64_t>(
                static_cast<std::size_t>(s.dense) * tab.rus * fine);
        }
        if(s.sparse >= 0)
            e.sparse_base = static_cast<std::int64_t>(
                static_cast<std::size_t>(s.sparse) * tab.rus * fine);
    }
    tab.unit.assign(plan.unit_dom.size(), {-1, -1});
    for(std::size_t u = 0; u < plan.unit_dom.size(); ++u)
        if(plan.unit_dom[u] >= 0)
            tab.unit[u] = {static_cast<std::int32_t>(
                               static_cast<std::size_t>(plan.unit_dom[u]) * fine),
                           static_cast<std::int32_t>(
                               static_cast<std::size_t>(plan.unit_ru[u]) * fine)};
    tab.bucket = bucket;
    tab.order_key = order_key;
    tab.presence = presence;
    return tab;
}

template <class V>
detail::row_columns<V> rows_of(const observation_columns<V>& c) {
    return {
        c.indicator.data(), c.unit.data(), c.period.data(), c.value.data(), c.size()};
}

}  // namespace

rollup_state partial_rollup(const observations& obs, const hierarchy& h,
                            const catalog& cat, const rollup_request& req) {
    if(obs.n_units() != h.size() || obs.n_indicators() != cat.size())
        throw input_error(
            "the observations were built with another hierarchy or catalog (" +
            std::to_string(obs.n_units()) + " units and " +
            std::to_string(obs.n_indicators()) + " indicators, not " +
            std::to_string(h.size()) + " and " + std::to_string(cat.size()) + ")");
    for(std::size_t k = 0; k < cat.size(); ++k)
        if(obs.value_types()[k] != cat[static_cast<std::int32_t>(k)].type)
            throw input_error(
                "indicator '" + cat[static_cast<std::int32_t>(k)].code +
                "' has another value type than when the observations were built");
    const auto nans = req.nans.value_or(obs.nans());
    if(nans == nan_policy::error && obs.first_nonfinite() >= 0) {
        const auto i = static_cast<std::size_t>(obs.first_nonfinite());
        const auto& r = obs.real();
        throw input_error("value " + std::to_string(r.value[i]) + " of indicator '" +
                          cat[r.indicator[i]].code + "' at unit '" + h.code(r.unit[i]) +
                          "', period '" + obs.periods().at(r.period[i]).to_string() +
                          "' is not finite (nan_policy='error')");
    }

    rollup_state state;
    state.plan_ = make_plan(h, cat, req);
    const auto& plan = *state.plan_;

    // Fine bucket of every period of the index: its fine-kind period when it
    // nests in one, else the period itself; -1 when outside the requested scope.
    const auto& index = obs.periods();
    const auto to_fine = map_to_kind(index, plan.fine_kind);
    std::vector<period> fine_of(index.size());
    std::vector<char> used(index.size(), 0);
    for(std::size_t p = 0; p < index.size(); ++p) {
        const auto& per = index.at(static_cast<std::int32_t>(p));
        if(!plan.scope.empty() &&
           std::none_of(plan.scope.begin(), plan.scope.end(), [&](const period& s) {
               return s.overlaps(per);
           }))
            continue;
        const auto b = to_fine.bucket_of[p];
        fine_of[p] = b >= 0 ? to_fine.buckets[static_cast<std::size_t>(b)] : per;
        used[p] = 1;
        state.buckets_.push_back(fine_of[p]);
    }
    std::sort(state.buckets_.begin(), state.buckets_.end());
    state.buckets_.erase(std::unique(state.buckets_.begin(), state.buckets_.end()),
                         state.buckets_.end());
    std::vector<std::int32_t> bucket(index.size(), -1);
    std::vector<std::int64_t> order_key(index.size(), 0);
    for(std::size_t p = 0; p < index.size(); ++p) {
        const auto& per = index.at(static_cast<std::int32_t>(p));
        order_key[p] = static_cast<std::int64_t>(per.last().day_number()) *
                           (std::int64_t{1} << 32) +
                       static_cast<std::int64_t>(per.first().day_number());
        if(used[p])
            bucket[p] = static_cast<std::int32_t>(
                std::lower_bound(
                    state.buckets_.begin(), state.buckets_.end(), fine_of[p]) -
                state.buckets_.begin());
    }
    const std::size_t fine = state.buckets_.size();
    if(plan.doms * fine > static_cast<std::size_t>(INT32_MAX) ||
       plan.ru_unit.size() * fine > static_cast<std::size_t>(INT32_MAX))
        throw input_error("rollup too fine: " + std::to_string(plan.ru_unit.size()) +
                          " units x " + std::to_string(fine) + " periods");

    // Threads, within the memory limit for their private flow accumulators.
    const bool own_presence = obs.presence().empty();
    const auto dense_bytes = [&](std::size_t slots, std::size_t acc) {
        return slots * (plan.doms * fine * acc +
                        (own_presence ? plan.ru_unit.size() * fine / 8 : 0));
    };
    const std::size_t per_thread =
        dense_bytes(plan.dense_slots[0], sizeof(double)) +
        dense_bytes(plan.dense_slots[1], sizeof(detail::int128));
    if(per_thread > plan.memory_limit)
        throw input_error("rollup needs " + std::to_string(per_thread >> 20) +
                          " MiB of flow accumulators, over the limit of " +
                          std::to_string(plan.memory_limit >> 20) +
                          " MiB: ask for fewer indicators, coarser levels or periods");
    unsigned threads = detail::resolve_threads(req.threads);
    if(per_thread > 0)
        threads =
            std::max(1u,
                     std::min<unsigned>(threads,
                                        static_cast<unsigned>(std::min<std::size_t>(
                                            plan.memory_limit / per_thread, 1024))));

    const auto run = [&](auto& part, const auto& cols, value_type type) {
        using V = std::decay_t<decltype(cols.value[0])>;
        const auto tab = pass_tables_for<V>(
            plan, type, cat.size(), bucket, order_key, fine, own_presence);
        part = detail::run_pass(rows_of(cols), tab, threads, nans == nan_policy::skip);
        if(!own_presence) fill_presence(part.dense, plan, type, obs, bucket, threads);
    };
    run(state.real_, obs.real(), value_type::real);
    run(state.money_, obs.money(), value_type::money);
    state.rows_ = obs.size();
    return state;
}

// ---------------------------------------------------------------------------
// merge

namespace {

template <class V>
detail::partial<V> realign(const detail::partial<V>& p,
                           const std::vector<std::int32_t>& to, std::size_t fine) {
    if(p.dense.fine == fine && std::is_sorted(to.begin(), to.end()) &&
       (to.empty() || static_cast<std::size_t>(to.back()) + 1 == to.size()))
        return p;
    detail::partial<V> out;
    const auto& d = p.dense;
    out.dense.allocate(d.slots, d.doms, d.rus, fine);
    for(std::size_t s = 0; s < d.slots; ++s) {
        for(std::size_t u = 0; u < d.doms; ++u)
            for(std::size_t b = 0; b < d.fine; ++b)
                out.dense
                    .sum[(s * d.doms + u) * fine + static_cast<std::size_t>(to[b])] =
                    d.sum[(s * d.doms + u) * d.fine + b];
        for(std::size_t r = 0; r < d.rus; ++r)
            for(std::size_t b = 0; b < d.fine; ++b)
                if(d.present(s, r, b)) {
                    const auto bit =
                        (s * d.rus + r) * fine + static_cast<std::size_t>(to[b]);
                    out.dense.presence[bit >> 6] |= std::uint64_t{1} << (bit & 63);
                }
    }
    out.sparse.cell = p.sparse.cell;
    out.sparse.key.reserve(p.sparse.size());
    const std::uint64_t old_fine = d.fine ? d.fine : 1;
    for(const auto k : p.sparse.key)
        out.sparse.key.push_back(k / old_fine * fine +
                                 static_cast<std::uint64_t>(to[k % old_fine]));
    return out;
}

}  // namespace

rollup_state merge(const rollup_state& a, const rollup_state& b) {
    if(!a.plan_) return b;
    if(!b.plan_) return a;
    if(a.plan_ != b.plan_ && a.plan_->serialize() != b.plan_->serialize())
        throw input_error(
            "cannot merge rollup states of different requests, hierarchies or "
            "catalogs");
    rollup_state out;
    out.plan_ = a.plan_;
    std::set_union(a.buckets_.begin(),
                   a.buckets_.end(),
                   b.buckets_.begin(),
                   b.buckets_.end(),
                   std::back_inserter(out.buckets_));
    const auto index_in = [&](const std::vector<period>& from) {
        std::vector<std::int32_t> to;
        for(const auto& p : from)
            to.push_back(static_cast<std::int32_t>(
                std::lower_bound(out.buckets_.begin(), out.buckets_.end(), p) -
                out.buckets_.begin()));
        return to;
    };
    const auto ta = index_in(a.buckets_), tb = index_in(b.buckets_);
    const auto fine = out.buckets_.size();
    const auto both = [&](auto& dst, const auto& pa, const auto& pb) {
        dst = realign(pa, ta, fine);
        const auto rb = realign(pb, tb, fine);
        detail::add_dense(dst.dense, rb.dense, 1);
        dst.sparse = detail::merge_sparse(dst.sparse, rb.sparse);
    };
    both(out.real_, a.real_, b.real_);
    both(out.money_, a.money_, b.money_);
    out.rows_ = a.rows_ + b.rows_;
    return out;
}

rollup_result rollup(const observations& obs, const hierarchy& h, const catalog& cat,
                     const rollup_request& req) {
    return finish(partial_rollup(obs, h, cat, req), req.threads);
}

// ---------------------------------------------------------------------------
// bytes

std::string rollup_state::to_bytes() const {
    detail::writer w;
    w.put_string("chitieu.rollup_state/1");
    w.put_string(plan_ ? plan_->serialize() : std::string());
    w.put_periods(buckets_);
    w.put_partial(real_);
    w.put_partial(money_);
    w.put(rows_);
    return w.take();
}

rollup_state rollup_state::from_bytes(std::string_view bytes) {
    detail::reader r(bytes);
    if(r.get_string() != "chitieu.rollup_state/1")
        throw input_error("not a chitieu rollup state (or one of another version)");
    rollup_state s;
    const auto plan = r.get_string();
    if(!plan.empty())
        s.plan_ = std::make_shared<const rollup_plan>(rollup_plan::deserialize(plan));
    s.buckets_ = r.get_periods();
    r.get_partial(s.real_);
    r.get_partial(s.money_);
    s.rows_ = r.get<std::uint64_t>();
    r.expect_end();
    return s;
}

}  // namespace chitieu
