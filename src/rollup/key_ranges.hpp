// The rollup pass's non-flow rows, filed by key range, and their fold into one
// sparse table of time states (time_states.hpp).
//
// Ranges are narrow: a range's cells fit a small table in cache, so a range is
// folded by updating that table in place and reading its cells out in key
// order, with no sort. Each entry is written once (appended to its range) and
// read twice in sequence (count, fold). Only a key space too large for
// `max_ranges` such ranges gets wider ones, radix-sorted and folded as runs.
// Before, the threads' entries went to one range per thread and were
// radix-sorted whole: two more passes over them, a sort buffer as large (first
// touched on every call) and runs folded out of cache (1e8 rows, 10 million of
// them stocks over 3.4 million keys: a fifth of the whole job).
#pragma once

#include "common/bit_count.hpp"
#include "common/huge_pages.hpp"
#include "common/parallel.hpp"
#include "common/uninitialized.hpp"
#include "rollup/time_states.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <vector>

namespace chitieu::detail {

/// How keys are split into ranges: range r holds keys [r << shift, (r+1) << shift).
struct range_split {
    unsigned shift = 0;
    std::size_t ranges = 1;
    bool in_cache = true;  ///< each range folds in a table in cache (no sort)

    /// Folding tables of at most `cache_bytes`; at most `max_ranges` ranges.
    static constexpr std::size_t cache_bytes = std::size_t{1} << 18;
    static constexpr std::size_t max_ranges = 4096;

    static range_split of(std::uint64_t key_space, std::size_t cell_bytes) {
        range_split s;
        unsigned local = 0;  // the widest range whose table fits cache_bytes
        while((std::size_t{2} << local) * cell_bytes <= cache_bytes) ++local;
        s.shift = local;
        while((key_space >> s.shift) >= max_ranges) ++s.shift;
        s.in_cache = s.shift == local;
        s.ranges = key_space == 0
                       ? 1
                       : static_cast<std::size_t>(((key_space - 1) >> s.shift) + 1);
        return s;
    }
};

/// One thread's entries, appended to their range's chunks; chunks are cut from
/// large blocks, so appending never moves an entry.
template <class V, class Key>
class key_ranges {
public:
    using entry = sparse_entry<V, Key>;
    /// Rows are appended as the pass meets them (streams: nothing to fetch).
    static constexpr bool deferred = false;
    static constexpr std::size_t chunk = 1024;         ///< entries a chunk
    static constexpr std::size_t block_chunks = 1024;  ///< chunks a block

    explicit key_ranges(const range_split& split)
        : shift_(split.shift),
          at_(split.ranges, nullptr),
          end_(split.ranges, nullptr),
          chunks_(split.ranges) {}

    void prefetch(std::uint64_t) const {}  // appends stream; nothing to fetch
    void add(std::uint64_t key, std::int32_t period, V value) {
        const auto r = static_cast<std::size_t>(key >> shift_);
        if(at_[r] == end_[r]) grow(r);
        // Two lines ahead in the range's chunk, for writing: with a hundred
        // ranges filled at once, too many streams for the hardware to follow,
        // each new line was a demand miss (a prefetch past a chunk's end does no
        // harm: it never faults).
        __builtin_prefetch(at_[r] + 128 / sizeof(entry), 1);
        *at_[r]++ = {static_cast<Key>(key), period, value};
    }
    /// Calls f(begin, end) for each stretch of range r's entries, in row order.
    template <class F>
    void for_each(std::size_t r, F&& f) const {
        const auto& list = chunks_[r];
        for(std::size_t c = 0; c < list.size(); ++c)
            f(list[c], c + 1 < list.size() ? list[c] + chunk : at_[r]);
    }
    std::size_t size(std::size_t r) const {
        const auto& list = chunks_[r];
        return list.empty() ? 0
                            : (list.size() - 1) * chunk +
                                  static_cast<std::size_t>(at_[r] - list.back());
    }

private:
    void grow(std::size_t r) {
        if(blocks_.empty() || used_ == block_chunks) {
            blocks_.emplace_back();
            reserve_huge(blocks_.back(), chunk * block_chunks);
            blocks_.back().resize(chunk * block_chunks);  // pages touched as filled
            used_ = 0;
        }
        entry* c = blocks_.back().data() + chunk * used_++;
        chunks_[r].push_back(c);
        at_[r] = c;
        end_[r] = c + chunk;
    }

    unsigned shift_;
    std::vector<entry*> at_, end_;  ///< per range: next free, end of last chunk
    std::vector<std::vector<entry*>> chunks_;
    std::vector<uninitialized_vector<entry>> blocks_;
    std::size_t used_ = 0;  ///< chunks cut from the last block
};

namespace folding {

/// A range's cells in a table in cache: the kept fields of each key's state,
/// with a bit per key reached.
template <class V>
struct range_table {
    std::vector<std::uint64_t> reached;
    std::vector<time_cell<V>> cell;
    std::vector<V> last;
    std::vector<std::int64_t> last_key;

