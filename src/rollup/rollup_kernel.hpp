// The rollup's one pass over the rows, on plain mapping arrays.
//
// Every row is (indicator, unit, period, value). Three gathers place it:
// indicator -> slot, unit -> (domain unit, reporting unit), period -> fine bucket;
// a negative entry means "not in this rollup". Then:
//  * flow slots (sum over time and units) add straight into a dense array of
//    sums [slot][domain unit][bucket] and set a presence bit
//    [slot][reporting unit][bucket] (for coverage: distinct reporting units);
//  * other slots keep a per-reporting-unit time state (sum, count, min, max,
//    last and first with their ordering keys), collected as (key, order, value)
//    entries, radix-sorted and reduced, so memory follows the data, not the
//    product of the dimensions.
// Each thread owns its accumulators; they are merged after the pass. Money
// (int64) sums accumulate in __int128 so no partial sum can overflow; the
// finish step checks that totals fit int64.
#pragma once

#include <chitieu/error.hpp>

#include "common/parallel.hpp"
#include "common/radix_sort.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
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

/// Per-unit time states, sorted by key = (slot * rus + ru) * fine + bucket.
template <class V>
struct sparse_table {
    std::vector<std::uint64_t> key;
    std::vector<time_cell<V>> cell;

    std::size_t size() const { return key.size(); }
};

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
        sum.assign(s * d * f, acc_t<V>{});
        presence.assign(with_presence ? (s * r * f + 63) / 64 : 0, 0);
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
    sparse_table<V> sparse;
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
    /// Set presence bits in the pass; false when the caller fills them from the
    /// observations' own bit set (much cheaper than a random bit set per row).
    bool presence = true;
    /// Set by `sealed`: ids below these are in range; an id at or beyond one
    /// (memory the caller changed after the build) is read through the extra
    /// "not in this rollup" entry `sealed` appends, and the pass refuses the rows.
    std::uint32_t n_indicators = 0, n_units = 0, n_periods = 0;

    /// A copy with the table sizes recorded and the out-of-range entries added.
    pass_tables sealed() const {
        pass_tables out = *this;
        out.n_indicators = static_cast<std::uint32_t>(slot.size());
        out.n_units = static_cast<std::uint32_t>(unit.size());
        out.n_periods = static_cast<std::uint32_t>(bucket.size());
        out.slot.push_back({-1, -1, -1});
        out.unit.push_back({-1, -1});
        out.bucket.push_back(-1);
        out.order_key.resize(out.bucket.size(), 0);
        return out;
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

/// A thread's entries are reserved up front for every row of its slice (at most
/// this many): untouched reserved pages cost no memory, while growing by
/// doubling would copy the entries and hold two buffers at its peak.
inline constexpr std::size_t max_reserved_entries = std::size_t{1} << 26;

/// The inner loop. Flow rows: one add (and, when the caller has no presence
/// bitmap of its own, one bit set); the only branch is "is it in this rollup".
/// Non-flow rows (Sparse) append an entry. Ids are clamped to the sealed tables
/// (no branch); returns whether any id was out of range.
template <class V, class Key, bool Sparse, bool SkipNonFinite, bool Presence>
bool pass_rows(const row_columns<V>& rows, std::size_t begin, std::size_t end,
               const pass_tables& tab, acc_t<V>* sum, std::uint64_t* presence,
               std::vector<sparse_entry<V, Key>>& entries) {
    const slot_entry* slots = tab.slot.data();
    const unit_entry* units = tab.unit.data();
    const std::int32_t* buckets = tab.bucket.data();
    const std::int32_t* ind = rows.indicator;
    const std::int32_t* unit = rows.unit;
    const std::int32_t* per = rows.period;
    const V* value = rows.value;
    const auto clamp = [](std::int32_t id, std::uint32_t n) {
        return std::min(static_cast<std::uint32_t>(id), n);
    };
    bool stray = false;
    for(std::size_t i = begin; i < end; ++i) {
        const V v = value[i];
        if constexpr(SkipNonFinite)
            if(!std::isfinite(v)) continue;
        const auto ui = clamp(unit[i], tab.n_units), pi = clamp(per[i], tab.n_periods),
                   ki = clamp(ind[i], tab.n_indicators);
        stray |= (ui == tab.n_units) | (pi == tab.n_periods) | (ki == tab.n_indicators);
        const unit_entry u = units[ui];
        const std::int32_t b = buckets[pi];
        if((u.dom_offset | b) < 0) continue;
        const slot_entry& s = slots[ki];
        if(s.dense_base >= 0) {
            sum[s.dense_base + u.dom_offset + b] += v;
            if constexpr(Presence) {
                const auto bit =
                    static_cast<std::uint64_t>(s.presence_base + u.ru_offset + b);
                presence[bit >> 6] |= std::uint64_t{1} << (bit & 63);
            }
        } else if constexpr(Sparse) {
            if(s.sparse_base >= 0)
                entries.push_back({static_cast<Key>(s.sparse_base + u.ru_offset + b),
                                   static_cast<std::int32_t>(pi),
                                   v});
        }
    }
    return stray;
}

/// A type as a value (C++17 has no std::type_identity).
template <class T>
struct type_is {
    using type = T;
};

/// Calls f(std::bool_constant<b>...) for the run-time flags, so each
/// combination gets its own branch-free instantiation of the loop.
template <class F>
void with_flags(F&& f) {
    f();
}
template <class F, class... B>
void with_flags(F&& f, bool first, B... rest) {
    if(first)
        with_flags([&](auto... c) { f(std::true_type{}, c...); }, rest...);
    else
        with_flags([&](auto... c) { f(std::false_type{}, c...); }, rest...);
}

/// Sort entries by key (stably, so row order breaks ties) and fold each run
/// into one time state.
template <class V, class Key>
sparse_table<V> reduce_entries(std::vector<sparse_entry<V, Key>>& entries,
                               std::uint64_t key_space,
                               const std::vector<std::int64_t>& order_key) {
    radix_sort(entries, bits_for(key_space), [](const sparse_entry<V, Key>& e) {
        return e.key;
    });
    // Sized exactly (one count over the sorted keys), not grown by doubling.
    std::size_t cells = 0;
    for(std::size_t i = 0; i < entries.size(); ++i)
        cells += i == 0 || entries[i].key != entries[i - 1].key;
    sparse_table<V> out;
    out.key.reserve(cells);
    out.cell.reserve(cells);
    for(const auto& e : entries) {
        const auto c =
            time_cell<V>::of(e.value, order_key[static_cast<std::size_t>(e.period)]);
        if(!out.key.empty() && out.key.back() == e.key)
            out.cell.back().add(c);
        else {
            out.key.push_back(e.key);
            out.cell.push_back(c);
        }
    }
    return out;
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
            out->cell[at] = from_a ? a.cell[i] : b.cell[j];
            if(both) out->cell[at].add(b.cell[j]);
        }
        ++at;
        i += from_a;
        j += !from_a || both;
    }
    return at - start;
}

