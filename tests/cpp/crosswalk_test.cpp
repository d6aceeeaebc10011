#include <chitieu/crosswalk.hpp>

#include <gtest/gtest.h>

#include <numeric>
#include <random>

using chitieu::crosswalk;
using chitieu::crosswalk_rule;
using chitieu::hierarchy;

namespace {
// Old: provinces A, B, C. New: AB (A and B merged), C1 and C2 (C split 0.3/0.7).
hierarchy old_h() {
    return hierarchy::build(
        {"p"}, {"A", "B", "C"}, {"a", "b", "c"}, {"p", "p", "p"}, {"", "", ""});
}
hierarchy new_h() {
    return hierarchy::build(
        {"p"}, {"AB", "C1", "C2"}, {"ab", "c1", "c2"}, {"p", "p", "p"}, {"", "", ""});
}
crosswalk cw(const hierarchy& o, const hierarchy& n) {
    return crosswalk::build(
        o, n, {"A", "B", "C", "C"}, {"AB", "AB", "C1", "C2"}, {1, 1, 0.3, 0.7});
}
}  // namespace

TEST(Crosswalk, MergeAndSplitPreserveMoneyTotalsExactly) {
    const auto o = old_h(), n = new_h();
    const auto c = cw(o, n);
    EXPECT_EQ(c.split_units(), (std::vector<std::int32_t>{2}));
    EXPECT_EQ(c.merged_units(), (std::vector<std::int32_t>{0}));
    const std::vector<std::int64_t> values{100, 250, 1'000'000'001};
    const auto rows = c.apply({7, 7, 7}, {0, 1, 2}, values, crosswalk_rule::sum);
    ASSERT_EQ(rows.value.size(), 3u);
    EXPECT_EQ(rows.value[0], 350);
    EXPECT_EQ(rows.value[1] + rows.value[2], 1'000'000'001);
    EXPECT_EQ(rows.value[1],
              300'000'000);  // 300,000,000.3 floors; the odd đồng goes to 0.7
    EXPECT_EQ(std::accumulate(rows.value.begin(), rows.value.end(), std::int64_t{0}),
              std::accumulate(values.begin(), values.end(), std::int64_t{0}));
    EXPECT_EQ(rows.split_units, (std::vector<std::int32_t>{2}));
}

TEST(Crosswalk, RandomMoneySplitsAlwaysAddUp) {
    const auto o = old_h(), n = new_h();
    const auto c = crosswalk::build(o,
                                    n,
                                    {"A", "B", "C", "C", "C"},
                                    {"AB", "AB", "AB", "C1", "C2"},
                                    {1, 1, 1.0 / 3, 1.0 / 3, 1.0 / 3});
    std::mt19937_64 rng(1);
    for(int trial = 0; trial < 200; ++trial) {
        const auto v =
            static_cast<std::int64_t>(rng() % 2'000'000'000'000) - 1'000'000'000'000;
        const auto rows =
            c.apply({trial}, {2}, std::vector<std::int64_t>{v}, crosswalk_rule::sum);
        std::int64_t total = 0;
        for(auto x : rows.value) total += x;
        EXPECT_EQ(total, v);
    }
}

TEST(Crosswalk, NonAdditiveRulesCarryValues) {
    const auto o = old_h(), n = new_h();
    const auto c = cw(o, n);
    const auto mean = c.apply({1, 1, 1},
                              {0, 1, 2},
                              std::vector<double>{10.0, 20.0, 5.0},
                              crosswalk_rule::mean);
    EXPECT_DOUBLE_EQ(mean.value[0], 15.0);
    EXPECT_DOUBLE_EQ(mean.value[1], 5.0);
    EXPECT_DOUBLE_EQ(mean.value[2], 5.0);
    const auto mx =
        c.apply({1, 1}, {0, 1}, std::vector<double>{10.0, 20.0}, crosswalk_rule::max);
    EXPECT_DOUBLE_EQ(mx.value[0], 20.0);
}

TEST(Crosswalk, BadInput) {
    const auto o = old_h(), n = new_h();
    EXPECT_THROW(
        crosswalk::build(o, n, {"A", "C", "C"}, {"AB", "C1", "C2"}, {1, 0.3, 0.6}),
        chitieu::input_error);
    try {
        crosswalk::build(o, n, {"A", "C", "C"}, {"AB", "C1", "C2"}, {1, 0.3, 0.6});
    } catch(const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("'C'"), std::string::npos) << e.what();
    }
    EXPECT_THROW(crosswalk::build(o, n, {"Z"}, {"AB"}, {1}), chitieu::unknown_code);
    EXPECT_THROW(crosswalk::build(o, n, {"A"}, {"ZZ"}, {1}), chitieu::unknown_code);
    const auto partial = crosswalk::build(o, n, {"A"}, {"AB"}, {1});
    EXPECT_THROW(partial.apply({1}, {1}, std::vector<double>{1.0}, crosswalk_rule::sum),
                 chitieu::input_error);
    const auto c = cw(o, n);
    EXPECT_THROW(c.apply({1, 1},
                         {0, 1},
                         std::vector<std::int64_t>{INT64_MAX, 1},
                         crosswalk_rule::sum),
                 chitieu::overflow_error);
}
