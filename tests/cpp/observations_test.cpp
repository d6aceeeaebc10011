#include <chitieu/observations.hpp>

#include <gtest/gtest.h>

#include "expect_error.hpp"
#include "observations_fixture.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace chitieu;
using namespace chitieu::test;

TEST(Observations, ZeroCopyWhenTypesMatch) {
    const auto h = small_hierarchy();
    const auto c = small_catalog();
    std::vector<std::int32_t> ind{0, 0, 2}, unit{1, 2, 1}, per{0, 0, 1};
    std::vector<double> val{1.5, 2, 7};
    const auto obs =
        observations::build(c, h, months_2024(), view(ind, unit, per, val));
    EXPECT_EQ(obs.size(), 3u);
    EXPECT_EQ(obs.real().value.data(), val.data());
    EXPECT_EQ(obs.real().unit.data(), unit.data());
    EXPECT_EQ(obs.money().size(), 0u);
    EXPECT_FALSE(obs.presence().empty());
}

TEST(Observations, SplitsMoneyRowsExactly) {
    const auto h = small_hierarchy();
    const auto c = small_catalog();
    std::vector<std::int32_t> ind{0, 1, 1}, unit{1, 1, 2}, per{0, 0, 0};
    std::vector<double> val{3, 9007199254740992.0, -5};
    const auto obs =
        observations::build(c, h, months_2024(), view(ind, unit, per, val));
    ASSERT_EQ(obs.money().size(), 2u);
    EXPECT_EQ(obs.money().value[0], 9007199254740992LL);
    EXPECT_EQ(obs.money().value[1], -5);
    EXPECT_EQ(obs.real().size(), 1u);

    std::vector<double> frac{3, 1.5, 2};
    expect_error<input_error>(
        [&] { observations::build(c, h, months_2024(), view(ind, unit, per, frac)); },
        {"'paid'", "row 1", "1.5"});
    std::vector<std::int64_t> big{std::int64_t{1} << 60, 1, 2};
    expect_error<input_error>(
        [&] { observations::build(c, h, months_2024(), view(ind, unit, per, big)); },
        {"'jobs'", "row 0"});
}

TEST(Observations, RejectsBadShapesAndIds) {
    const auto h = small_hierarchy();
    const auto c = small_catalog();
    std::vector<std::int32_t> ind{0, 0, 0}, unit{1, 2, 1}, per{0, 0, 1}, shorter{0, 1};
    std::vector<double> val{1, 2, 3};
    expect_error<input_error>(
        [&] { observations::build(c, h, months_2024(), view(ind, shorter, per, val)); },
        {"differ in length", "unit 2"});
    std::vector<std::int32_t> bad_unit{1, 2, 9};
    expect_error<input_error>(
        [&] {
            observations::build(c, h, months_2024(), view(ind, bad_unit, per, val));
        },
        {"unit id 9", "row 2"});
    std::vector<std::int32_t> bad_period{0, -1, 0};
    expect_error<input_error>(
        [&] {
            observations::build(c, h, months_2024(), view(ind, unit, bad_period, val));
        },
        {"period id -1", "row 1"});
    std::vector<std::int32_t> derived{0, 3, 0};
    expect_error<input_error>(
        [&] {
            observations::build(c, h, months_2024(), view(derived, unit, per, val));
        },
        {"'rate'", "row 1", "derived"});
}