    range_table(std::size_t keys, unsigned fields) : reached((keys + 63) / 64) {
        if(fields == last_value) {
            last.resize(keys);
            last_key.resize(keys);
        } else {
            cell.resize(keys);
        }
    }
    bool mark(std::size_t j) {
        const auto bit = std::uint64_t{1} << (j & 63);
        const bool first = !(reached[j >> 6] & bit);
        reached[j >> 6] |= bit;
        return first;
    }
};

/// Distinct keys of range r over every thread's entries.
template <class V, class Key>
std::size_t count_keys(const std::vector<key_ranges<V, Key>>& entries, std::size_t r,
                       std::uint64_t lo, range_table<V>& t) {
    std::fill(t.reached.begin(), t.reached.end(), 0);
    for(const auto& e : entries)
        e.for_each(r, [&](const auto* b, const auto* end) {
            for(; b != end; ++b) t.mark(static_cast<std::size_t>(b->key - lo));
        });
    return count_bits(t.reached.data(), t.reached.size());
}

/// Folds range r's entries (lanes in order, so rows in order: later rows win
/// ties of "last") in the table and writes its cells at `at` of `out`.
template <class V, class Key>
void fold_range(const std::vector<key_ranges<V, Key>>& entries, std::size_t r,
                std::uint64_t lo, const std::vector<std::int64_t>& order_key,
                range_table<V>& t, sparse_table<V>& out, std::size_t at) {
    std::fill(t.reached.begin(), t.reached.end(), 0);
    const bool only_last = out.fields == last_value;
    for(const auto& e : entries)
        e.for_each(r, [&](const auto* b, const auto* end) {
            for(; b != end; ++b) {
                const auto j = static_cast<std::size_t>(b->key - lo);
                const auto k = order_key[static_cast<std::size_t>(b->period)];
                const bool first = t.mark(j);
                if(only_last) {
                    const bool take = first || k >= t.last_key[j];  // a select
                    t.last[j] = take ? b->value : t.last[j];
                    t.last_key[j] = take ? k : t.last_key[j];
                } else if(first) {
                    t.cell[j] = time_cell<V>::of(b->value, k);
                } else {
                    t.cell[j].add(time_cell<V>::of(b->value, k));
                }
            }
        });
    for(std::size_t w = 0; w < t.reached.size(); ++w)
        for(auto bits = t.reached[w]; bits; bits &= bits - 1) {
            const auto j = w * 64 + static_cast<std::size_t>(__builtin_ctzll(bits));
            out.key[at] = lo + j;
            if(only_last) {
                out.last[at] = t.last[j];
                out.last_key[at] = t.last_key[j];
            } else {
                out.set(at, t.cell[j]);
            }
            ++at;
        }
}

}  // namespace folding

/// The time states of every thread's entries, into `out` (its fields set): the
/// ranges are split over the threads, each range counted, then folded into its
/// stretch of `out`.
template <class V, class Key>
void fold_ranges(const std::vector<key_ranges<V, Key>>& entries,
                 const range_split& split, std::uint64_t key_space,
                 const std::vector<std::int64_t>& order_key, unsigned threads,
                 sparse_table<V>& out) {
    const std::size_t ranges = split.ranges;
    const std::size_t width = std::size_t{1} << split.shift;
    std::vector<std::size_t> at(ranges + 1, 0);
    // Ranges too wide for a table in cache are joined and sorted instead.
    std::vector<std::vector<sparse_entry<V, Key>>> sorted(split.in_cache ? 0 : ranges);
    run_parallel(threads, [&](unsigned t) {
        const auto [r0, r1] = slice(ranges, t, threads);
        if(!split.in_cache) {
            for(std::size_t r = r0; r < r1; ++r) {
                auto& mine = sorted[r];
                std::size_t n = 0;
                for(const auto& e : entries) n += e.size(r);
                reserve_huge(mine, n);
                for(const auto& e : entries)
                    e.for_each(r, [&](const auto* b, const auto* end) {
                        mine.insert(mine.end(), b, end);
                    });
                at[r + 1] = sort_entries(mine, key_space);
            }
            return;
        }
        folding::range_table<V> table(width, out.fields);
        for(std::size_t r = r0; r < r1; ++r)
            at[r + 1] =
                folding::count_keys(entries, r, std::uint64_t{r} << split.shift, table);
    });
    for(std::size_t r = 0; r < ranges; ++r) at[r + 1] += at[r];
    out.resize(at[ranges]);
    run_parallel(threads, [&](unsigned t) {
        const auto [r0, r1] = slice(ranges, t, threads);
        if(!split.in_cache) {
            for(std::size_t r = r0; r < r1; ++r) {
                fold_entries(sorted[r], order_key, out, at[r]);
                sorted[r] = {};
            }
            return;
        }
        folding::range_table<V> table(width, out.fields);
        for(std::size_t r = r0; r < r1; ++r)
            folding::fold_range(entries,
                                r,
                                std::uint64_t{r} << split.shift,
                                order_key,
                                table,
                                out,
                                at[r]);
    });
}

}  // namespace chitieu::detail
