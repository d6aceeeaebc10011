// The observations build's scan (src/observations/observation_scan.cpp): its
// block checks, its chunks handed to threads and the bit set they mark
// together, seen through observations::build.
#include <chitieu/observations.hpp>

#include <gtest/gtest.h>

#include "expect_error.hpp"
#include "observations_fixture.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

using namespace chitieu;
using namespace chitieu::test;

// The scan checks a block of rows at once (ids in range, values finite) and
// only a block that fails goes row by row: a single bad row anywhere in plain
// blocks -- an infinity of either sign, a NaN, a derived indicator, the other
// value type -- is still caught (or, for the last, kept apart), while extreme
// finite values pass.
TEST(Observations, OneBadRowAmongPlainBlocksIsCaught) {
    const auto h = small_hierarchy();
    const auto c = small_catalog();  // 'paid' (1) is money, 'rate' (3) derived
    const std::size_t n = 5000;      // some eighty blocks (of 64 rows)
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
        // first and last rows of blocks, of 64 rows and of 256 (its size before)
        for(const std::size_t row : {std::size_t{0},
                                     std::size_t{63},
                                     std::size_t{64},
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
