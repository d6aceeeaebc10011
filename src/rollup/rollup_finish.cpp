// Finishing a rollup state: fine buckets -> requested periods, domain units ->
// target units, time rules per reporting unit, space rules per target, derived
// indicators from their aggregated parts, coverage. Work is per requested period
// type; every requested level is served from the same per-slot pass.
#include <chitieu/rollup.hpp>

#include "rollup/bits.hpp"
#include "rollup/finish_dense.hpp"
#include "rollup/finish_tables.hpp"
#include "rollup/rollup_data.hpp"
#include "rollup/rollup_plan.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

namespace chitieu {
namespace {

using namespace detail::finishing;  // NOLINT(google-build-using-namespace)
using detail::int128;
using detail::rollup_plan;
using detail::slot_info;
using detail::target_set;

// A unit's value over one output period by the time rule: exactly (`whole`) for
// money other than means, else as a double (`real`).
template <class V>
void time_value(const detail::time_cell<V>& c, time_rule rule, int128& whole,
                double& real) {
    if(rule == time_rule::mean) {
        real = static_cast<double>(c.sum) / static_cast<double>(c.count);
        return;
    }
    const auto pick = [&](auto sum) {
        switch(rule) {
            case time_rule::sum:
                return sum;
            case time_rule::last:
                return static_cast<decltype(sum)>(c.last);
            case time_rule::first:
                return static_cast<decltype(sum)>(c.first);
            case time_rule::min:
                return static_cast<decltype(sum)>(c.min);
            default:
                return static_cast<decltype(sum)>(c.max);
        }
    };
    if constexpr(std::is_floating_point_v<V>)
        real = pick(c.sum);
    else {
        whole = pick(c.sum);
        real = static_cast<double>(whole);
    }
}

// Space-rule accumulators of one target set.
struct space_acc {
    std::vector<int128> wsum, wmin, wmax;
    std::vector<double> dsum, dmin, dmax;
    std::vector<std::int64_t> count;

