// The finish of sparse slots (stocks and the other time rules, whose states the
// pass keeps per reporting unit): each unit's states merged per output period by
// the time rule, then added up per target by the space rule, with coverage. The
// states are read through a view, so a state's cells (dense_last.hpp) are read
// where the pass left them, never filed first.
#pragma once

#include "rollup/finish_dense.hpp"
#include "rollup/finish_tables.hpp"
#include "rollup/rollup_kernel.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

namespace chitieu::detail::finishing {

// The states as a sparse table: every position holds one, at its key.
template <class V>
class filed_states {
public:
    explicit filed_states(const sparse_table<V>& sp) : sp_(sp) {}
    unsigned fields() const { return sp_.fields; }
    std::size_t size() const { return sp_.size(); }
    std::size_t first_from(std::uint64_t key) const {
        return static_cast<std::size_t>(
            std::lower_bound(sp_.key.begin(), sp_.key.end(), key) - sp_.key.begin());
    }
    std::uint64_t key(std::size_t i) const { return sp_.key[i]; }
    static constexpr bool held(std::size_t) { return true; }
    V last(std::size_t i) const { return sp_.last[i]; }
    time_cell<V> get(std::size_t i) const { return sp_.get(i); }

private:
    const sparse_table<V>& sp_;
};

// The states as cells: position i is key i, and holds a state if it has a value.
template <class V>
class cell_states {
public:
    explicit cell_states(const last_cells<V>& cells) : cells_(cells) {}
    static constexpr unsigned fields() { return last_value; }
    std::size_t size() const { return cells_.size(); }
    std::size_t first_from(std::uint64_t key) const {
        return static_cast<std::size_t>(std::min<std::uint64_t>(key, size()));
    }
    static std::uint64_t key(std::size_t i) { return i; }
    bool held(std::size_t i) const { return cells_[i].key != no_last; }
    V last(std::size_t i) const { return cells_[i].value; }
    time_cell<V> get(std::size_t i) const {
        time_cell<V> c{};
        c.last = cells_[i].value;
        c.last_key = cells_[i].key;
        return c;
    }

private:
    const last_cells<V>& cells_;
};

// The output period of position i in a unit's run of keys from `run_lo`, or
// negative when the position holds no state or is outside every output period;
// throws for a bucket that straddles one.
template <class States>
std::int32_t output_period(const period_set& ps, const slot_info& s, const States& st,
                           std::size_t i, std::uint64_t run_lo) {
    if(!st.held(i)) return out_of_scope;
    const auto b = static_cast<std::size_t>(st.key(i) - run_lo);
    const auto o = ps.time.f2o[b];
    if(o == not_nested) ps.not_nested_error(s, b);
    return o;
}

// A unit's value over one output period by the time rule: exactly (`whole`) for
// money other than means, else as a double (`real`).
template <class V>
void time_value(const time_cell<V>& c, time_rule rule, int128& whole, double& real) {
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
template <class V, class States>
bool sparse_last_sum(const period_set& ps, const slot_info& s, const States& st,
                     std::size_t fine, std::vector<block*>& out) {
    if(s.time != time_rule::last || s.space != space_rule::sum || s.sparse_count != 1 ||
       !(st.fields() & last_value) || !one_bucket_each(ps))
        return false;
    const auto n_out = ps.n_out;
    const auto rus = ps.plan.ru_unit.size();
    std::vector<acc_t<V>> by_dom(ps.plan.doms * n_out, 0);
    coverage cov(ps.plan.doms, n_out, ps.units);
    const auto lo = static_cast<std::uint64_t>(s.sparse) * rus * fine;
    const auto hi = lo + rus * fine;
    auto i = st.first_from(lo);
    while(i < st.size() && st.key(i) < hi) {
        const auto ru = static_cast<std::size_t>((st.key(i) - lo) / fine);
        const auto dom = ps.plan.ru_dom[ru];
        // checked once a unit (none to count without output periods)
        auto* counts = n_out ? cov.at(dom, 0, ps.plan.ru_level[ru]) : nullptr;
        const std::uint64_t run_lo = lo + ru * fine, run_hi = run_lo + fine;
        for(; i < st.size() && st.key(i) < run_hi; ++i) {
            const auto o = output_period(ps, s, st, i, run_lo);
            if(o < 0) continue;
            ++counts[static_cast<std::size_t>(o) * cov.levels()];
            by_dom[static_cast<std::size_t>(dom) * n_out +
                   static_cast<std::size_t>(o)] += st.last(i);
        }
    }
    totals_to_targets(ps, by_dom, ps.plan.doms, cov, out);
    return true;
}

template <class V, class States>
void states_slot(const period_set& ps, const slot_info& s, const States& st,
                 std::size_t fine, std::vector<block*>& out) {
    if(sparse_last_sum<V>(ps, s, st, fine, out)) return;
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
    auto i = st.first_from(lo);
    std::vector<time_cell<V>> tmp(n_out);
    std::vector<char> touched(n_out, 0);
    std::vector<std::size_t> list;
    while(i < st.size() && st.key(i) < hi) {
        // One division a run of keys (a unit's cells), none a cell.
        const auto run = static_cast<std::size_t>((st.key(i) - lo) / fine);
        const auto ru = run % rus;
        const std::uint64_t run_lo = lo + run * fine, run_hi = run_lo + fine;
        for(; i < st.size() && st.key(i) < run_hi; ++i) {
            const auto o = output_period(ps, s, st, i, run_lo);
            if(o < 0) continue;
            const auto oo = static_cast<std::size_t>(o);
            if(touched[oo])
                tmp[oo].add(st.get(i));
            else {
                tmp[oo] = st.get(i);
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

// One sparse slot's blocks, from the states as the pass or a merge left them.
template <class V>
void sparse_slot(const period_set& ps, const slot_info& s, const partial<V>& p,
                 std::size_t fine, std::vector<block*>& out) {
    if(p.cells.empty())
        states_slot<V>(ps, s, filed_states<V>(p.sparse), fine, out);
    else
        states_slot<V>(ps, s, cell_states<V>(p.cells), fine, out);
}

}  // namespace chitieu::detail::finishing
