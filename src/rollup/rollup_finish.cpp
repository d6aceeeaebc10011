// Finishing a rollup state: fine buckets -> requested periods, domain units ->
// target units, time rules per reporting unit, space rules per target, derived
// indicators from their aggregated parts, coverage. Work is per requested period
// type; every requested level is served from the same per-slot pass.
#include <chitieu/rollup.hpp>

#include "rollup/bits.hpp"
#include "rollup/finish_dense.hpp"
#include "rollup/finish_sparse.hpp"
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
        sparse_slot(ps, s, data.money, fine, mine);
    } else {
        sparse_slot(ps, s, data.real, fine, mine);
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
