// The rollup's per-reporting-unit time states (the non-flow path of the kernel
// in rollup_kernel.hpp): rows become (cell key, period, value) entries, folded
// into one mergeable state a cell (key_ranges.hpp: in cache by narrow key range,
// or sorted where ranges must be wide); tables of states merge by key range.
#pragma once

#include <chitieu/error.hpp>

#include "common/huge_pages.hpp"
#include "common/parallel.hpp"
#include "common/radix_sort.hpp"
#include "common/uninitialized.hpp"
#include "rollup/time_fields.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <vector>

namespace chitieu::detail {

__extension__ typedef __int128 int128;

/// What sums of V accumulate in: double for real values, __int128 for money.
template <class V>
using acc_t = std::conditional_t<std::is_same_v<V, std::int64_t>, int128, double>;

/// One value type's columns, in caller memory.
template <class V>
struct row_columns {
    const std::int32_t* indicator = nullptr;
    const std::int32_t* unit = nullptr;
    const std::int32_t* period = nullptr;
    const V* value = nullptr;
    std::size_t size = 0;
};

/// A reporting unit's values inside one fine bucket, mergeable: combining the
/// states of two sets of rows equals the state of their union. `last` keeps the
/// value with the greatest ordering key (later rows win ties), `first` the
/// smallest (earlier rows win ties).
template <class V>
struct time_cell {
    acc_t<V> sum;
    std::int64_t count;
    V min, max, last, first;
    std::int64_t last_key, first_key;

    static time_cell of(V v, std::int64_t key) { return {v, 1, v, v, v, v, key, key}; }

    /// Fold in the state of rows that come after this state's rows.
    void add(const time_cell& later) {
        sum += later.sum;
        count += later.count;
        min = std::min(min, later.min);
        max = std::max(max, later.max);
        if(later.last_key >= last_key) {
            last = later.last;
            last_key = later.last_key;
        }
        if(later.first_key < first_key) {
            first = later.first;
            first_key = later.first_key;
        }
    }
};

/// Per-unit time states, sorted by key = (slot * rus + ru) * fine + bucket, a
/// column per field; only the columns of `fields` are held (the others empty,
/// read as zero).
template <class V>
struct sparse_table {
    unsigned fields = all_time_fields;
    uninitialized_vector<std::uint64_t> key;
    uninitialized_vector<acc_t<V>> sum;
    uninitialized_vector<std::int64_t> count;
    uninitialized_vector<V> min, max, last, first;
    uninitialized_vector<std::int64_t> last_key, first_key;

    std::size_t size() const { return key.size(); }