TEST(Observations, UnitDictionaryKeepsPositionsOrMapsThem) {
    const auto h = small_hierarchy();
    const auto c = small_catalog();
    // positions into {D2, D1}: the rows' units are D1, D2, D1, D2
    std::vector<std::int32_t> ind{0, 0, 2, 2}, pos{1, 0, 1, 0}, per{0, 0, 1, 1};
    std::vector<std::int32_t> ids{1, 2, 1, 2};
    std::vector<double> val{1, 2, 3, 4};
    observation_options o;
    o.unit_dictionary = {2, 1};
    o.threads = 2;
    const auto mapped =
        observations::build(c, h, months_2024(), view(ind, pos, per, val), o);
    const auto gathered =
        observations::build(c, h, months_2024(), view(ind, ids, per, val));
    // No row rewritten: the rows keep the positions, real() maps them once.
    ASSERT_EQ(mapped.real_rows().unit.data(), pos.data());
    EXPECT_EQ(mapped.unit_dictionary(), o.unit_dictionary);
    ASSERT_EQ(mapped.real().size(), 4u);
    EXPECT_NE(mapped.real().unit.data(), pos.data());
    EXPECT_EQ(mapped.real().unit.data(), mapped.real().unit.data());  // made once
    for(std::size_t i = 0; i < 4; ++i) EXPECT_EQ(mapped.real().unit[i], ids[i]);
    EXPECT_EQ(mapped.presence(), gathered.presence());
    // Rows rewritten (a duplicate summed): unit ids of their own at once.
    std::vector<std::int32_t> ind2{0, 0, 2, 2}, pos2{1, 1, 1, 0}, per2{0, 0, 1, 1};
    observation_options sum = o;
    sum.duplicates = duplicate_policy::sum;
    const auto rewritten =
        observations::build(c, h, months_2024(), view(ind2, pos2, per2, val), sum);
    EXPECT_TRUE(rewritten.unit_dictionary().empty());
    ASSERT_EQ(rewritten.real().size(), 3u);
    EXPECT_EQ(rewritten.real_rows().unit.data(), rewritten.real().unit.data());
    std::vector<std::int32_t> units;  // D1 (summed), D1, D2
    for(std::size_t i = 0; i < 3; ++i) units.push_back(rewritten.real().unit[i]);
    std::sort(units.begin(), units.end());
    EXPECT_EQ(units, (std::vector<std::int32_t>{1, 1, 2}));

    std::vector<std::int32_t> beyond{1, 0, 2, 0};
    expect_error<input_error>(
        [&] {
            observations::build(c, h, months_2024(), view(ind, beyond, per, val), o);
        },
        {"unit position 2", "row 2", "beyond the unit dictionary (2 entries)"});
    o.unit_dictionary = {1, 7};
    expect_error<input_error>(
        [&] { observations::build(c, h, months_2024(), view(ind, pos, per, val), o); },
        {"unit dictionary entry 1 is 7", "it has 3 units"});
}

TEST(Observations, NanPolicy) {
    const auto h = small_hierarchy();
    const auto c = small_catalog();
    std::vector<std::int32_t> ind{0, 0, 0}, unit{1, 2, 1}, per{0, 0, 1};
    std::vector<double> val{1, std::nan(""), std::numeric_limits<double>::infinity()};
    expect_error<input_error>(
        [&] { observations::build(c, h, months_2024(), view(ind, unit, per, val)); },
        {"row 1", "'jobs'", "'D2'", "'202401'", "nan_policy"});
    observation_options skip;
    skip.nans = nan_policy::skip;
    const auto obs =
        observations::build(c, h, months_2024(), view(ind, unit, per, val), skip);
    EXPECT_EQ(obs.size(), 3u);  // kept, not dropped
    EXPECT_EQ(obs.first_nonfinite(), 1);
    // Non-finite values are not reported: not present, not duplicates.
    std::vector<std::int32_t> same_unit{1, 1, 1}, same_per{0, 0, 0};
    EXPECT_NO_THROW(observations::build(
        c, h, months_2024(), view(ind, same_unit, same_per, val), skip));
}

