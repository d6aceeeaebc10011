// The build's one pass over the input rows: every row check and the marking of
// the (indicator, unit, period) bit set that finds duplicates and later tells
// rollups who reported. Fused so the input is read once; marks are issued a
// block of rows after the key is known (a prefetch in between), so random
// (shuffled) rows cost little more than sorted ones.
#pragma once

#include <chitieu/observations.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace chitieu::detail {

/// Keys of (indicator, unit, period): (indicator * units + unit) * periods + period.
struct key_space {
    std::uint64_t units, periods, total;
    std::uint64_t operator()(std::uint32_t ind, std::uint32_t unit,
                             std::uint32_t per) const {
        return (ind * units + unit) * periods + per;
    }
    template <class V>
    std::uint64_t operator()(const observation_columns<V>& c, std::size_t i) const {
        return (*this)(static_cast<std::uint32_t>(c.indicator[i]),
                       static_cast<std::uint32_t>(c.unit[i]),
                       static_cast<std::uint32_t>(c.period[i]));
    }
};

/// What the rows a scan checks may hold.
struct scan_limits {
    std::uint32_t indicators = 0, units = 0, periods = 0;
    /// Per indicator id: bit 1 = derived (takes no rows), bit 2 = of the other
    /// value type than the input's values.
    const std::uint8_t* flags = nullptr;
    bool nan_is_error = true;
    /// When set, the unit column holds positions in this table of unit ids
    /// (`units` entries, each a unit id checked beforehand).
    const std::int32_t* unit_dictionary = nullptr;
};

struct scan_result {
    std::size_t first_bad = 0;  ///< first row failing a check, or the row count
    bool foreign = false;       ///< some row's indicator has the other value type
    /// Keys marked more than once (unordered, may repeat); empty without marks.
    std::vector<std::uint64_t> repeated;
};

/// One pass over `c`: checks every row and, when `bits` is not empty (sized for
/// `keys.total`, zeroed), sets the bit of every row with a finite value. Rows
/// are handed to `threads` threads in chunks, in order, as each is free; with
/// more than one they mark `bits` with atomic ors.
template <class V>
scan_result scan_rows(const observation_columns<V>& c, const scan_limits& limits,
                      const key_space& keys, std::vector<std::uint64_t>& bits,
                      unsigned threads);

}  // namespace chitieu::detail
