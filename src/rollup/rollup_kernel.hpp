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
//    entries, radix-sorted and reduced (time_states.hpp), so memory follows the
//    data, not the product of the dimensions.
// Each thread owns its accumulators; they are merged after the pass. Money
// (int64) sums accumulate in __int128 so no partial sum can overflow; the
// finish step checks that totals fit int64.
#pragma once

#include <chitieu/error.hpp>

#include "common/parallel.hpp"
#include "common/radix_sort.hpp"
#include "rollup/time_states.hpp"

#include <algorithm>
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
