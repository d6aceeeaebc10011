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

CHITIEU_POPCNT_CLONES void count_field_groups(const std::uint64_t* words,
                                              std::uint64_t from, std::uint64_t to,
                                              unsigned field, const bit_group* groups,
                                              std::size_t n_groups,
                                              std::int32_t* counts,
                                              std::size_t stride) {
    if(from >= to || field == 0) return;
    std::uint64_t firsts = 0;  // the first bit of every field of a word
    for(unsigned j = 0; j < 64; j += field) firsts |= std::uint64_t{1} << j;
    const auto last_word = (to - 1) >> 6;
    for(std::size_t k = 0; k < n_groups; ++k) {
        const auto [first, width] = groups[k];
        if(width == 0) continue;
        const auto at = firsts << first;
        std::int64_t n = 0;
        for(auto w = from >> 6; w <= last_word; ++w) {
            auto word = words[w];
            if(w == from >> 6) word &= ~std::uint64_t{0} << (from & 63);
            if(w == last_word && (to & 63)) word &= (std::uint64_t{1} << (to & 63)) - 1;
            auto folded = word;
            for(unsigned i = 1; i < width; ++i) folded |= word >> i;
            n += __builtin_popcountll(folded & at);
        }
        counts[k * stride] += static_cast<std::int32_t>(n);
    }
}

}  // namespace chitieu::detail
