// Counting the set bits of a bit set (presence, duplicate checks, folding).
#pragma once

#include <cstddef>
#include <cstdint>

namespace chitieu::detail {

/// The number of bits set in words[0, n).
std::size_t count_bits(const std::uint64_t* words, std::size_t n);

/// Consecutive bits [first, first + width) of a field: one output period's
/// fine buckets (width 0: none).
struct bit_group {
    std::uint32_t first = 0, width = 0;
};

/// For fields of `field` bits (a divisor of 64, so no field straddles two
/// words) in bits [from, to) of `words` (both multiples of `field`): for each
/// group k, the fields with a bit set in it are added to counts[k * stride].
/// A word's fields are counted together: the group's bits folded onto its first
/// and the bits at that place counted, a popcount per group and word.
void count_field_groups(const std::uint64_t* words, std::uint64_t from,
                        std::uint64_t to, unsigned field, const bit_group* groups,
                        std::size_t n_groups, std::int32_t* counts, std::size_t stride);

}  // namespace chitieu::detail
