// What a rollup_state holds besides its plan: the accumulators of one pass (or
// of merged passes) for each value type. Private to the library, so the kernel's
// types (and __int128) stay out of the public headers.
#pragma once

#include "rollup/rollup_kernel.hpp"

#include <cstdint>

namespace chitieu::detail {

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
