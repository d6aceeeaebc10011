// What a rollup_state holds besides its plan: the accumulators of one pass (or
// of merged passes) for each value type. Private to the library, so the kernel's
// types (and __int128) stay out of the public headers.
#pragma once

#include "rollup/rollup_kernel.hpp"

#include <cstdint>

namespace chitieu::detail {

/// The sparse slots' states of `p` as a sparse table: `p.sparse`, or its cells
/// filed into `scratch` (the one form merges and bytes know).
template <class V>
const sparse_table<V>& filed_table(const partial<V>& p, sparse_table<V>& scratch) {
    if(p.cells.empty()) return p.sparse;
    scratch.fields = p.sparse.fields;
    file_last_cells(p.cells, 1, scratch);
    return scratch;
}

/// `p` with its cells (if any) filed into its sparse table.
template <class V>
partial<V> filed(const partial<V>& p) {
    if(p.cells.empty()) return p;
    partial<V> out;
    out.dense = p.dense;
    filed_table(p, out.sparse);
    return out;
}

struct rollup_data {
    partial<double> real;
    partial<std::int64_t> money;

    /// The data of a state without a plan (default-constructed).
    static const rollup_data& empty() {
        static const rollup_data none;
        return none;
    }
};

}  // namespace chitieu::detail
