// The bit-set counts (common/bit_count.hpp) against plain loops over the bits.
#include "common/bit_count.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

using chitieu::detail::bit_group;
using chitieu::detail::count_bits;
using chitieu::detail::count_field_groups;

namespace {

bool bit(const std::vector<std::uint64_t>& words, std::uint64_t i) {
    return (words[i >> 6] >> (i & 63)) & 1u;
}

}  // namespace

TEST(BitCount, CountsEverySetBit) {
    std::mt19937_64 rng(1);
    std::vector<std::uint64_t> words(37);
    for(auto& w : words) w = rng() & rng();
    std::size_t want = 0;
    for(std::uint64_t i = 0; i < words.size() * 64; ++i) want += bit(words, i);
    EXPECT_EQ(count_bits(words.data(), words.size()), want);
}

// Random bits, fields of every width that divides 64, random cuts of a field
// into output groups (some buckets in none), stretches starting and ending
// inside words: each group's count is the fields with a bit set in it.
TEST(BitCount, FieldGroupsMatchAFieldByFieldCount) {
    std::mt19937_64 rng(7);
    for(int round = 0; round < 400; ++round) {
        const unsigned field = 1u << (rng() % 7);  // 1 .. 64
        const std::size_t fields = 1 + rng() % 300;
        const std::uint64_t skip = rng() % 5;  // fields before the stretch
        std::vector<std::uint64_t> words((skip + fields + 2) * field / 64 + 2);
        for(auto& w : words) w = rng() % 3 ? rng() & rng() & rng() : 0;
        std::vector<bit_group> groups;
        for(unsigned b = 0; b < field;) {
            const auto width = 1u + static_cast<unsigned>(rng() % (field - b));
            if(rng() % 4) groups.push_back({b, width});
            if(rng() % 5 == 0) groups.push_back({});  // an output with no bucket
            b += width;
        }
        const std::uint64_t from = skip * field, to = from + fields * field;
        const std::size_t stride = 3;
        std::vector<std::int32_t> got(groups.size() * stride, 5), want(got);
        count_field_groups(words.data(),
                           from,
                           to,
                           field,
                           groups.data(),
                           groups.size(),
                           got.data(),
                           stride);
        for(std::size_t k = 0; k < groups.size(); ++k)
            for(std::uint64_t f = from; f < to; f += field) {
                bool any = false;
                for(unsigned j = 0; j < groups[k].width; ++j)
                    any = any || bit(words, f + groups[k].first + j);
                want[k * stride] += any;
            }
        ASSERT_EQ(got, want) << "round " << round << ", field " << field;
    }
}
