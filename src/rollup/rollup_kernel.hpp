// The rollup's one pass over the rows, on plain mapping arrays.
//
// Every row is (indicator, unit, period, value). Three gathers place it:
// indicator -> slot, unit -> (domain unit, reporting unit), period -> fine bucket;
// a negative entry means "not in this rollup". Then:
//  * flow slots (sum over time and units) add straight into a dense array of
//    sums [slot][domain unit][bucket] and set a presence bit
//    [slot][reporting unit][bucket] (for coverage: distinct reporting units);
//  * other slots keep a per-reporting-unit time state (sum, count, min, max,
//    last and first with their ordering keys), collected as (key, period, value)
//    entries filed by narrow key ranges and folded range by range in cache
//    (key_ranges.hpp), so memory follows the data, not the product of the
//    dimensions.
// Each thread owns flow accumulators (a lane of chunks of rows, see run_lanes),
// added after the pass; the ranges of every lane's entries are split over the
// threads to fold. Money
// (int64) sums accumulate in __int128 so no partial sum can overflow; the
// finish step checks that totals fit int64.
#pragma once

#include <chitieu/error.hpp>

#include "common/flags.hpp"
#include "common/huge_pages.hpp"
#include "common/parallel.hpp"
#include "rollup/dense_last.hpp"
#include "rollup/key_ranges.hpp"
#include "rollup/time_states.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

namespace chitieu::detail {

/// Flow sums [slot][dom][fine] and presence bits [slot][ru][fine].
template <class V>
struct dense_table {
    std::size_t slots = 0, doms = 0, rus = 0, fine = 0;
    std::vector<acc_t<V>> sum;
    std::vector<std::uint64_t> presence;

    /// Zeroed sums and, when `with_presence`, presence bits (a thread whose
    /// presence the caller fills from elsewhere needs none).
    void allocate(std::size_t s, std::size_t d, std::size_t r, std::size_t f,
                  bool with_presence = true) {
        slots = s;
        doms = d;
        rus = r;
        fine = f;
        assign_huge(sum, s * d * f, acc_t<V>{});
        assign_huge(
            presence, with_presence ? (s * r * f + 63) / 64 : 0, std::uint64_t{0});
    }
    bool present(std::size_t slot, std::size_t ru, std::size_t bucket) const {
        const std::size_t bit = (slot * rus + ru) * fine + bucket;
        return (presence[bit >> 6] >> (bit & 63)) & 1u;
    }
};

/// Everything one pass over one value type's rows produces.
template <class V>
struct partial {
    dense_table<V> dense;
    /// The time states of the sparse slots, filed by key; or, when the pass held
    /// them a cell per key (stocks with more rows than cells), `cells` instead and
    /// this empty but for its fields; `filed_table` (rollup_data.hpp) gives the
    /// sparse table either way.
    sparse_table<V> sparse;
    last_cells<V> cells;
};

/// Where a unit's rows go: offsets dom * fine and ru * fine, or -1 for a unit
/// outside every target (its rows are not part of this rollup).
struct unit_entry {
    std::int32_t dom_offset;
    std::int32_t ru_offset;
};

/// Where an indicator's rows go: -1 in a field means "not on that path".
struct slot_entry {
    std::int64_t dense_base;     ///< dense slot * doms * fine
    std::int64_t presence_base;  ///< dense slot * rus * fine
    std::int64_t sparse_base;    ///< sparse slot * rus * fine
};

/// The mapping arrays of a pass, for one value type.
struct pass_tables {
    std::size_t doms = 0, rus = 0, fine = 0;
    std::size_t dense_slots = 0, sparse_slots = 0;
    std::vector<slot_entry> slot;         ///< per indicator id
    std::vector<unit_entry> unit;         ///< per unit id
    std::vector<std::int32_t> bucket;     ///< per period id: fine bucket or -1
    std::vector<std::int64_t> order_key;  ///< per period id: for last/first
    /// Set by `sealed`, per indicator id: 1 when its rows are in this rollup.
    std::vector<std::uint8_t> wanted;
    /// The parts of a time state the sparse slots' rules read (time_fields).
    unsigned time_fields = all_time_fields;
    /// Rows of the sparse slots' indicators, when counted (0: not known); with
    /// the time fields, it decides how their states are held (dense_last.hpp).
    std::size_t sparse_rows = 0;
    /// Set presence bits in the pass; false when the caller fills them from the
    /// observations' own bit set (much cheaper than a random bit set per row).
    bool presence = true;
    /// Set by `sealed`: ids below these are in range; a block of rows with an
    /// id at or beyond one (memory the caller changed after the build) is
    /// refused by the pass.
    std::uint32_t n_indicators = 0, n_units = 0, n_periods = 0;

