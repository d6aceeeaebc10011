#include <chitieu/observations.hpp>

#include <gtest/gtest.h>

#include "expect_error.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace chitieu;

namespace {

hierarchy small_hierarchy() {
    return hierarchy::build({"province", "district"},
                            {"P1", "D1", "D2"},
                            {"Province 1", "District 1", "District 2"},
                            {"province", "district", "district"},
                            {"", "P1", "P1"});
}

catalog small_catalog() {
    return catalog({indicator::flow("jobs"),
                    indicator::flow("paid", "", "VND", value_type::money),
                    indicator::stock("poor"),
                    indicator::ratio("rate", "poor", "jobs")});
}

period_index months_2024() {
    period_index idx;
    for(int m = 1; m <= 12; ++m)
        idx.intern(
            period::parse("2024" + std::string(m < 10 ? "0" : "") + std::to_string(m)));
    idx.intern(period::parse("2024Q1"));
    return idx;
}

// Column views over vectors the test keeps alive.
template <class V>
observation_columns<V> view(const std::vector<std::int32_t>& ind,
                            const std::vector<std::int32_t>& unit,
                            const std::vector<std::int32_t>& per,
                            const std::vector<V>& val,
                            const std::vector<std::int64_t>& rev = {}) {
    return {{ind.data(), ind.size()},
            {unit.data(), unit.size()},
            {per.data(), per.size()},
            {val.data(), val.size()},
            {rev.data(), rev.size()}};
}

}  // namespace

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

