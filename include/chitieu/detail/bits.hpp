// Bit-set helpers for presence and coverage: read a field of up to 64 bits at any
// offset, and remap a field's bits (period -> bucket, bucket -> target period)
// eight bits per table lookup.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace chitieu::detail {

/// The `len` (1..64) bits of the bit set `words` from bit `at`, in the low bits.
inline std::uint64_t bit_field(const std::uint64_t* words, std::uint64_t at,
                               std::size_t len) {
    const auto word = at >> 6, shift = at & 63;
    std::uint64_t v = words[word] >> shift;
    if(shift + len > 64) v |= words[word + 1] << (64 - shift);
    return len == 64 ? v : v & ((std::uint64_t{1} << len) - 1);
}

/// Maps bit i of a field to bit to[i] (dropped when to[i] < 0): for fields of
/// at most 64 bits mapped into at most 64 bits.
class bit_mapper {
public:
    bit_mapper() = default;
    explicit bit_mapper(const std::vector<std::int32_t>& to)
        : chunks_((to.size() + 7) / 8), table_(chunks_ * 256, 0) {
        for(std::size_t c = 0; c < chunks_; ++c)
            for(std::size_t x = 0; x < 256; ++x)
                for(std::size_t b = 0; b < 8 && c * 8 + b < to.size(); ++b)
                    if(((x >> b) & 1u) && to[c * 8 + b] >= 0)
                        table_[c * 256 + x] |= std::uint64_t{1} << to[c * 8 + b];
    }
    /// Whether fields of `in` bits mapped into `out` bits fit this scheme.
    static bool fits(std::size_t in, std::size_t out) { return in <= 64 && out <= 64; }

    std::uint64_t operator()(std::uint64_t field) const {
        std::uint64_t out = 0;
        for(std::size_t c = 0; c < chunks_ && field; ++c, field >>= 8)
            out |= table_[c * 256 + (field & 255)];
        return out;
    }

private:
    std::size_t chunks_ = 0;
    std::vector<std::uint64_t> table_;
};

}  // namespace chitieu::detail