    /// A copy with the table sizes recorded and the wanted indicators marked.
    pass_tables sealed() const {
        pass_tables out = *this;
        out.n_indicators = static_cast<std::uint32_t>(slot.size());
        out.n_units = static_cast<std::uint32_t>(unit.size());
        out.n_periods = static_cast<std::uint32_t>(bucket.size());
        out.order_key.resize(out.bucket.size(), 0);  // one per period, as bucket
        out.wanted.resize(out.slot.size());
        for(std::size_t k = 0; k < out.slot.size(); ++k)
            out.wanted[k] = out.slot[k].dense_base >= 0 || out.slot[k].sparse_base >= 0;
        return out;
    }
};

/// Rows are placed a block at a time: first every row's cell is computed and its
/// accumulator line prefetched, then the block's adds run. With shuffled rows the
/// accumulators are random reads (in L2 for a small rollup, L3 for a large one);
/// a block's worth of them is then in flight at once instead of one at a time.
inline constexpr std::size_t pass_block = 64;

/// The inner loop. A block's rows of indicators in this rollup are picked first
/// (one lookup a row: a rollup of a tenth of the indicators skips the rest of
/// the work for nine rows in ten). Flow rows: one add (and, when the caller has
/// no presence bitmap of its own, one bit set), placed without a branch.
/// Non-flow rows (Sparse) append an entry to their key range (the one branch
/// left), or, when their states are cells of a table (dense_last.hpp), are
/// placed as the flows are, a block later. A block's ids are checked against
/// the tables first, in loops the compiler vectorises; a block with an id out of
/// range (memory changed after the build) is not placed, and the pass returns
/// true.
template <class V, class Sink, bool Sparse, bool SkipNonFinite, bool Presence>
bool pass_rows(const row_columns<V>& rows, std::size_t begin, std::size_t end,
               const pass_tables& tab, acc_t<V>* sum, std::uint64_t* presence,
               Sink& states) {
    const slot_entry* slots = tab.slot.data();
    const unit_entry* units = tab.unit.data();
    const std::int32_t* buckets = tab.bucket.data();
    const std::uint8_t* wanted = tab.wanted.data();
    const std::int32_t* ind = rows.indicator;
    const std::int32_t* unit = rows.unit;
    const std::int32_t* per = rows.period;
    const V* value = rows.value;
    // Non-zero when any of n ids from `at` is negative or n_max or more (a
    // number, not a bool, so the three columns' answers are ORed without a branch).
    const auto beyond = [](const std::int32_t* at, std::size_t n, std::uint32_t n_max) {
        std::uint32_t bad = 0;
        for(std::size_t j = 0; j < n; ++j)
            bad |=
                static_cast<std::uint32_t>(static_cast<std::uint32_t>(at[j]) >= n_max);
        return bad;
    };
    bool stray = false;
    // The block's rows in this rollup's flow cells: their cell, value and (for
    // presence) bit, appended without a branch (a shuffled mix of flows, other
    // indicators and rows outside the request defeats branch prediction), and
    // added a block later, as the deferred states below are: the sums of a
    // rollup to districts are 14 MB, beyond the caches at 1e8 rows.
    std::int64_t cell[2][pass_block];
    V addend[2][pass_block];
    std::int64_t bit[2][Presence ? pass_block : 1];
    std::size_t adds = 0;  // flow rows of the previous block, in set `set ^ 1`
    std::uint32_t pick[pass_block];
    // Non-flow rows whose states are cells of a table (Sink::deferred): their
    // cells are fetched with the block's keys and updated a block later, so a
    // fetch has two blocks' work to arrive (the table is tens of MB: memory,
    // not cache). Blocks alternate between two sets; rows stay in order.
    constexpr bool deferred = Sparse && Sink::deferred;
    constexpr std::size_t held = deferred ? pass_block : 1;
    std::int64_t state_key[2][held];
    std::size_t state_row[2][held];
    std::size_t waiting = 0;  // rows of the previous block in set `set ^ 1`
    unsigned set = 0;
    const auto update = [&](unsigned which, std::size_t count) {
        for(std::size_t k = 0; k < count; ++k)
            states.add(static_cast<std::uint64_t>(state_key[which][k]),
                       per[state_row[which][k]],
                       value[state_row[which][k]]);
    };
    const auto add_flows = [&](unsigned which, std::size_t count) {
        for(std::size_t k = 0; k < count; ++k) {
            sum[cell[which][k]] += addend[which][k];
            if constexpr(Presence) {
                const auto at = static_cast<std::uint64_t>(bit[which][k]);
                presence[at >> 6] |= std::uint64_t{1} << (at & 63);
            }
        }
    };
    for(std::size_t b0 = begin; b0 < end; b0 += pass_block) {
        const std::size_t n = std::min(end - b0, pass_block);
        // The columns sixteen blocks ahead: the picks' sparse reads and the
        // accumulators' random ones leave the hardware's stream prefetch
        // behind (1e8 rows, ratios and stocks: 1.20-1.28 -> 1.09-1.18 s).
        constexpr std::size_t ahead = 16 * pass_block;
        if(b0 + ahead + pass_block <= end)
            for(std::size_t l = 0; l < pass_block; l += 16) {
                __builtin_prefetch(ind + b0 + ahead + l);
                __builtin_prefetch(unit + b0 + ahead + l);
                __builtin_prefetch(per + b0 + ahead + l);
                __builtin_prefetch(value + b0 + ahead + l);
                __builtin_prefetch(value + b0 + ahead + l + 8);
            }
        if((beyond(ind + b0, n, tab.n_indicators) | beyond(unit + b0, n, tab.n_units) |
            beyond(per + b0, n, tab.n_periods)) != 0) {
            stray = true;
            continue;
        }
        std::size_t picked = 0;
        for(std::size_t j = 0; j < n; ++j) {
            pick[picked] = static_cast<std::uint32_t>(j);
            picked += wanted[static_cast<std::uint32_t>(ind[b0 + j])];
        }
        std::size_t m = 0, ms = 0;
        for(std::size_t q = 0; q < picked; ++q) {
            const std::size_t j = pick[q];
            const std::size_t i = b0 + j;
            const auto ui = static_cast<std::uint32_t>(unit[i]),
                       pi = static_cast<std::uint32_t>(per[i]),
                       ki = static_cast<std::uint32_t>(ind[i]);
            const unit_entry u = units[ui];
            const std::int32_t b = buckets[pi];
            const slot_entry& s = slots[ki];
            bool in = (u.dom_offset | b) >= 0;
            if constexpr(SkipNonFinite) in = in & std::isfinite(value[i]);
            // Masks, not conditions: the compiler keeps them free of branches.
            const bool dense = in & (s.dense_base >= 0);
            const std::int64_t c =
                (s.dense_base + u.dom_offset + b) & -static_cast<std::int64_t>(dense);
            __builtin_prefetch(sum + c, 1);
            cell[set][m] = c;
            addend[set][m] = value[i];
            if constexpr(Presence) bit[set][m] = s.presence_base + u.ru_offset + b;
            m += dense;
            if constexpr(deferred) {
                const bool on = in & (s.sparse_base >= 0);
                const std::int64_t key =
                    (s.sparse_base + u.ru_offset + b) & -static_cast<std::int64_t>(on);
                states.prefetch(static_cast<std::uint64_t>(key));
                state_key[set][ms] = key;
                state_row[set][ms] = i;
                ms += on;
            } else if constexpr(Sparse) {
                if(in & (s.sparse_base >= 0))
                    states.add(
                        static_cast<std::uint64_t>(s.sparse_base + u.ru_offset + b),
                        static_cast<std::int32_t>(pi),
                        value[i]);
            }
        }
        if constexpr(deferred) {
            update(set ^ 1, waiting);
            waiting = ms;
        }
        add_flows(set ^ 1, adds);
        adds = m;
        set ^= 1;
    }
    if constexpr(deferred) update(set ^ 1, waiting);
    add_flows(set ^ 1, adds);
    return stray;
}

/// a += b for two dense tables of the same geometry, cells split over threads.
template <class V>
void add_dense(dense_table<V>& a, const dense_table<V>& b, unsigned threads) {
    run_parallel(threads, [&](unsigned t) {
        const auto [s0, s1] = slice(a.sum.size(), t, threads);
        for(std::size_t k = s0; k < s1; ++k) a.sum[k] += b.sum[k];
        const auto [p0, p1] = slice(b.presence.size(), t, threads);
        for(std::size_t k = p0; k < p1; ++k) a.presence[k] |= b.presence[k];
    });
}

/// Adds the other lanes' dense tables (same geometry) into the first's, in
/// lane order, cells split over threads (one parallel region for them all).
template <class V>
void add_lanes(std::vector<partial<V>>& lanes, unsigned threads) {
    auto& a = lanes[0].dense;
    run_parallel(threads, [&](unsigned t) {
        const auto [s0, s1] = slice(a.sum.size(), t, threads);
        for(std::size_t l = 1; l < lanes.size(); ++l) {
            const auto& b = lanes[l].dense;
            for(std::size_t k = s0; k < s1; ++k) a.sum[k] += b.sum[k];
            const auto [p0, p1] = slice(b.presence.size(), t, threads);
            for(std::size_t k = p0; k < p1; ++k) a.presence[k] |= b.presence[k];
        }
    });
}

/// One pass over `rows` with `threads` threads (rows in lanes of chunks, see
/// run_lanes); the lanes' flow sums are added, their time states folded by key
/// range. Non-finite values are skipped when `skip_nonfinite` (the caller has
/// checked the policy allows it).
template <class V, class Key>
partial<V> run_pass_keyed(const row_columns<V>& rows, const pass_tables& tab,
                          unsigned threads, bool skip_nonfinite) {
    // Accumulators in lanes, one a thread, each filled with its run of
    // consecutive chunks of rows, in row order, by whichever thread is free
    // (run_lanes): the sums are the same on every run, lane order is row order
    // (later rows win ties of "last" when the lanes' entries are folded), and a
    // thread that is done takes on a slower one's chunks (two threads at 1e7
    // rows, fixed halves: one took 25 ms, the other 37). More lanes than threads would
    // balance better but cost a table each and the cache of switching tables: tried
    // with two a thread, the multi-level rollup's pass went from 45 to 65 ms, ratio +
    // stock's fold from 6 to 10-17 ms. One thread: one lane, one chunk.
    const unsigned lanes = threads;
    const std::size_t chunk =
        threads == 1 ? std::max<std::size_t>(rows.size, 1)
                     : std::clamp<std::size_t>(
                           rows.size / (std::size_t{8} * lanes), 4096, 65536);
    std::vector<partial<V>> parts(lanes);
    const bool sparse = tab.sparse_slots > 0;
    const std::uint64_t key_space =
        static_cast<std::uint64_t>(tab.sparse_slots) * tab.rus * tab.fine;
    const auto split =
        range_split::of(key_space,
                        tab.time_fields == last_value ? sizeof(V) + sizeof(std::int64_t)
                                                      : sizeof(time_cell<V>));
    // Stocks with more rows than cells keep their states in a table a lane
    // (dense_last.hpp), the others file entries by key range.
    const bool in_cells =
        sparse && prefer_dense_last(tab.time_fields, key_space, lanes, tab.sparse_rows);
    std::vector<key_ranges<V, Key>> entries(in_cells ? 0 : lanes,
                                            key_ranges<V, Key>(split));
    std::vector<dense_last<V>> cells(in_cells ? lanes : 0);
    std::atomic<bool> stray{false};
    run_lanes(
        threads,
        lanes,
        (rows.size + chunk - 1) / chunk,
        [&](unsigned l) {
            parts[l].dense.allocate(
                tab.dense_slots, tab.doms, tab.rus, tab.fine, tab.presence || l == 0);
            if(in_cells) cells[l] = dense_last<V>(key_space, tab.order_key.data());
        },
        [&](unsigned l, std::size_t c) {
            const std::size_t begin = c * chunk,
                              end = std::min(rows.size, begin + chunk);
            auto* sum = parts[l].dense.sum.data();
            auto* presence = parts[l].dense.presence.data();
            const bool skip = std::is_floating_point_v<V> && skip_nonfinite;
            const auto place = [&](auto& states, bool has_sparse) {
                with_flags(
                    [&](auto non_flow, auto skip_it, auto set_presence) {
                        if(pass_rows<V,
                                     std::decay_t<decltype(states)>,
                                     decltype(non_flow)::value,
                                     decltype(skip_it)::value,
                                     decltype(set_presence)::value>(
                               rows, begin, end, tab, sum, presence, states))
                            stray = true;
                    },
                    has_sparse,
                    skip,
                    tab.presence);
            };
            if(in_cells)
                place(cells[l], true);
            else
                place(entries[l], sparse);
        });
    if(stray)
        throw input_error(
            "observation ids out of range: the arrays given to the observations "
            "were modified after they were built (keep them unchanged while the "
            "observations live, or build again)");
    add_lanes(parts, threads);
    partial<V> out = std::move(parts[0]);
    parts.clear();
    out.sparse.fields = tab.time_fields;
    if(in_cells)
        out.cells = merge_lanes(cells, threads);
    else if(sparse)
        fold_ranges(entries, split, key_space, tab.order_key, threads, out.sparse);
    return out;
}

template <class V>
partial<V> run_pass(const row_columns<V>& rows, const pass_tables& unsealed,
                    unsigned threads, bool skip_nonfinite) {
    const pass_tables tab = unsealed.sealed();
    threads = std::max(1u,
                       std::min<unsigned>(threads,
                                          static_cast<unsigned>(std::max<std::size_t>(
                                              rows.size / 1024, 1))));
    const std::uint64_t key_space =
        static_cast<std::uint64_t>(tab.sparse_slots) * tab.rus * tab.fine;
    if(key_space <= (std::uint64_t{1} << 32))
        return run_pass_keyed<V, std::uint32_t>(rows, tab, threads, skip_nonfinite);
    return run_pass_keyed<V, std::uint64_t>(rows, tab, threads, skip_nonfinite);
}

}  // namespace chitieu::detail