    /// Calls f(bit, column) for every column, in one fixed order (the bytes'
    /// order too), with the fields bit that holds it.
    template <class F>
    void for_each_column(F&& f) {
        columns_of(*this, f);
    }
    template <class F>
    void for_each_column(F&& f) const {
        columns_of(*this, f);
    }
    /// `n` cells (uninitialized), in the kept columns; reserved as huge pages.
    void resize(std::size_t n) {
        reserve_huge(key, n);
        key.resize(n);
        for_each_column([&](unsigned bit, auto& column) {
            if(!(fields & bit)) return;
            reserve_huge(column, n);
            column.resize(n);
        });
    }
    /// Cell i as a whole state (fields not kept read as zero).
    time_cell<V> get(std::size_t i) const {
        time_cell<V> c{};
        if(fields & sum_count) {
            c.sum = sum[i];
            c.count = count[i];
        }
        if(fields & minimum) c.min = min[i];
        if(fields & maximum) c.max = max[i];
        if(fields & last_value) {
            c.last = last[i];
            c.last_key = last_key[i];
        }
        if(fields & first_value) {
            c.first = first[i];
            c.first_key = first_key[i];
        }
        return c;
    }
    void set(std::size_t i, const time_cell<V>& c) {
        if(fields & sum_count) {
            sum[i] = c.sum;
            count[i] = c.count;
        }
        if(fields & minimum) min[i] = c.min;
        if(fields & maximum) max[i] = c.max;
        if(fields & last_value) {
            last[i] = c.last;
            last_key[i] = c.last_key;
        }
        if(fields & first_value) {
            first[i] = c.first;
            first_key[i] = c.first_key;
        }
    }

private:
    template <class Table, class F>
    static void columns_of(Table& t, F& f) {
        f(sum_count, t.sum);
        f(sum_count, t.count);
        f(minimum, t.min);
        f(maximum, t.max);
        f(last_value, t.last);
        f(first_value, t.first);
        f(last_value, t.last_key);
        f(first_value, t.first_key);
    }
};

/// A non-flow row waiting for the sort: its cell key, its period id (whose
/// ordering key decides last/first) and its value. Key is 32 bits wide when
/// the key space fits, making an entry 16 bytes instead of 24.
template <class V, class Key>
struct sparse_entry {
    Key key;
    std::int32_t period;
    V value;
};

/// Sort entries by key, stably (so row order breaks ties); returns the number
/// of distinct keys, the cells their fold makes.
template <class V, class Key>
std::size_t sort_entries(std::vector<sparse_entry<V, Key>>& entries,
                         std::uint64_t key_space) {
    radix_sort(entries, bits_for(key_space), [](const sparse_entry<V, Key>& e) {
        return e.key;
    });
    std::size_t cells = 0;
    for(std::size_t i = 0; i < entries.size(); ++i)
        cells += i == 0 || entries[i].key != entries[i - 1].key;
    return cells;
}

/// Folds each run of sorted entries into one time state, the kept fields of
/// cells [at, at + cells) of `out` (room for sort_entries' count).
template <class V, class Key>
void fold_entries(const std::vector<sparse_entry<V, Key>>& entries,
                  const std::vector<std::int64_t>& order_key, sparse_table<V>& out,
                  std::size_t at) {
    if(out.fields == last_value) {
        // A stock's last value, the common case: two columns, no whole states.
        auto* key = out.key.data() + at;
        auto* last = out.last.data() + at;
        auto* last_key = out.last_key.data() + at;
        std::size_t c = 0;
        for(std::size_t i = 0; i < entries.size(); ++i) {
            const auto& e = entries[i];
            const auto k = order_key[static_cast<std::size_t>(e.period)];
            if(i > 0 && entries[i - 1].key == e.key) {
                if(k >= last_key[c - 1]) {  // later rows win ties
                    last[c - 1] = e.value;
                    last_key[c - 1] = k;
                }
            } else {
                key[c] = e.key;
                last[c] = e.value;
                last_key[c++] = k;
            }
        }
        return;
    }
    std::size_t c = at;
    time_cell<V> cell{};
    for(std::size_t i = 0; i < entries.size(); ++i) {
        const auto& e = entries[i];
        const auto one =
            time_cell<V>::of(e.value, order_key[static_cast<std::size_t>(e.period)]);
        if(i > 0 && entries[i - 1].key == e.key)
            cell.add(one);
        else {
            if(i > 0) out.set(c++, cell);
            out.key[c] = e.key;
            cell = one;
        }
    }
    if(!entries.empty()) out.set(c, cell);
}

/// Merges a[i0, i1) with b[j0, j1) (keys ascending) into out from `at` on, or
/// only counts the cells when `out` is null; returns the cell count.
template <class V>
std::size_t merge_ranges(const sparse_table<V>& a, std::size_t i, std::size_t i1,
                         const sparse_table<V>& b, std::size_t j, std::size_t j1,
                         sparse_table<V>* out, std::size_t at) {
    const std::size_t start = at;
    while(i < i1 || j < j1) {
        const bool from_a = j == j1 || (i < i1 && a.key[i] <= b.key[j]);
        const bool both = from_a && j < j1 && i < i1 && a.key[i] == b.key[j];
        if(out) {
            out->key[at] = from_a ? a.key[i] : b.key[j];
            auto cell = from_a ? a.get(i) : b.get(j);
            if(both) cell.add(b.get(j));
            out->set(at, cell);
        }
        ++at;
        i += from_a;
        j += !from_a || both;
    }
    return at - start;
}

/// The union of two tables of the same geometry and fields; `b` holds later
/// rows. With several threads each merges one range of keys (cut at keys of
/// the larger table) into its own stretch of the output.
template <class V>
sparse_table<V> merge_sparse(const sparse_table<V>& a, const sparse_table<V>& b,
                             unsigned threads = 1) {
    if(a.size() == 0) return b;
    if(b.size() == 0) return a;
    if(a.fields != b.fields)
        throw input_error("cannot merge rollup states keeping different time fields");
    threads =
        std::max(1u,
                 std::min<unsigned>(
                     threads, static_cast<unsigned>((a.size() + b.size()) >> 16)));
    const auto& cut_by = a.size() >= b.size() ? a : b;
    const auto& other = a.size() >= b.size() ? b : a;
    std::vector<std::size_t> cut(threads + 1, cut_by.size()), other_cut(threads + 1);
    for(unsigned t = 0; t < threads; ++t) {
        cut[t] = slice(cut_by.size(), t, threads).first;
        other_cut[t] =
            t == 0 ? 0
                   : static_cast<std::size_t>(std::lower_bound(other.key.begin(),
                                                               other.key.end(),
                                                               cut_by.key[cut[t]]) -
                                              other.key.begin());
    }
    other_cut[threads] = other.size();
    const auto& a_cut = &cut_by == &a ? cut : other_cut;
    const auto& b_cut = &cut_by == &a ? other_cut : cut;
    std::vector<std::size_t> at(threads + 1, 0);
    run_parallel(threads, [&](unsigned t) {
        at[t + 1] = merge_ranges(a,
                                 a_cut[t],
                                 a_cut[t + 1],
                                 b,
                                 b_cut[t],
                                 b_cut[t + 1],
                                 static_cast<sparse_table<V>*>(nullptr),
                                 0);
    });
    for(unsigned t = 0; t < threads; ++t) at[t + 1] += at[t];
    sparse_table<V> out;
    out.fields = a.fields;
    out.resize(at[threads]);
    run_parallel(threads, [&](unsigned t) {
        merge_ranges(a, a_cut[t], a_cut[t + 1], b, b_cut[t], b_cut[t + 1], &out, at[t]);
    });
    return out;
}

}  // namespace chitieu::detail
