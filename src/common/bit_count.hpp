// Counting the set bits of a bit set (presence, duplicate checks, folding).
#pragma once

#include <cstddef>
#include <cstdint>

namespace chitieu::detail {

/// The number of bits set in words[0, n).
std::size_t count_bits(const std::uint64_t* words, std::size_t n);

}  // namespace chitieu::detail