    space_acc(std::size_t n, bool exact)
        : dsum(n, 0),
          dmin(n, std::numeric_limits<double>::infinity()),
          dmax(n, -std::numeric_limits<double>::infinity()),
          count(n, 0) {
        if(!exact) return;
        wsum.assign(n, 0);
        wmin.assign(n, std::numeric_limits<int128>::max());
        wmax.assign(n, std::numeric_limits<int128>::min());
    }
    void add(std::size_t c, bool exact, int128 w, double r) {
        ++count[c];
        if(exact) {
            wsum[c] += w;
            wmin[c] = std::min(wmin[c], w);
            wmax[c] = std::max(wmax[c], w);
        } else {
            dsum[c] += r;
            dmin[c] = std::min(dmin[c], r);
            dmax[c] = std::max(dmax[c], r);
        }
    }
    // The space rule's result. Exact blocks never see a mean (a mean is not whole
    // đồng), so `whole` is written for sum, min and max only.
    void into(space_rule rule, block& blk) const {
        for(std::size_t c = 0; c < count.size(); ++c) {
            if(!count[c]) continue;
            if(rule == space_rule::mean) {
                blk.value[c] = dsum[c] / static_cast<double>(count[c]);
            } else if(blk.exact) {
                blk.whole[c] = rule == space_rule::sum   ? wsum[c]
                               : rule == space_rule::min ? wmin[c]
                                                         : wmax[c];
            } else {
                blk.value[c] = rule == space_rule::sum   ? dsum[c]
                               : rule == space_rule::min ? dmin[c]
                                                         : dmax[c];
            }
        }
    }
};

// Whether each output period takes at most one fine bucket: then a unit's cell
// is already its value over that period, with nothing to merge first.
inline bool one_bucket_each(const period_set& ps) {
    std::vector<char> taken(ps.n_out, 0);
    for(const auto o : ps.time.f2o) {
        if(o < 0) continue;
        if(taken[static_cast<std::size_t>(o)]) return false;
        taken[static_cast<std::size_t>(o)] = 1;
    }
    return true;
}

// sparse_slot's common case, a stock summed over units ("last" of one series,
// space rule sum, one fine bucket an output period): each cell's value is added
// straight into its domain unit's totals, which are then added up per target as
// dense_slot does. The general loop builds a whole time state a cell, merges a
// unit's cells per output period and adds each into every target.
template <class V>
bool sparse_last_sum(const period_set& ps, const slot_info& s,
                     const detail::sparse_table<V>& sp, std::size_t fine,
                     std::vector<block*>& out) {
    if(s.time != time_rule::last || s.space != space_rule::sum || s.sparse_count != 1 ||
       !(sp.fields & detail::last_value) || !one_bucket_each(ps))
        return false;
    const auto n_out = ps.n_out;
    const auto rus = ps.plan.ru_unit.size();
    std::vector<detail::acc_t<V>> by_dom(ps.plan.doms * n_out, 0);
    coverage cov(ps.plan.doms, n_out, ps.units);
    const auto lo = static_cast<std::uint64_t>(s.sparse) * rus * fine;
    const auto hi = lo + rus * fine;
    auto i = static_cast<std::size_t>(
        std::lower_bound(sp.key.begin(), sp.key.end(), lo) - sp.key.begin());
    while(i < sp.size() && sp.key[i] < hi) {
        const auto ru = static_cast<std::size_t>((sp.key[i] - lo) / fine);
        const auto dom = ps.plan.ru_dom[ru];
        // checked once a unit (none to count without output periods)
        auto* counts = n_out ? cov.at(dom, 0, ps.plan.ru_level[ru]) : nullptr;
        const std::uint64_t run_lo = lo + ru * fine, run_hi = run_lo + fine;
        for(; i < sp.size() && sp.key[i] < run_hi; ++i) {
            const auto b = static_cast<std::size_t>(sp.key[i] - run_lo);
            const auto o = ps.time.f2o[b];
            if(o == not_nested) ps.not_nested_error(s, b);
            if(o < 0) continue;
            ++counts[static_cast<std::size_t>(o) * cov.levels()];
            by_dom[static_cast<std::size_t>(dom) * n_out +
                   static_cast<std::size_t>(o)] += sp.last[i];
        }
    }
    totals_to_targets(ps, by_dom, ps.plan.doms, cov, out);
    return true;
}

template <class V>
void sparse_slot(const period_set& ps, const slot_info& s,
                 const detail::sparse_table<V>& sp, std::size_t fine,
                 std::vector<block*>& out) {
    if(sparse_last_sum(ps, s, sp, fine, out)) return;
    const auto n_out = ps.n_out;
    const auto rus = ps.plan.ru_unit.size();
    const bool exact = out.empty() ? false : out[0]->exact;
    std::vector<space_acc> acc;
    for(const auto* blk : out) acc.emplace_back(blk->value.size(), exact);
    coverage cov(ps.plan.doms, n_out, ps.units);
    // Several series totalled into the slot: each holds its own run of keys, and
    // a unit reporting in more than one of them counts once.
    const auto n_series = static_cast<std::size_t>(s.sparse_count);
    std::vector<std::uint64_t> counted(n_series > 1 ? (rus * n_out + 63) / 64 : 0);
    const auto lo = static_cast<std::uint64_t>(s.sparse) * rus * fine;
    const auto hi = lo + n_series * rus * fine;
    auto i = static_cast<std::size_t>(
        std::lower_bound(sp.key.begin(), sp.key.end(), lo) - sp.key.begin());
    std::vector<detail::time_cell<V>> tmp(n_out);
    std::vector<char> touched(n_out, 0);
    std::vector<std::size_t> list;
    while(i < sp.size() && sp.key[i] < hi) {
        // One division a run of keys (a unit's cells), none a cell.
        const auto run = static_cast<std::size_t>((sp.key[i] - lo) / fine);
        const auto ru = run % rus;
        const std::uint64_t run_lo = lo + run * fine, run_hi = run_lo + fine;
        for(; i < sp.size() && sp.key[i] < run_hi; ++i) {
            const auto b = static_cast<std::size_t>(sp.key[i] - run_lo);
            const auto o = ps.time.f2o[b];
            if(o == not_nested) ps.not_nested_error(s, b);
            if(o < 0) continue;
            const auto oo = static_cast<std::size_t>(o);
            if(touched[oo])
                tmp[oo].add(sp.get(i));
            else {
                tmp[oo] = sp.get(i);
                touched[oo] = 1;
                list.push_back(oo);
            }
        }
        const auto dom = ps.plan.ru_dom[ru];
        const auto lvl = ps.plan.ru_level[ru];
        for(const auto o : list) {
            int128 w = 0;
            double r = 0;
            time_value(tmp[o], s.time, w, r);
            const auto bit = ru * n_out + o;
            if(counted.empty() || !((counted[bit >> 6] >> (bit & 63)) & 1u)) {
                if(!counted.empty())
                    counted[bit >> 6] |= std::uint64_t{1} << (bit & 63);
                cov.add(dom, o, lvl);
            }
            for(std::size_t k = 0; k < out.size(); ++k)
                for_targets(ps.plan.target_sets[k], dom, [&](std::int32_t t) {
                    acc[k].add(static_cast<std::size_t>(t) * n_out + o, exact, w, r);
                });
            touched[o] = 0;
        }
        list.clear();
    }
    for(std::size_t k = 0; k < out.size(); ++k) {
        acc[k].into(s.space, *out[k]);
        cov.apply(ps.plan.target_sets[k], *out[k]);
    }
}

// A derived indicator, cell by cell, from its parts' finished cells.
void derived_slot(const period_set& ps, const target_set& ts, const slot_info& s,
                  std::vector<block>& blocks, block& blk) {
    std::vector<const block*> parts;
    bool exact = s.formula != formula_kind::ratio;
    for(const auto p : s.parts) {
        const auto& part = blocks[static_cast<std::size_t>(p)];
        parts.push_back(&part);
        exact = exact && part.exact;
    }
    blk.init(blocks[static_cast<std::size_t>(s.parts.at(0))].value.size(), exact);
    const auto sign = [&](std::size_t k) {
        return s.formula == formula_kind::difference && k > 0 ? -1 : 1;
    };
    for(std::size_t c = 0; c < blk.value.size(); ++c) {
        if(!std::all_of(
               parts.begin(), parts.end(), [&](const block* p) { return p->has(c); }))
            continue;
        std::int32_t rep = std::numeric_limits<std::int32_t>::max(), expect = 0,
                     lvl = -1;
        for(const auto* p : parts) {
            rep = std::min(rep, p->n_rep[c]);
            expect = std::max(expect, p->n_exp[c]);
            lvl = std::max(lvl, p->level[c]);
        }
        blk.n_rep[c] = rep;
        blk.n_exp[c] = expect;
        blk.level[c] = lvl;
        if(s.formula == formula_kind::ratio) {
            const double den = parts[1]->value[c];
            blk.value[c] = den == 0 ? std::numeric_limits<double>::quiet_NaN()
                                    : parts[0]->value[c] / den * s.factor;
        } else {
            for(std::size_t k = 0; k < parts.size(); ++k) {
                if(exact)
                    blk.whole[c] += sign(k) * parts[k]->whole[c];
                else
                    blk.value[c] += sign(k) * parts[k]->value[c];
            }
        }
    }
    ps.check_whole(s, ts, blk);
}

// One base slot's blocks (blocks[set][i]) for one period set.
void finish_slot(const period_set& ps, const detail::rollup_data& data,
                 const slot_info& s, std::size_t fine,
                 std::vector<std::vector<block>>& blocks, std::size_t i) {
    const auto& plan = ps.plan;
    const bool money = s.type == value_type::money;
    const bool exact =
        money && s.time != time_rule::mean && s.space != space_rule::mean;
    std::vector<block*> mine;
    for(std::size_t j = 0; j < blocks.size(); ++j) {
        // every block starts empty: a block is used again for later chunks and
        // period types, and a derived slot's is only filled by derived_slot
        blocks[j][i].init(plan.target_sets[j].targets.size() * ps.n_out, exact);
        mine.push_back(&blocks[j][i]);
    }
    if(s.formula != formula_kind::none) return;
    if(s.dense >= 0) {
        if(money)
            dense_slot(ps, s, data.money.dense, mine);
        else
            dense_slot(ps, s, data.real.dense, mine);
    } else if(money) {
        sparse_slot(ps, s, data.money.sparse, fine, mine);
    } else {
        sparse_slot(ps, s, data.real.sparse, fine, mine);
    }
    for(std::size_t j = 0; j < blocks.size(); ++j)
        ps.check_whole(s, plan.target_sets[j], blocks[j][i]);
}

}  // namespace

rollup_result finish(const rollup_state& state, int threads_requested) {
    rollup_result out;
    if(!state.plan_) return out;
    const auto& plan = *state.plan_;
    const auto& data = *state.data_;
    out.level_names = plan.level_names;
    std::int32_t max_id = -1;
    for(const auto& s : plan.slots) max_id = std::max(max_id, s.id);
    out.indicator_codes.resize(static_cast<std::size_t>(max_id + 1));
    for(const auto& s : plan.slots)
        out.indicator_codes[static_cast<std::size_t>(s.id)] = s.code;
    emitter emit(out);
    const auto fine = state.buckets_.size();
    const auto n_sets = plan.target_sets.size();
    const unsigned threads = std::max(
        1u,
        std::min<unsigned>(
            detail::resolve_threads(threads_requested),
            static_cast<unsigned>(std::max<std::size_t>(plan.slots.size(), 1))));

    const unit_runs runs(plan);
    std::size_t reported = 0, targets = 0, rows = 0;
    for(const auto& s : plan.slots) reported += s.reported;
    for(const auto& ts : plan.target_sets) targets += ts.targets.size();
    for(const auto& tset : plan.time_sets)
        rows += resolve_time(tset, state.buckets_).periods.size() * targets * reported;
    emit.expect(rows);
    // Without derived slots no block is read by another: slots are finished a
    // chunk at a time and their rows emitted, the chunk's blocks used again (in
    // cache, no fresh pages). A derived slot reads its parts' blocks, so then
    // every slot's block is kept until the rows are emitted.
    const std::size_t n_slots = plan.slots.size();
    const std::size_t chunk = plan.evaluation.empty()
                                  ? std::min<std::size_t>(n_slots, 32 * threads)
                                  : n_slots;
    // blocks[set][slot - first slot of the chunk]
    std::vector<std::vector<block>> blocks(n_sets, std::vector<block>(chunk));
    for(const auto& tset : plan.time_sets) {
        const period_set ps(plan, runs, tset, state.buckets_);
        std::vector<emitter::set_indices> at;
        for(const auto& ts : plan.target_sets) at.push_back(emit.indices(ps, ts));
        for(std::size_t k0 = 0; k0 < n_slots; k0 += chunk) {
            const std::size_t k1 = std::min(n_slots, k0 + chunk);
            // Rows by slot, then by target set (level), target and period: each
            // block's rows are counted (with its finish, unless derived slots
            // change blocks after it), given their place, then written --
            // together when there are many.
            const auto n_blocks = (k1 - k0) * n_sets;
            std::vector<std::size_t> first(n_blocks + 1, 0);
            const auto count = [&](std::size_t k) {
                for(std::size_t j = 0; j < n_sets; ++j)
                    first[(k - k0) * n_sets + j + 1] =
                        emitter::rows_of(plan.slots[k], blocks[j][k - k0]);
            };
            const bool derived = !plan.evaluation.empty();
            // Slots are taken as the threads are free (slots differ in work, and
            // a shared machine's cores in speed); each is finished by one thread,
            // so which one cannot change a figure.
            std::atomic<std::size_t> next{k0};
            detail::run_parallel(threads, [&](unsigned) {
                for(auto k = next++; k < k1; k = next++) {
                    finish_slot(ps, data, plan.slots[k], fine, blocks, k - k0);
                    if(!derived) count(k);
                }
            });
            for(std::size_t j = 0; j < n_sets; ++j)
                for(const auto k : plan.evaluation)
                    derived_slot(ps,
                                 plan.target_sets[j],
                                 plan.slots[static_cast<std::size_t>(k)],
                                 blocks[j],
                                 blocks[j][static_cast<std::size_t>(k)]);
            if(derived)
                for(std::size_t k = k0; k < k1; ++k) count(k);
            bool exact = false;
            for(std::size_t b = 0; b < n_blocks; ++b) {
                first[b + 1] += first[b];
                exact = exact || (first[b + 1] > first[b] &&
                                  blocks[b % n_sets][b / n_sets].exact);
            }
            const auto at0 = emit.grow(first[n_blocks], exact);
            const auto write = [&](unsigned t, unsigned step) {
                for(std::size_t b = t; b < n_blocks; b += step)
                    emit.write(plan.slots[k0 + b / n_sets],
                               at[b % n_sets],
                               blocks[b % n_sets][b / n_sets],
                               at0 + first[b]);
            };
            // A thread takes tens of microseconds to start: worth it from some
            // 64K rows (a few hundred microseconds of writing) on.
            const unsigned writers = first[n_blocks] >= (1u << 16) ? threads : 1u;
            detail::run_parallel(writers, [&](unsigned t) { write(t, writers); });
        }
    }
    return out;
}

}  // namespace chitieu
