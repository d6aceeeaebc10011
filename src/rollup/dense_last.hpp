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

/// One lane's last value per key. Rows are added in row order; a later row wins
/// a tie of ordering keys, as the entries' fold does.
template <class V>
class dense_last {
public:
    /// Every add is a random read-modify-write: the pass computes a block's keys
    /// first (prefetching each cell) and adds them a block later.
    static constexpr bool deferred = true;
    static constexpr std::int64_t empty = std::numeric_limits<std::int64_t>::min();

    struct cell {
        std::int64_t key;  ///< ordering key of the value's period; `empty` if none
        V value;
    };

    dense_last() = default;
    dense_last(std::size_t cells, const std::int64_t* order_key)
        : order_key_(order_key) {
        reserve_huge(cells_, cells);
        cells_.resize(cells);
        for(auto& c : cells_) c.key = empty;  // first touched by the lane's thread
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
    void release() { uninitialized_vector<cell>().swap(cells_); }

private:
    const std::int64_t* order_key_ = nullptr;
    uninitialized_vector<cell> cells_;
};

/// Whether `lanes` dense tables of `key_space` cells take less memory than the
/// entries of `rows` non-flow rows: only for "last" states (the stocks' rule),
/// and only when the rows are counted (0: unknown).
inline bool prefer_dense_last(unsigned fields, std::uint64_t key_space, unsigned lanes,
                              std::size_t rows) {
    return fields == last_value && rows > 0 && key_space > 0 &&
           key_space * lanes < rows;
}

/// The lanes' states, merged in lane order (lanes hold consecutive runs of rows,
/// so a later lane's value wins a tie), written as the sparse table's present
/// cells in key order (`out.fields` is last_value). Lanes are released as read.
template <class V>
void fold_dense_last(std::vector<dense_last<V>>& lanes, unsigned threads,
                     sparse_table<V>& out) {
    using cell = typename dense_last<V>::cell;
    const std::size_t n = lanes.empty() ? 0 : lanes[0].size();
    std::vector<std::size_t> at(threads + 1, 0);
    run_parallel(threads, [&](unsigned t) {
        const auto [c0, c1] = slice(n, t, threads);
        cell* first = lanes[0].data();
        for(std::size_t l = 1; l < lanes.size(); ++l) {
            const cell* later = lanes[l].data();
            for(std::size_t c = c0; c < c1; ++c)
                // An empty cell's key is below every other: it never wins.
                if(later[c].key >= first[c].key) first[c] = later[c];
        }
        std::size_t present = 0;
        for(std::size_t c = c0; c < c1; ++c)
            present += first[c].key != dense_last<V>::empty;
        at[t + 1] = present;
    });
    for(unsigned t = 0; t < threads; ++t) at[t + 1] += at[t];
    for(std::size_t l = 1; l < lanes.size(); ++l) lanes[l].release();
    out.resize(at[threads]);
    run_parallel(threads, [&](unsigned t) {
        const auto [c0, c1] = slice(n, t, threads);
        const cell* cells = lanes[0].data();
        std::size_t o = at[t];
        for(std::size_t c = c0; c < c1; ++c) {
            if(cells[c].key == dense_last<V>::empty) continue;
            out.key[o] = c;
            out.last[o] = cells[c].value;
            out.last_key[o++] = cells[c].key;
        }
    });
    lanes.clear();
}

}  // namespace chitieu::detail
