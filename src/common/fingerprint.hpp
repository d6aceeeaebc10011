// A 64-bit FNV-1a hash for identity checks of hierarchies and catalogs: cheap,
// stable across runs and platforms (unlike std::hash), not cryptographic.
#pragma once

#include <cstdint>
#include <string_view>

namespace chitieu::detail {

class fingerprinter {
public:
    void add(std::uint64_t v) noexcept {
        for(int b = 0; b < 8; ++b) byte(static_cast<unsigned char>(v >> (8 * b)));
    }
    /// Length first, so ("ab", "c") and ("a", "bc") differ.
    void add(std::string_view s) noexcept {
        add(static_cast<std::uint64_t>(s.size()));
        for(const char c : s) byte(static_cast<unsigned char>(c));
    }
    std::uint64_t value() const noexcept { return hash_; }

private:
    void byte(unsigned char c) noexcept {
        hash_ ^= c;
        hash_ *= 0x100000001b3ULL;
    }
    std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

}  // namespace chitieu::detail
