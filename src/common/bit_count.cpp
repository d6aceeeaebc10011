// The library is built for baseline x86-64, where __builtin_popcountll is a
// call into libgcc that counts a byte at a time from a table (2% of the
// observations build, most of its bit-set count). Where the toolchain can make
// clones of a function chosen when the library is loaded (GCC and Clang on
// Linux), this one is also compiled with the POPCNT instruction, taken on the
// processors that have it.
#include "common/bit_count.hpp"

#if defined(__x86_64__) && defined(__linux__) && defined(__has_attribute)
#if __has_attribute(target_clones)
#define CHITIEU_POPCNT_CLONES __attribute__((target_clones("popcnt", "default")))
#endif
#endif
#ifndef CHITIEU_POPCNT_CLONES
#define CHITIEU_POPCNT_CLONES
#endif

namespace chitieu::detail {

CHITIEU_POPCNT_CLONES std::size_t count_bits(const std::uint64_t* words,
                                             std::size_t n) {
    std::size_t set = 0;
    for(std::size_t w = 0; w < n; ++w)
        set += static_cast<std::size_t>(__builtin_popcountll(words[w]));
    return set;
}

}  // namespace chitieu::detail