// Both ways of finding duplicates: the dense bit set and, with no room for it,
// sorting the row keys.
TEST(Observations, DuplicatePolicies) {
    const auto h = small_hierarchy();
    const auto c = small_catalog();
    std::vector<std::int32_t> ind{0, 0, 2, 0, 0, 2}, unit{1, 2, 1, 1, 1, 2},
        per{0, 0, 0, 0, 1, 5};
    std::vector<double> val{1, 2, 3, 4, 5, 6};
    std::vector<std::int64_t> rev{5, 0, 0, 1, 0, 0};
    for(const std::size_t limit : {std::size_t{1} << 20, std::size_t{0}}) {
        observation_options opt;
        opt.bitmap_limit = limit;
        expect_error<input_error>(
            [&] {
                observations::build(
                    c, h, months_2024(), view(ind, unit, per, val), opt);
            },
            {"rows 0 and 3", "'jobs'", "'D1'", "'202401'", "duplicates"});

        opt.duplicates = duplicate_policy::sum;
        auto obs =
            observations::build(c, h, months_2024(), view(ind, unit, per, val), opt);
        ASSERT_EQ(obs.size(), 5u);
        EXPECT_EQ(obs.real().value[0], 5);  // 1 + 4, where the first row was
        EXPECT_EQ(obs.real().value[3], 5);  // the untouched rows after it
        EXPECT_EQ(obs.presence().empty(), limit == 0);

        opt.duplicates = duplicate_policy::last;
        obs = observations::build(c, h, months_2024(), view(ind, unit, per, val), opt);
        EXPECT_EQ(obs.real().value[0], 4);  // later row wins without revisions
        obs = observations::build(
            c, h, months_2024(), view(ind, unit, per, val, rev), opt);
        EXPECT_EQ(obs.real().value[0], 1);  // revision 5 beats revision 1
        EXPECT_EQ(obs.real().revision[0], 5);
    }
}

TEST(Observations, MoneyDuplicateSumOverflows) {
    const auto h = small_hierarchy();
    const auto c = small_catalog();
    std::vector<std::int32_t> ind{1, 1}, unit{1, 1}, per{2, 2};
    std::vector<std::int64_t> val{std::numeric_limits<std::int64_t>::max(), 1};
    observation_options opt;
    opt.duplicates = duplicate_policy::sum;
    expect_error<overflow_error>(
        [&] {
            observations::build(c, h, months_2024(), view(ind, unit, per, val), opt);
        },
        {"'paid'", "'D1'", "'202403'"});
}

TEST(Observations, CumulativeBecomesFlows) {
    const auto h = small_hierarchy();
    const auto c = small_catalog();
    // Year-to-date jobs at D1: Jan 10, Feb 25, Mar 30; D2: Jan 4, Mar 9 (Feb missing).
    std::vector<std::int32_t> ind{0, 0, 0, 0, 0}, unit{1, 1, 1, 2, 2},
        per{2, 0, 1, 0, 2};
    std::vector<double> val{30, 10, 25, 4, 9};
    observation_options opt;
    opt.cumulative = {0};
    expect_error<input_error>(
        [&] {
            observations::build(c, h, months_2024(), view(ind, unit, per, val), opt);
        },
        {"'jobs'", "'D2'", "'202403'"});
    opt.gaps = gap_policy::carry;
    const auto obs =
        observations::build(c, h, months_2024(), view(ind, unit, per, val), opt);
    EXPECT_EQ(obs.real().value[0], 5);   // Mar: 30 - 25
    EXPECT_EQ(obs.real().value[1], 10);  // Jan: from the start of the year
    EXPECT_EQ(obs.real().value[2], 15);  // Feb: 25 - 10
    EXPECT_EQ(obs.real().value[4], 5);   // Mar at D2 carries the missing Feb
    // The inputs are untouched: the converted values are a copy.
    EXPECT_EQ(val[0], 30);

    std::vector<std::int32_t> overlap_per{0, 12, 1, 0, 2};  // Jan and Q1 overlap
    expect_error<input_error>(
        [&] {
            observations::build(
                c, h, months_2024(), view(ind, unit, overlap_per, val), opt);
        },
        {"overlap", "'2024Q1'"});
}