// The scan checks a block of rows at once (ids in range, values finite) and
// only a block that fails goes row by row: a single bad row anywhere in plain
// blocks -- an infinity of either sign, a NaN, a derived indicator, the other
// value type -- is still caught (or, for the last, kept apart), while extreme
// finite values pass.
TEST(Observations, OneBadRowAmongPlainBlocksIsCaught) {
    const auto h = small_hierarchy();
    const auto c = small_catalog();  // 'paid' (1) is money, 'rate' (3) derived
    const std::size_t n = 5000;      // some twenty blocks
    std::vector<std::int32_t> ind(n, 0), unit(n), per(n);
    std::vector<double> val(n, 1.0);
    for(std::size_t i = 0; i < n; ++i) {
        unit[i] = static_cast<std::int32_t>(i % 3);
        per[i] = static_cast<std::int32_t>(i % 12);
    }
    val[7] = std::numeric_limits<double>::max();
    val[8] = -std::numeric_limits<double>::max();
    val[9] = std::numeric_limits<double>::denorm_min();
    val[10] = -0.0;
    observation_options opt;
    opt.duplicates = duplicate_policy::sum;
    const auto run = [&](const std::vector<std::int32_t>& indicators,
                         const std::vector<double>& values) {
        return observations::build(
            c, h, months_2024(), view(indicators, unit, per, values), opt);
    };
    EXPECT_EQ(run(ind, val).first_nonfinite(), -1);
    const double inf = std::numeric_limits<double>::infinity();
    for(const double bad : {inf, -inf, std::nan(""), -std::nan("")})
        for(const std::size_t row : {std::size_t{0},
                                     std::size_t{255},
                                     std::size_t{256},
                                     std::size_t{3333},
                                     n - 1}) {
            auto v = val;
            v[row] = bad;
            opt.nans = nan_policy::error;
            expect_error<input_error>([&] { run(ind, v); },
                                      {"row " + std::to_string(row), "not finite"});
            opt.nans = nan_policy::skip;
            EXPECT_GE(run(ind, v).first_nonfinite(), 0) << bad << " at row " << row;
        }
    opt.nans = nan_policy::error;
    auto derived = ind;
    derived[4097] = 3;
    expect_error<input_error>([&] { run(derived, val); }, {"'rate'", "row 4097"});
    auto money = ind;
    money[2049] = 1;  // a money indicator among real values: kept as money
    const auto split = run(money, val);
    EXPECT_EQ(split.money().size(), 1u);
    EXPECT_GT(split.real().size(), 0u);
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

// The fused scan marks the bit set from several threads: whatever the thread
// count, and with the bit set or the sort, the same rows are duplicates and the
// same sums come out.
TEST(Observations, DuplicatesAlikeInEveryThreadCountAndPath) {
    const auto h = small_hierarchy();
    const auto c = small_catalog();
    std::vector<std::int32_t> ind, unit, per;
    std::vector<double> val;
    std::uint32_t state = 12345;
    const auto next = [&](std::uint32_t n) {
        state = state * 1664525u + 1013904223u;
        return static_cast<std::int32_t>((state >> 8) % n);
    };
    for(int i = 0; i < 40000; ++i) {
        ind.push_back(next(2) * 2);  // jobs or poor (both real)
        unit.push_back(next(3));
        per.push_back(next(13));
        val.push_back(next(100));
    }
    std::vector<double> expected;
    for(const unsigned threads : {1u, 2u, 3u, 8u})
        for(const std::size_t limit : {std::size_t{1} << 20, std::size_t{0}}) {
            observation_options opt;
            opt.threads = static_cast<int>(threads);
            opt.bitmap_limit = limit;
            expect_error<input_error>(
                [&] {
                    observations::build(
                        c, h, months_2024(), view(ind, unit, per, val), opt);
                },
                {"duplicate observations", "combinations have more than one row"});
            opt.duplicates = duplicate_policy::sum;
            const auto obs = observations::build(
                c, h, months_2024(), view(ind, unit, per, val), opt);
            ASSERT_EQ(obs.size(), 2u * 3u * 13u);  // every cell, once
            std::vector<double> got(obs.real().value.begin(), obs.real().value.end());
            if(expected.empty())
                expected = got;
            else
                EXPECT_EQ(got, expected) << threads << " threads, limit " << limit;
        }
}

// Threads mark one bit set together: a key met by two threads is counted as
// repeated exactly once, and no mark is lost (the presence is the same bits
// whatever the thread count) -- over a key space too large for two threads to
// meet often by chance, with each repeat far from its first row.
TEST(Observations, SharedMarksLoseNoKeyAndNoRepeat) {
    std::vector<std::string> codes{"P1"}, names{"P1"}, levels{"province"}, parents{""};
    for(int u = 0; u < 2000; ++u) {
        codes.push_back("C" + std::to_string(u));
        names.push_back(codes.back());
        levels.push_back("commune");
        parents.push_back("P1");
    }
    const auto h =
        hierarchy::build({"province", "commune"}, codes, names, levels, parents);
    std::vector<indicator> flows;
    for(int k = 0; k < 50; ++k)
        flows.push_back(indicator::flow("f" + std::to_string(k)));
    const catalog c(flows);
    const std::uint32_t space = 50u * 2001u * 13u;
    std::vector<std::int32_t> ind, unit, per;
    std::vector<double> val;
    const auto add = [&](std::uint32_t key, double v) {
        ind.push_back(static_cast<std::int32_t>(key / (2001u * 13u)));
        unit.push_back(static_cast<std::int32_t>(key / 13u % 2001u));
        per.push_back(static_cast<std::int32_t>(key % 13u));
        val.push_back(v);
    };
    for(std::uint32_t i = 0; i < 200000; ++i)
        add(static_cast<std::uint32_t>(std::uint64_t{i} * 7919u % space), 1.0);
    const std::size_t distinct = ind.size();
    for(std::uint32_t i = 0; i < 2000; ++i)  // repeats of rows spread over the first
        add(static_cast<std::uint32_t>(std::uint64_t{i * 97u} * 7919u % space), 2.0);
    std::vector<std::uint64_t> presence;
    for(const unsigned threads : {1u, 2u, 3u, 8u}) {
        observation_options opt;
        opt.threads = static_cast<int>(threads);
        expect_error<input_error>(
            [&] {
                observations::build(
                    c, h, months_2024(), view(ind, unit, per, val), opt);
            },
            {"; 2000 (indicator, unit, period) combinations have more than one row"});
        opt.duplicates = duplicate_policy::sum;
        const auto obs =
            observations::build(c, h, months_2024(), view(ind, unit, per, val), opt);
        ASSERT_EQ(obs.size(), distinct) << threads << " threads";
        double total = 0;
        for(const auto v : obs.real().value) total += v;
        EXPECT_EQ(total, 200000.0 + 2.0 * 2000.0) << threads << " threads";
        if(presence.empty())
            presence = obs.presence();
        else
            EXPECT_EQ(obs.presence(), presence) << threads << " threads";
    }
}

// The scan hands rows to its threads a chunk at a time, and stops taking chunks
// after one with a bad row: a bad row in any chunk, even the last, is still
// found, and the least one is named, whatever the thread count.
TEST(Observations, BadRowInAnyChunkIsFoundByEveryThreadCount) {
    const auto h = small_hierarchy();
    const auto c = small_catalog();
    const std::size_t n = 300000;  // dozens of chunks
    std::vector<std::int32_t> ind(n), unit(n), per(n);
    std::vector<double> val(n, 1.0);
    for(std::size_t i = 0; i < n; ++i) {
        ind[i] = static_cast<std::int32_t>(i % 2) * 2;  // jobs or poor
        unit[i] = static_cast<std::int32_t>(i % 3);
        per[i] = static_cast<std::int32_t>(i % 13);
    }
    observation_options opt;
    opt.duplicates = duplicate_policy::sum;  // the rows repeat their cells
    for(const unsigned threads : {1u, 2u, 3u, 8u}) {
        opt.threads = static_cast<int>(threads);
        const auto refused = [&](const std::vector<std::int32_t>& periods,
                                 const std::vector<double>& values,
                                 const std::vector<std::string>& fragments) {
            expect_error<input_error>(
                [&] {
                    observations::build(
                        c, h, months_2024(), view(ind, unit, periods, values), opt);
                },
                fragments);
        };
        auto last = per;
        last[n - 1] = 13;
        refused(last, val, {"period id 13", "row 299999"});
        auto two = per;
        two[200000] = -1;
        two[123457] = -1;
        refused(two, val, {"period id -1", "row 123457"});
        auto nan = val;
        nan[n - 2] = std::numeric_limits<double>::quiet_NaN();
        refused(per, nan, {"row 299998", "not finite"});
        const auto obs =
            observations::build(c, h, months_2024(), view(ind, unit, per, val), opt);
        double total = 0;
        for(const auto v : obs.real().value) total += v;
        EXPECT_EQ(total, static_cast<double>(n)) << threads << " threads";
    }
}
