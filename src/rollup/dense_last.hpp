// The rollup pass's "last" time states held in a dense table, a cell per key,
// instead of filed as entries (key_ranges.hpp): the choice for stocks whose
// rows outnumber their cells.
//
// Every non-flow row becomes a 16-byte entry, written once and read twice, and
// then a time state a cell. When a stock has rows for (nearly) every unit and
// month, entries are most of the rollup's fresh memory: at 1e8 rows, 10 million
// stock rows were 160 MB of entries for 3.4 million cells, and on the project's
// virtual machine fresh memory costs 1-2 ms a MB on a first call (47% of a first
// ratio-and-stock rollup's samples were the kernel zeroing new pages). A cell
// here is the state itself (ordering key and value, 16 bytes), updated in place
// as rows come: cells x 16 bytes instead of rows x 16.
#pragma once

#include "common/huge_pages.hpp"
#include "common/parallel.hpp"
#include "common/uninitialized.hpp"
#include "rollup/time_states.hpp"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace chitieu::detail {

/// A key's "last" state: the ordering key of its value's period (`no_last`
/// when the key has none) and the value.
template <class V>
struct last_cell {
    std::int64_t key;
    V value;
};
inline constexpr std::int64_t no_last = std::numeric_limits<std::int64_t>::min();

/// A cell per key, in key order: the pass's merged lanes, which a state keeps as
/// they are (filed as a sparse table only for a merge or its bytes), so the
/// rollup's first call does not write every cell again into fresh memory (at
/// 1e8 rows, 81 MB for 3.4 million cells; 22% of a first ratio-and-stock
/// rollup's samples were the kernel zeroing those pages).
template <class V>
using last_cells = uninitialized_vector<last_cell<V>>;

/// One lane's last value per key. Rows are added in row order; a later row wins
/// a tie of ordering keys, as the entries' fold does.
template <class V>
class dense_last {
public:
    /// Every add is a random read-modify-write: the pass computes a block's keys
    /// first (prefetching each cell) and adds them a block later.
    static constexpr bool deferred = true;
    using cell = last_cell<V>;

    dense_last() = default;
    dense_last(std::size_t cells, const std::int64_t* order_key)
        : order_key_(order_key) {
        reserve_huge(cells_, cells);
        cells_.resize(cells);
        for(auto& c : cells_) c.key = no_last;  // first touched by the lane's thread
    }

    void prefetch(std::uint64_t key) const {
        __builtin_prefetch(cells_.data() + key, 1);
    }
    void add(std::uint64_t key, std::int32_t period, V value) {
        auto& c = cells_[key];
        const auto k = order_key_[static_cast<std::size_t>(period)];
        if(k >= c.key) c = {k, value};
    }

    std::size_t size() const { return cells_.size(); }
    cell* data() { return cells_.data(); }
    const cell* data() const { return cells_.data(); }
    /// The cells, moved out (the lane is empty after).
    last_cells<V> take() { return std::move(cells_); }
    void release() { last_cells<V>().swap(cells_); }

private:
    const std::int64_t* order_key_ = nullptr;
    last_cells<V> cells_;
};

/// Whether `lanes` dense tables of `key_space` cells take less memory than the
/// entries of `rows` non-flow rows: only for "last" states (the stocks' rule),
/// and only when the rows are counted (0: unknown).
inline bool prefer_dense_last(unsigned fields, std::uint64_t key_space, unsigned lanes,
                              std::size_t rows) {
    return fields == last_value && rows > 0 && key_space > 0 &&
           key_space * lanes < rows;
}

/// The lanes' states merged in lane order (lanes hold consecutive runs of rows,
/// so a later lane's value wins a tie): the first lane's cells, returned; every
/// lane is released.
template <class V>
last_cells<V> merge_lanes(std::vector<dense_last<V>>& lanes, unsigned threads) {
    const std::size_t n = lanes.empty() ? 0 : lanes[0].size();
    if(lanes.size() > 1)
        run_parallel(threads, [&](unsigned t) {
            const auto [c0, c1] = slice(n, t, threads);
            auto* first = lanes[0].data();
            for(std::size_t l = 1; l < lanes.size(); ++l) {
                const auto* later = lanes[l].data();
                for(std::size_t c = c0; c < c1; ++c)
                    // An empty cell's key is below every other: it never wins.
                    if(later[c].key >= first[c].key) first[c] = later[c];
            }
        });
    last_cells<V> out = lanes.empty() ? last_cells<V>() : lanes[0].take();
    lanes.clear();
    return out;
}

/// The present cells written as a sparse table in key order (`out.fields` is
/// last_value).
template <class V>
void file_last_cells(const last_cells<V>& cells, unsigned threads,
                     sparse_table<V>& out) {
    const std::size_t n = cells.size();
    std::vector<std::size_t> at(threads + 1, 0);
    run_parallel(threads, [&](unsigned t) {
        const auto [c0, c1] = slice(n, t, threads);
        std::size_t present = 0;
        for(std::size_t c = c0; c < c1; ++c) present += cells[c].key != no_last;
        at[t + 1] = present;
    });
    for(unsigned t = 0; t < threads; ++t) at[t + 1] += at[t];
    out.resize(at[threads]);
    run_parallel(threads, [&](unsigned t) {
        const auto [c0, c1] = slice(n, t, threads);
        std::size_t o = at[t];
        for(std::size_t c = c0; c < c1; ++c) {
            if(cells[c].key == no_last) continue;
            out.key[o] = c;
            out.last[o] = cells[c].value;
            out.last_key[o++] = cells[c].key;
        }
    });
}

}  // namespace chitieu::detail
