// Which parts of a per-unit time state a rollup keeps: only those its slots'
// time rules read.
#pragma once

#include <chitieu/indicator.hpp>

namespace chitieu::detail {

/// The parts of a time state a rollup keeps, as bits: only those its slots' time
/// rules read (a stock's "last" needs its value and ordering key, not the other
/// six fields: 24 bytes a cell with its key instead of 72).
enum time_fields : unsigned {
    sum_count = 1,    ///< sum and count (sum, mean)
    minimum = 2,      ///< min
    maximum = 4,      ///< max
    last_value = 8,   ///< last and last_key
    first_value = 16  ///< first and first_key
};
inline constexpr unsigned all_time_fields = 31;

/// What a time rule reads of a time state.
inline unsigned fields_of(time_rule rule) {
    switch(rule) {
        case time_rule::last:
            return last_value;
        case time_rule::first:
            return first_value;
        case time_rule::min:
            return minimum;
        case time_rule::max:
            return maximum;
        default:
            return sum_count;
    }
}

}  // namespace chitieu::detail
