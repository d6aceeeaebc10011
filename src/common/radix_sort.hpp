// Stable LSD radix sort of records by an unsigned integer key, for the sparse
// (sort-and-reduce) paths: duplicate detection and per-unit time states.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace chitieu::detail {

/// Sort `items` by key(item) < 2^key_bits, stably (equal keys keep their order).
/// 11-bit digits: a 2^33 key space takes three passes over the data.
template <class T, class Key>
void radix_sort(std::vector<T>& items, int key_bits, Key key) {
    constexpr int digit = 11;
    constexpr std::size_t radix = std::size_t{1} << digit;
    if(items.size() < 2 || key_bits <= 0) return;
    std::vector<T> buffer(items.size());
    std::vector<T>* from = &items;
    std::vector<T>* to = &buffer;
    for(int shift = 0; shift < key_bits; shift += digit) {
        std::array<std::size_t, radix> count{};
        for(const auto& x : *from) ++count[(key(x) >> shift) & (radix - 1)];
        std::size_t pos = 0;
        for(auto& c : count) {
            const auto n = c;
            c = pos;
            pos += n;
        }
        for(const auto& x : *from) (*to)[count[(key(x) >> shift) & (radix - 1)]++] = x;
        std::swap(from, to);
    }
    if(from != &items) items.swap(buffer);
}

/// Bits needed to hold values below n.
inline int bits_for(std::uint64_t n) {
    int b = 0;
    while(b < 64 && (std::uint64_t{1} << b) < n) ++b;
    return b;
}

}  // namespace chitieu::detail
