// The finish of flow slots (sums over time and units, kept dense by the pass):
// fine buckets summed into output periods per domain unit, coverage counted from
// the presence bits, then both added up per target. Also the totals step the
// stock fast path shares (finish_sparse.hpp).
#pragma once

#include "common/bit_count.hpp"
#include "rollup/bits.hpp"
#include "rollup/finish_tables.hpp"
#include "rollup/rollup_kernel.hpp"

#include <cstdint>
#include <stdexcept>
#include <type_traits>
#include <vector>

namespace chitieu::detail::finishing {

// Sums per (domain unit, output period) added up per target of every target set
// into the slot's blocks (money exactly), with their coverage.
template <class A>
void totals_to_targets(const period_set& ps, const std::vector<A>& by_dom,
                       std::size_t doms, const coverage& cov,
                       std::vector<block*>& out) {
    const auto n_out = ps.n_out;
    for(std::size_t k = 0; k < out.size(); ++k) {
        const auto& ts = ps.plan.target_sets[k];
        auto& blk = *out[k];
        // added up in the block's own column, zeroed by its init (money here is
        // a sum or a last value summed over units: exact, so `whole` is sized)
        auto& acc = [&]() -> std::vector<A>& {
            if constexpr(std::is_same_v<A, int128>)
                return blk.whole;
            else
                return blk.value;
        }();
        if(acc.size() != blk.value.size())
            throw std::logic_error("chitieu: money totals of a slot that is not exact");
        for(std::size_t u = 0; u < doms; ++u)
            for_targets(ts, static_cast<std::int32_t>(u), [&](std::int32_t t) {
                for(std::size_t o = 0; o < n_out; ++o)
                    acc[static_cast<std::size_t>(t) * n_out + o] +=
                        by_dom[u * n_out + o];
            });
        cov.apply(ts, blk);
    }
}

template <class V>
void dense_slot(const period_set& ps, const slot_info& s,
                const detail::dense_table<V>& d, std::vector<block*>& out) {
    const auto ds = static_cast<std::size_t>(s.dense);
    const auto fine = d.fine, n_out = ps.n_out;
    std::vector<detail::acc_t<V>> by_dom(d.doms * n_out, 0);
    for(std::size_t u = 0; u < d.doms; ++u)
        for(std::size_t b = 0; b < fine; ++b) {
            const auto o = ps.time.f2o[b];
            if(o >= 0)
                by_dom[u * n_out + static_cast<std::size_t>(o)] +=
                    d.sum[(ds * d.doms + u) * fine + b];
        }
    coverage cov(d.doms, n_out, ps.units);
    if(ps.mapped && fine > 0) {
        // Per run of units: their output-period masks, counted per bit.
        detail::bit_counter counter(n_out);
        const auto* order = ps.units.order.data();
        const auto* presence = d.presence.data();
        const auto base = ds * d.rus;
        for(const auto& run : ps.units.runs) {
            if(ps.grouped && run.consecutive) {
                const auto from = (base + order[run.begin]) * fine;
                detail::count_field_groups(presence,
                                           from,
                                           from + (run.end - run.begin) * fine,
                                           static_cast<unsigned>(fine),
                                           ps.groups.data(),
                                           n_out,
                                           cov.at(run.dom, 0, run.level),
                                           cov.levels());
                continue;
            }
            counter.add_each(run.end - run.begin, [&](std::size_t j) {
                const auto ru = order[run.begin + j];
                const auto field =
                    detail::bit_field(presence, (base + ru) * fine, fine);
                if(field & ps.not_nested_bits)
                    ps.not_nested_error(s,
                                        static_cast<std::size_t>(__builtin_ctzll(
                                            field & ps.not_nested_bits)));
                return ps.to_out(field);
            });
            counter.flush(cov.at(run.dom, 0, run.level), cov.levels(), n_out);
        }
    } else {
        std::vector<std::size_t> stamp(n_out, SIZE_MAX);
        for(std::size_t ru = 0; ru < d.rus && fine > 0; ++ru) {
            const auto dom = ps.plan.ru_dom[ru];
            const auto lvl = ps.plan.ru_level[ru];
            for(std::size_t b = 0; b < fine; ++b) {
                if(!d.present(ds, ru, b)) continue;
                const auto o = ps.time.f2o[b];
                if(o == not_nested) ps.not_nested_error(s, b);
                if(o < 0 || stamp[static_cast<std::size_t>(o)] == ru) continue;
                stamp[static_cast<std::size_t>(o)] = ru;
                cov.add(dom, static_cast<std::size_t>(o), lvl);
            }
        }
    }
    totals_to_targets(ps, by_dom, d.doms, cov, out);
}

}  // namespace chitieu::detail::finishing
