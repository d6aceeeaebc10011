// Cells as numbers for cell_set: a period's slot (its kind and its ordinal since
// 1900, so that blocks with different period indexes agree) and the packing of
// (slot, indicator, unit) into one 64-bit number. Private to the library.
#pragma once

#include <chitieu/period.hpp>

#include <cstdint>

namespace chitieu::detail {

/// Bits of a slot's ordinal; the kind sits above them.
constexpr int ordinal_bits = 34;

/// The slot of `p`: kind << ordinal_bits | ordinal. Throws input_error for a
/// period before 1900 or a span/range too long to number.
std::uint64_t slot_of(const period& p);

/// The inverse of slot_of. Throws input_error for a slot no period has.
period period_of_slot(std::uint64_t slot);

struct cell_shape {
    std::uint64_t indicators = 0, units = 0;

    std::uint64_t number(std::uint64_t slot, std::int32_t indicator, std::int32_t unit) const {
        return (slot * indicators + static_cast<std::uint64_t>(indicator)) * units +
               static_cast<std::uint64_t>(unit);
    }
    /// Whether number() is exact (no wrap-around) for every slot up to `slot`.
    bool fits(std::uint64_t slot) const {
        const auto per_slot = indicators * units;
        return indicators == 0 || units == 0 ||
               (per_slot / units == indicators && slot < UINT64_MAX / per_slot - 1);
    }
};

}  // namespace chitieu::detail
