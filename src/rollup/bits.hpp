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
        identity_ = true;
        for(std::size_t b = 0; b < to.size(); ++b)
            identity_ = identity_ && to[b] == static_cast<std::int32_t>(b);
        for(std::size_t c = 0; c < chunks_; ++c)
            for(std::size_t x = 0; x < 256; ++x)
                for(std::size_t b = 0; b < 8 && c * 8 + b < to.size(); ++b)
                    if(((x >> b) & 1u) && to[c * 8 + b] >= 0)
                        table_[c * 256 + x] |= std::uint64_t{1} << to[c * 8 + b];
    }
    /// Whether every bit i goes to bit i.
    bool identity() const { return identity_; }
    /// Whether fields of `in` bits mapped into `out` bits fit this scheme.
    static bool fits(std::size_t in, std::size_t out) { return in <= 64 && out <= 64; }

    /// No data-dependent branch: random fields cost no mispredictions.
    std::uint64_t operator()(std::uint64_t field) const {
        if(identity_) return field;  // e.g. quarters counted per quarter
        const std::uint64_t* t = table_.data();
        switch(chunks_) {  // the common widths unrolled (months of up to 3 years)
            case 1:
                return t[field & 255];
            case 2:
                return t[field & 255] | t[256 + ((field >> 8) & 255)];
            case 3:
                return t[field & 255] | t[256 + ((field >> 8) & 255)] |
                       t[512 + ((field >> 16) & 255)];
            case 4:
                return t[field & 255] | t[256 + ((field >> 8) & 255)] |
                       t[512 + ((field >> 16) & 255)] | t[768 + ((field >> 24) & 255)];
            default: {
                std::uint64_t out = 0;
                for(std::size_t c = 0; c < chunks_; ++c, field >>= 8)
                    out |= t[c * 256 + (field & 255)];
                return out;
            }
        }
    }

private:
    std::size_t chunks_ = 0;
    bool identity_ = false;  // every bit i to bit i (fields hold no higher bits)
    std::vector<std::uint64_t> table_;
};

/// Per bit position (up to 64), how many of the added masks had it set. Eight
/// byte-wide counters per word, flushed before they can overflow; adding a mask
/// is a table lookup and an add per eight bits, whatever its bits.
class bit_counter {
public:
    explicit bit_counter(std::size_t bits)
        : lanes_((bits + 7) / 8, 0), spread_(spread()) {}

    void add(std::uint64_t mask) {
        if(lanes_.size() == 1)  // up to eight periods: one lane, one lookup
            lanes_[0] += spread_[mask & 255];
        else
            for(std::size_t w = 0; w < lanes_.size(); ++w, mask >>= 8)
                lanes_[w] += spread_[mask & 255];
        if(++pending_ == 255) carry();
    }
    /// add(mask_of(i)) for i in [0, n). With one lane the lane and its count
    /// stay in registers (add() goes through memory: one store-to-load wait a mask).
    template <class MaskOf>
    void add_each(std::size_t n, MaskOf&& mask_of) {
        if(lanes_.size() != 1) {
            for(std::size_t i = 0; i < n; ++i) add(mask_of(i));
            return;
        }
        std::uint64_t lane = lanes_[0];
        std::size_t pending = pending_;
        for(std::size_t i = 0; i < n; ++i) {
            lane += spread_[mask_of(i) & 255];
            if(++pending == 255) {
                lanes_[0] = lane;
                carry();
                lane = 0;
                pending = 0;
            }
        }
        lanes_[0] = lane;
        pending_ = pending;
    }
    /// counts[i * stride] += the count of bit i; then start again from zero.
    void flush(std::int32_t* counts, std::size_t stride, std::size_t bits) {
        carry();
        for(std::size_t i = 0; i < bits; ++i) {
            counts[i * stride] += totals_[i];
            totals_[i] = 0;
        }
    }

private:
    // Byte b of spread()[x] is bit b of x.
    static const std::uint64_t* spread() {
        static const auto table = [] {
            std::vector<std::uint64_t> t(256);
            for(std::size_t x = 0; x < 256; ++x)
                for(std::size_t b = 0; b < 8; ++b)
                    if((x >> b) & 1u) t[x] |= std::uint64_t{1} << (8 * b);
            return t;
        }();
        return table.data();
    }
    void carry() {
        if(totals_.empty()) totals_.assign(lanes_.size() * 8, 0);
        for(std::size_t w = 0; w < lanes_.size(); ++w) {
            for(std::size_t b = 0; b < 8; ++b)
                totals_[w * 8 + b] +=
                    static_cast<std::int32_t>((lanes_[w] >> (8 * b)) & 255);
            lanes_[w] = 0;
        }
        pending_ = 0;
    }

    std::vector<std::uint64_t> lanes_;
    const std::uint64_t* spread_;  // spread(), looked up once
    std::vector<std::int32_t> totals_;
    std::size_t pending_ = 0;
};

}  // namespace chitieu::detail