/// The union of two tables of the same geometry; `b` holds later rows. With
/// several threads each merges one range of keys (cut at keys of the larger
/// table) into its own stretch of the output.
template <class V>
sparse_table<V> merge_sparse(const sparse_table<V>& a, const sparse_table<V>& b,
                             unsigned threads = 1) {
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
    out.key.resize(at[threads]);
    out.cell.resize(at[threads]);
    run_parallel(threads, [&](unsigned t) {
        merge_ranges(a, a_cut[t], a_cut[t + 1], b, b_cut[t], b_cut[t + 1], &out, at[t]);
    });
    return out;
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

/// One pass over `rows` with `threads` threads (rows split into contiguous
/// slices); thread partials merged in row order. Non-finite values are skipped
/// when `skip_nonfinite` (the caller has checked the policy allows it).
template <class V>
partial<V> run_pass(const row_columns<V>& rows, const pass_tables& unsealed,
                    unsigned threads, bool skip_nonfinite) {
    const pass_tables tab = unsealed.sealed();
    threads = std::max(1u,
                       std::min<unsigned>(threads,
                                          static_cast<unsigned>(std::max<std::size_t>(
                                              rows.size / 1024, 1))));
    std::vector<partial<V>> parts(threads);
    const bool sparse = tab.sparse_slots > 0;
    const std::uint64_t key_space =
        static_cast<std::uint64_t>(tab.sparse_slots) * tab.rus * tab.fine;
    const auto pass = [&](unsigned t, auto key_width) {
        using Key = typename decltype(key_width)::type;
        auto& p = parts[t];
        p.dense.allocate(
            tab.dense_slots, tab.doms, tab.rus, tab.fine, tab.presence || t == 0);
        // Not a structured binding: C++17 lambdas cannot capture one (clang).
        const auto range = slice(rows.size, t, threads);
        const auto begin = range.first, end = range.second;
        std::vector<sparse_entry<V, Key>> entries;
        if(sparse) entries.reserve(std::min(end - begin, max_reserved_entries));
        auto* sum = p.dense.sum.data();
        auto* presence = p.dense.presence.data();
        bool stray = false;
        with_flags(
            [&](auto has_sparse, auto skip, auto set_presence) {
                stray = pass_rows<V,
                                  Key,
                                  decltype(has_sparse)::value,
                                  decltype(skip)::value,
                                  decltype(set_presence)::value>(
                    rows, begin, end, tab, sum, presence, entries);
            },
            sparse,
            std::is_floating_point_v<V> && skip_nonfinite,
            tab.presence);
        if(stray)
            throw input_error(
                "observation ids out of range: the arrays given to the observations "
                "were modified after they were built (keep them unchanged while the "
                "observations live, or build again)");
        if(sparse) p.sparse = reduce_entries(entries, key_space, tab.order_key);
    };
    const bool narrow = key_space <= (std::uint64_t{1} << 32);
    run_parallel(threads, [&](unsigned t) {
        if(narrow)
            pass(t, type_is<std::uint32_t>{});
        else
            pass(t, type_is<std::uint64_t>{});
    });
    partial<V> out = std::move(parts[0]);
    for(unsigned t = 1; t < threads; ++t) {
        add_dense(out.dense, parts[t].dense, threads);
        if(sparse) out.sparse = merge_sparse(out.sparse, parts[t].sparse, threads);
        parts[t] = partial<V>{};
    }
    return out;
}

}  // namespace chitieu::detail
