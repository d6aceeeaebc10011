// Stable LSD radix sort of records by an unsigned integer key, for the sparse
// (sort-and-reduce) paths: duplicate detection and per-unit time states.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/huge_pages.hpp"
#include "common/uninitialized.hpp"

namespace chitieu::detail {

/// Sort `items` by key(item) < 2^key_bits, stably (equal keys keep their order).
/// 11-bit digits: a 2^33 key space takes three passes over the data.
template <class T, class Key>
void radix_sort(std::vector<T>& items, int key_bits, Key key) {
    constexpr int digit = 11;
    constexpr std::size_t radix = std::size_t{1} << digit;
    if(items.size() < 2 || key_bits <= 0) return;
    uninitialized_vector<T> buffer;  // every element written by the first pass
    reserve_huge(buffer, items.size());
    buffer.resize(items.size());
    T* from = items.data();
    T* to = buffer.data();
    for(int shift = 0; shift < key_bits; shift += digit) {
        std::array<std::size_t, radix> count{};
        const std::size_t n = items.size();
        for(std::size_t i = 0; i < n; ++i)
            ++count[(key(from[i]) >> shift) & (radix - 1)];
        std::size_t pos = 0;
        for(auto& c : count) {
            const auto here = c;
            c = pos;
            pos += here;
        }
        for(std::size_t i = 0; i < n; ++i)
            to[count[(key(from[i]) >> shift) & (radix - 1)]++] = from[i];
        std::swap(from, to);
    }
    if(from != items.data()) std::copy(from, from + items.size(), items.data());
}

/// Bits needed to hold values below n.
inline int bits_for(std::uint64_t n) {
    int b = 0;
    while(b < 64 && (std::uint64_t{1} << b) < n) ++b;
    return b;
}

}  // namespace chitieu::detail
