// The rows of a frame's columns split between threads, for the bindings that
// make frames (register_codes.cpp, register_rollup.cpp).
#pragma once

#include "common/parallel.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace chitieu_py {

/// How many slices `threads` (0: every core) makes of n rows: one below 64K
/// rows, where a thread costs more than it saves.
inline unsigned slices_for(std::size_t n, int threads) {
    return std::max(
        1u,
        std::min(chitieu::detail::resolve_threads(threads),
                 static_cast<unsigned>(std::min<std::size_t>(n >> 16, 256))));
}

/// Rows [0, n) in `parts` slices, f(slice, begin, end) on each, in parallel; f
/// returns its slice's first bad row, or `end`. Returns the first bad row of
/// all, or n.
template <class F>
std::size_t for_row_slices(std::size_t n, unsigned parts, F&& f) {
    std::vector<std::size_t> bad(parts, n);
    chitieu::detail::run_parallel(parts, [&](unsigned t) {
        const auto range = chitieu::detail::slice(n, t, parts);
        const auto at = f(t, range.first, range.second);
        if(at < range.second) bad[t] = at;
    });
    return *std::min_element(bad.begin(), bad.end());
}

}  // namespace chitieu_py
