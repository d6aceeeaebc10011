#include <chitieu/rollup.hpp>

#include "rollup/rollup_kernel.hpp"

#include <gtest/gtest.h>

#include "expect_error.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

using namespace chitieu;

namespace {

#include "rollup_oracle.hpp"

// P1: D1 (C1 C2 C3), D2 (C4 C5); P2: D3 (C6 C7), D4 (no communes).
hierarchy test_hierarchy() {
    return hierarchy::build(
        {"province", "district", "commune"},
        {"P1", "P2", "D1", "D2", "D3", "D4", "C1", "C2", "C3", "C4", "C5", "C6", "C7"},
        {"P1", "P2", "D1", "D2", "D3", "D4", "C1", "C2", "C3", "C4", "C5", "C6", "C7"},
        {"province",
         "province",
         "district",
         "district",
         "district",
         "district",
         "commune",
         "commune",
         "commune",
         "commune",
         "commune",
         "commune",
         "commune"},
        {"", "", "P1", "P1", "P2", "P2", "D1", "D1", "D1", "D2", "D2", "D3", "D3"});
}

catalog test_catalog() {
    indicator first_sum = indicator::flow("first_sum");
    first_sum.time = time_rule::first;
    indicator sum_mean = indicator::flow("sum_mean");
    sum_mean.space = space_rule::mean;
    return catalog({indicator::flow("jobs"),
                    indicator::flow("paid", "", "VND", value_type::money),
                    indicator::stock("poor"),
                    indicator::stock("households"),
                    indicator::stock_average("caseload"),
                    indicator::level("price"),
                    indicator::max("peak"),
                    indicator::min("low"),
                    first_sum,
                    sum_mean,
                    indicator::stock("fund", "", "VND", value_type::money),
                    indicator::stock_average("fund_avg", "", "VND", value_type::money),
                    indicator::flow("refund", "", "VND", value_type::money),
                    indicator::ratio("poverty_rate", "poor", "households"),
                    indicator::difference("net_paid", "paid", "refund"),
                    indicator::sum("jobs_and_poor", {"jobs", "poor"}),
                    indicator::ratio("rate_of_net", "net_paid", "paid", 1000)});
}

dataset random_rows(std::uint64_t seed, const hierarchy& h, const catalog& c) {
    std::mt19937_64 rng(seed);
    dataset d;
    for(int m = 1; m <= 12; ++m)
        d.periods.intern(
            period::parse("2024" + std::string(m < 10 ? "0" : "") + std::to_string(m)));
    for(int q = 1; q <= 4; ++q)
        d.periods.intern(period::parse("2024Q" + std::to_string(q)));
    std::set<std::tuple<int, int, int>> used;
    const int n = 20 + static_cast<int>(rng() % 200);
    for(int i = 0; i < n; ++i) {
        const auto ind = static_cast<std::int32_t>(rng() % 13);
        std::int32_t unit = static_cast<std::int32_t>(6 + rng() % 7);
        std::int32_t per = static_cast<std::int32_t>(rng() % 12);
        if(rng() % 8 == 0) unit = h.id("D1");
        if(rng() % 8 == 0) {
            unit = h.id("D4");
            if(!c[ind].is_flow()) per = static_cast<std::int32_t>(12 + rng() % 4);
        }
        if(!used.insert({ind, unit, per}).second) continue;
        const auto money = static_cast<std::int64_t>(rng() % 2'000'000'000'000ULL) -
                           1'000'000'000'000LL;
        const double real =
            static_cast<double>(static_cast<std::int64_t>(rng() % 100000) - 20000) / 8;
        d.rows.push_back({ind, unit, per, real, money});
    }
    return d;
}

// Values as float64 (money rows converted exactly), or as int64 when every row
// is money (exact beyond 2^53).
// bitmap_limit 0: no presence bit set, so duplicates are found by sorting and
// the rollup kernel sets presence bits itself.
observations build(const dataset& d, const hierarchy& h, const catalog& c,
                   std::size_t bitmap_limit = std::size_t{256} << 20) {
    observation_options options;
    options.bitmap_limit = bitmap_limit;
    std::vector<std::int32_t> ind, unit, per;
    std::vector<double> val;
    std::vector<std::int64_t> money;
    for(const auto& r : d.rows) {
        ind.push_back(r.ind);
        unit.push_back(r.unit);
        per.push_back(r.per);
        val.push_back(c[r.ind].type == value_type::money ? static_cast<double>(r.money)
                                                         : r.real);
        money.push_back(r.money);
    }
    const bool all_money = std::all_of(d.rows.begin(), d.rows.end(), [&](const row& r) {
        return c[r.ind].type == value_type::money;
    });
    if(all_money)
        return observations::build(c,
                                   h,
                                   d.periods,
                                   {column<std::int32_t>(ind),
                                    column<std::int32_t>(unit),
                                    column<std::int32_t>(per),
                                    column<std::int64_t>(money),
                                    {}},
                                   options);
    return observations::build(c,
                               h,
                               d.periods,
                               {column<std::int32_t>(ind),
                                column<std::int32_t>(unit),
                                column<std::int32_t>(per),
                                column<double>(val),
                                {}},
                               options);
}

// ---- the oracle: plain maps, per unit over time, then over units ----------

}  // namespace

TEST(Rollup, MatchesOracleOnRandomData) {
    const auto h = test_hierarchy();
    const auto c = test_catalog();
    rollup_request req;
    req.levels = {"province", "district"};
    req.kinds = {period_kind::quarter, period_kind::year};
    req.threads = 2;
    for(std::uint64_t seed = 1; seed <= 300; ++seed) {
        const auto d = random_rows(seed, h, c);
        const auto r =
            rollup(build(d, h, c, seed % 2 ? std::size_t{256} << 20 : 0), h, c, req);
        for(const char* level : {"province", "district"}) {
            const auto want =
                oracle(d, h, c, level_targets(h, level), quarters_and_year());
            expect_matches(r, want, h.level_index(level), quarters_and_year(), seed);
        }
    }
}

// Over 64 fine periods: the bit-table shortcuts give way to the general loops.
TEST(Rollup, DailyDataTakesTheGeneralPaths) {
    const auto h = test_hierarchy();
    const auto c = test_catalog();
    dataset d;
    std::vector<period> days;
    for(int m = 1; m <= 3; ++m)
        for(int day = 1; day <= (m == 2 ? 29 : 31); ++day) {
            const auto text = "2024" + std::string(m < 10 ? "0" : "") +
                              std::to_string(m) + (day < 10 ? "0" : "") +
                              std::to_string(day);
            days.push_back(period::parse(text));
            d.periods.intern(days.back());
        }
    std::mt19937_64 rng(17);
    std::set<std::tuple<int, int, int>> used;
    for(int i = 0; i < 600; ++i) {
        const auto ind = static_cast<std::int32_t>(rng() % 13);
        const auto unit = static_cast<std::int32_t>(6 + rng() % 7);
        const auto per = static_cast<std::int32_t>(rng() % days.size());
        if(!used.insert({ind, unit, per}).second) continue;
        d.rows.push_back({ind,
                          unit,
                          per,
                          static_cast<double>(rng() % 1000) / 4,
                          static_cast<std::int64_t>(rng() % 1000000)});
    }
    rollup_request req;
    req.levels = {"district"};
    req.kinds = {period_kind::day, period_kind::month};
    const auto r = rollup(build(d, h, c), h, c, req);
    expect_matches(r, oracle(d, h, c, level_targets(h, "district"), days), 1, days, 17);
    const std::vector<period> months{
        period::parse("202401"), period::parse("202402"), period::parse("202403")};
    expect_matches(
        r, oracle(d, h, c, level_targets(h, "district"), months), 1, months, 17);
}

TEST(Rollup, OneCallEqualsSeparateCallsAndThreadCountsAgree) {
    const auto h = test_hierarchy();
    const auto c = test_catalog();
    const auto d = random_rows(99, h, c);
    const auto obs = build(d, h, c);
    rollup_request both;
    both.levels = {"province", "district"};
    both.kinds = {period_kind::quarter, period_kind::year};
    both.threads = 1;
    const auto one = rollup(obs, h, c, both);
    auto two_threads = both;
    two_threads.threads = 2;
    const auto again = rollup(obs, h, c, two_threads);
    ASSERT_EQ(one.size(), again.size());
    for(std::size_t i = 0; i < one.size(); ++i) {
        EXPECT_EQ(one.indicator[i], again.indicator[i]);
        EXPECT_EQ(one.rows()[i].money, again.rows()[i].money);
        // Values are multiples of 1/8: float sums are exact in any order.
        EXPECT_TRUE(one.value[i] == again.value[i] ||
                    (std::isnan(one.value[i]) && std::isnan(again.value[i])));
    }
    std::size_t separate = 0;
    for(const char* level : {"province", "district"})
        for(const auto kind : {period_kind::quarter, period_kind::year}) {
            rollup_request req;
            req.levels = {level};
            req.kinds = {kind};
            separate += rollup(obs, h, c, req).size();
        }
    EXPECT_EQ(separate, one.size());
}

TEST(Rollup, MergedStatesEqualTheRollupOfAllRows) {
    const auto h = test_hierarchy();
    const auto c = test_catalog();
    rollup_request req;
    req.levels = {"province"};
    req.kinds = {period_kind::quarter};
    for(std::uint64_t seed = 100; seed < 110; ++seed) {
        auto all = random_rows(seed, h, c);
        dataset first = all, second = all;
        const auto half = all.rows.size() / 2;
        first.rows.assign(all.rows.begin(),
                          all.rows.begin() + static_cast<std::ptrdiff_t>(half));
        second.rows.assign(all.rows.begin() + static_cast<std::ptrdiff_t>(half),
                           all.rows.end());
        const auto a = partial_rollup(build(first, h, c), h, c, req);
        const auto b = rollup_state::from_bytes(
            partial_rollup(build(second, h, c), h, c, req).to_bytes());
        const auto merged = finish(merge(a, b));
        const auto want = oracle(all,
                                 h,
                                 c,
                                 level_targets(h, "province"),
                                 {period::parse("2024Q1"),
                                  period::parse("2024Q2"),
                                  period::parse("2024Q3"),
                                  period::parse("2024Q4")});
        expect_matches(merged,
                       want,
                       0,
                       {period::parse("2024Q1"),
                        period::parse("2024Q2"),
                        period::parse("2024Q3"),
                        period::parse("2024Q4")},
                       seed);
        EXPECT_EQ(merge(a, rollup_state{}).rows(), a.rows());
    }
}

TEST(Rollup, ScopesUnitsAndPeriods) {
    const auto h = test_hierarchy();
    const auto c = test_catalog();
    const auto d = random_rows(7, h, c);
    const auto obs = build(d, h, c);
    rollup_request req;
    req.levels = {"district"};
    req.units = {"P1"};
    req.periods = {period::parse("2024Q2")};
    const auto r = rollup(obs, h, c, req);
    ASSERT_GT(r.size(), 0u);
    for(std::size_t i = 0; i < r.size(); ++i) {
        const auto& code = r.unit_codes[static_cast<std::size_t>(r.unit[i])];
        EXPECT_TRUE(code == "D1" || code == "D2") << code;
        EXPECT_EQ(r.periods[static_cast<std::size_t>(r.bucket[i])].to_string(),
                  "2024Q2");
    }
    const auto want =
        oracle(d, h, c, level_targets(h, "district"), {period::parse("2024Q2")});
    std::map<key, expected_cell> in_p1;
    for(const auto& [k, v] : want)
        if(std::get<1>(k) == "D1" || std::get<1>(k) == "D2") in_p1[k] = v;
    expect_matches(r, in_p1, 1, {period::parse("2024Q2")}, 7);
}

// Target periods that do not overlap are the pass's buckets (two windows of
// months and quarters, not each month): the figures are the oracle's, with or
// without the observations' bit set; targets that overlap keep finer buckets.
TEST(Rollup, DisjointTargetPeriodsAreTheBuckets) {
    const auto h = test_hierarchy();
    const auto c = test_catalog();
    const std::vector<period> windows = {period::parse("2024-01-01/2024-06-30"),
                                         period::parse("2024-07-01/2024-09-30")};
    rollup_request req;
    req.levels = {"province"};
    req.periods = windows;
    for(std::uint64_t seed = 1; seed <= 60; ++seed) {
        const auto d = random_rows(seed, h, c);
        const auto obs = build(d, h, c, seed % 2 ? std::size_t{256} << 20 : 0);
        const auto state = partial_rollup(obs, h, c, req);
        ASSERT_FALSE(state.buckets().empty()) << seed;  // data in the windows
        for(const auto& b : state.buckets())
            EXPECT_TRUE(b == windows[0] || b == windows[1]) << b.to_string();
        const auto want = oracle(d, h, c, level_targets(h, "province"), windows);
        expect_matches(rollup(obs, h, c, req), want, 0, windows, seed);
        expect_matches(finish(state), want, 0, windows, seed);
    }
    auto overlapping = req;
    overlapping.periods.push_back(period::parse("2024Q1"));
    const auto d = random_rows(3, h, c);
    const auto state = partial_rollup(build(d, h, c), h, c, overlapping);
    EXPECT_GT(state.buckets().size(), 2u);
    expect_matches(finish(state),
                   oracle(d, h, c, level_targets(h, "province"), overlapping.periods),
                   0,
                   overlapping.periods,
                   3);
}

TEST(Rollup, UnitGroupsAreTargetsAndMayOverlap) {
    auto h = test_hierarchy();
    h.add_group("north", {"D1", "P2"});
    h.add_group("mixed", {"C4", "D1"});  // shares D1 with "north"
    const auto c = test_catalog();
    for(std::uint64_t seed = 40; seed < 60; ++seed) {
        const auto d = random_rows(seed, h, c);
        rollup_request req;
        req.levels = {"province"};
        req.groups = {"north", "mixed"};
        req.kinds = {period_kind::quarter, period_kind::year};
        const auto r = rollup(build(d, h, c), h, c, req);
        const std::vector<target> groups{{"north", {h.id("D1"), h.id("P2")}},
                                         {"mixed", {h.id("C4"), h.id("D1")}}};
        expect_matches(r,
                       oracle(d, h, c, groups, quarters_and_year()),
                       -1,
                       quarters_and_year(),
                       seed);
        expect_matches(
            r,
            oracle(d, h, c, level_targets(h, "province"), quarters_and_year()),
            0,
            quarters_and_year(),
            seed);
    }
    rollup_request bad;
    bad.groups = {"south"};
    bad.kinds = {period_kind::year};
    expect_error<unknown_code>(
        [&] { rollup(build(random_rows(1, h, c), h, c), h, c, bad); }, {"'south'"});
}

TEST(Rollup, RefusesToSplitCoarserData) {
    const auto h = test_hierarchy();
    const auto c = test_catalog();
    dataset d;
    d.periods.intern(period::parse("202403"));
    d.periods.intern(period::parse("2024Q2"));
    d.rows = {{0, 6, 0, 1, 0}, {0, 7, 1, 2, 0}};
    rollup_request req;
    req.levels = {"province"};
    req.kinds = {period_kind::month};
    expect_error<input_error>([&] { rollup(build(d, h, c), h, c, req); },
                              {"'jobs'", "'2024Q2'", "quarter"});
    req.kinds = {period_kind::quarter};
    EXPECT_EQ(rollup(build(d, h, c), h, c, req).size(), 2u);
}

TEST(Rollup, MoneyTotalsAreExactAndOverflowIsAnError) {
    const auto h = test_hierarchy();
    const auto c = test_catalog();
    dataset d;
    d.periods.intern(period::parse("202401"));
    const std::int64_t big = std::numeric_limits<std::int64_t>::max() - 10;
    d.rows = {{1, 6, 0, 0, big}, {1, 7, 0, 0, 5}, {1, 8, 0, 0, -20}};
    rollup_request req;
    req.levels = {"district"};
    req.kinds = {period_kind::quarter};
    const auto r = rollup(build(d, h, c), h, c, req);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r.money[0], big - 15);  // exact although partial sums leave int64
    EXPECT_TRUE(r.exact[0]);
    // The money columns: one entry a row once any row is exact (the jobs row,
    // emitted first, is not), none for a rollup without money.
    dataset mixed = d, jobs = d;
    mixed.rows = {{1, 6, 0, 0, 5}, {0, 6, 0, 4, 0}};
    const auto m = rollup(build(mixed, h, c), h, c, req);
    ASSERT_EQ(m.size(), 2u);
    EXPECT_EQ(m.exact.size(), 2u);
    EXPECT_EQ(m.money.size(), 2u);
    for(const auto& row : m.rows())
        EXPECT_EQ(row.money.has_value(), row.indicator == "paid") << row.indicator;
    jobs.rows = {{0, 6, 0, 4, 0}};
    const auto j = rollup(build(jobs, h, c), h, c, req);
    ASSERT_EQ(j.size(), 1u);
    EXPECT_TRUE(j.exact.empty() && j.money.empty());
    EXPECT_FALSE(j.rows()[0].money.has_value());
    d.rows[2].money = 20;
    expect_error<overflow_error>([&] { rollup(build(d, h, c), h, c, req); },
                                 {"'paid'", "'D1'", "'2024Q1'"});
}

TEST(Rollup, NanPolicies) {
    const auto h = test_hierarchy();
    const auto c = test_catalog();
    period_index periods;
    periods.intern(period::parse("202401"));
    std::vector<std::int32_t> ind{0, 0}, unit{6, 7}, per{0, 0};
    std::vector<double> val{4, std::nan("")};
    observation_options skip;
    skip.nans = nan_policy::skip;
    const auto obs = observations::build(
        c,
        h,
        periods,
        {{ind.data(), 2}, {unit.data(), 2}, {per.data(), 2}, {val.data(), 2}, {}},
        skip);
    rollup_request req;
    req.levels = {"province"};
    req.kinds = {period_kind::year};
    const auto r = rollup(obs, h, c, req);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r.value[0], 4);
    EXPECT_EQ(r.n_reporting[0], 1);  // the NaN unit did not report
    EXPECT_EQ(r.n_expected[0], 5);
    req.nans = nan_policy::error;
    expect_error<input_error>([&] { rollup(obs, h, c, req); },
                              {"'jobs'", "'C2'", "nan"});
}

TEST(Rollup, BadRequests) {
    const auto h = test_hierarchy();
    const auto c = test_catalog();
    const auto obs = build(random_rows(3, h, c), h, c);
    rollup_request req;
    req.kinds = {period_kind::year};
    expect_error<input_error>([&] { rollup(obs, h, c, req); }, {"levels"});
    req.levels = {"ward"};
    expect_error<unknown_code>([&] { rollup(obs, h, c, req); }, {"'ward'"});
    req.levels = {"province"};
    req.units = {"X9"};
    expect_error<unknown_code>([&] { rollup(obs, h, c, req); }, {"'X9'"});
    req.units = {"C1"};
    expect_error<input_error>([&] { rollup(obs, h, c, req); }, {"'province'"});
    req.units.clear();
    req.kinds.clear();
    expect_error<input_error>([&] { rollup(obs, h, c, req); }, {"period"});
    expect_error<input_error>([] { rollup_state::from_bytes("nonsense"); },
                              {"rollup state"});
    req.kinds = {period_kind::year};
    rollup_request other = req;
    other.levels = {"district"};
    const auto a = partial_rollup(obs, h, c, req);
    const auto b = partial_rollup(obs, h, c, other);
    expect_error<input_error>([&] { merge(a, b); }, {"different requests"});
}

// The kernel on plain mapping arrays, against a direct loop.
TEST(RollupKernel, FlowAndSparsePathsOnPlainArrays) {
    using namespace chitieu::detail;
    std::mt19937_64 rng(5);
    const std::size_t n = 5000, units = 40, periods = 6, inds = 4;
    std::vector<std::int32_t> ind(n), unit(n), per(n);
    std::vector<std::int64_t> val(n);
    for(std::size_t i = 0; i < n; ++i) {
        ind[i] = static_cast<std::int32_t>(rng() % inds);
        unit[i] = static_cast<std::int32_t>(rng() % units);
        per[i] = static_cast<std::int32_t>(rng() % periods);
        val[i] = static_cast<std::int64_t>(rng() % 1000) - 500;
    }
    pass_tables tab;
    tab.doms = 4;  // unit u -> dom u % 4, except units >= 36 which are outside
    tab.rus = 36;
    tab.fine = 3;          // period p -> bucket p / 2
    tab.dense_slots = 2;   // indicators 0, 1
    tab.sparse_slots = 1;  // indicator 2; indicator 3 not requested
    tab.slot = {{0, 0, -1}, {12, 108, -1}, {-1, -1, 0}, {-1, -1, -1}};
    for(std::size_t u = 0; u < units; ++u)
        tab.unit.push_back(u < 36 ? unit_entry{static_cast<std::int32_t>((u % 4) * 3),
                                               static_cast<std::int32_t>(u * 3)}
                                  : unit_entry{-1, -1});
    for(std::size_t p = 0; p < periods; ++p) {
        tab.bucket.push_back(static_cast<std::int32_t>(p / 2));
        tab.order_key.push_back(static_cast<std::int64_t>(p));
    }
    const row_columns<std::int64_t> rows{
        ind.data(), unit.data(), per.data(), val.data(), n};
    // Every field kept, and only the last value (a stock's state, folded by
    // its own loop).
    for(const auto& [threads, fields] : {std::pair{1u, all_time_fields},
                                         std::pair{3u, all_time_fields},
                                         std::pair{1u, unsigned{last_value}},
                                         std::pair{3u, unsigned{last_value}}}) {
        tab.time_fields = fields;
        const auto p = run_pass(rows, tab, threads, false);
        ASSERT_EQ(p.sparse.fields, fields);
        std::vector<int128> sum(2 * 4 * 3, 0);
        std::map<std::uint64_t, std::vector<std::size_t>> cells;
        for(std::size_t i = 0; i < n; ++i) {
            if(unit[i] >= 36) continue;
            const auto b = static_cast<std::size_t>(per[i] / 2);
            const auto u = static_cast<std::size_t>(unit[i]);
            if(ind[i] < 2)
                sum[(static_cast<std::size_t>(ind[i]) * 4 + u % 4) * 3 + b] += val[i];
            if(ind[i] == 2) cells[u * 3 + b].push_back(i);
        }
        EXPECT_TRUE(p.dense.sum == sum);
        ASSERT_EQ(p.sparse.size(), cells.size());
        std::size_t k = 0;
        for(const auto& [key, rs] : cells) {
            EXPECT_EQ(p.sparse.key[k], key);
            const auto c = p.sparse.get(k++);
            const bool sums = fields & sum_count;
            EXPECT_EQ(c.count, sums ? static_cast<std::int64_t>(rs.size()) : 0);
            std::int64_t total = 0, last = 0, best = -1;
            for(const auto r : rs) {
                total += val[r];
                if(per[r] >= best) {
                    best = per[r];
                    last = val[r];
                }
            }
            EXPECT_EQ(static_cast<std::int64_t>(c.sum), sums ? total : 0);
            EXPECT_EQ(c.last, last);
        }
    }
}

// Tables large enough to be merged by several threads, cut at keys of the
// larger one, must give the one-thread merge: shared keys combined once, in
// order (the second table's rows are later), whichever table is larger.
TEST(RollupKernel, ParallelSparseMergeEqualsSerial) {
    using namespace chitieu::detail;
    std::mt19937_64 rng(11);
    const auto table = [&](std::size_t n, std::uint64_t space, std::int64_t key0) {
        sparse_table<double> t;
        std::set<std::uint64_t> keys;
        while(keys.size() < n) keys.insert(rng() % space);
        t.resize(n);
        std::size_t i = 0;
        for(const auto k : keys) {
            t.key[i] = k;
            t.set(i++,
                  time_cell<double>::of(static_cast<double>(rng() % 1000),
                                        key0 + static_cast<std::int64_t>(k)));
        }
        return t;
    };
    const auto a = table(200000, 600000, 0), b = table(90000, 600000, 1);
    for(const auto& [x, y] : {std::pair{&a, &b}, std::pair{&b, &a}}) {
        const auto serial = merge_sparse(*x, *y, 1);
        EXPECT_LT(serial.size(), x->size() + y->size());  // some keys are shared
        for(unsigned threads : {2u, 3u}) {
            const auto par = merge_sparse(*x, *y, threads);
            ASSERT_EQ(par.key, serial.key);
            for(std::size_t i = 0; i < serial.size(); ++i) {
                const auto p = par.get(i), s = serial.get(i);
                ASSERT_EQ(std::tie(p.sum, p.count, p.min, p.max, p.last, p.first),
                          std::tie(s.sum, s.count, s.min, s.max, s.last, s.first))
                    << "cell " << i << " with " << threads << " threads";
            }
        }
    }
}

// Time-state entries folded range by range in cache, with the threads' entries
// in order (later threads hold later rows), must equal a direct fold, and so
// must the sorted fold that wide ranges take; chunks and ranges are crossed.
TEST(RollupKernel, KeyRangesFoldInCacheAndSortedAlike) {
    using namespace chitieu::detail;
    std::mt19937_64 rng(17);
    const std::uint64_t space = 100000;
    std::vector<std::int64_t> order_key(6);
    for(std::size_t p = 0; p < order_key.size(); ++p)
        order_key[p] = static_cast<std::int64_t>(p / 2);  // ties between periods
    struct row {
        std::uint64_t key;
        std::int32_t period;
        double value;
    };
    std::vector<std::vector<row>> per_thread(3);
    for(auto& rows : per_thread)
        for(int i = 0; i < 30000; ++i)
            rows.push_back({rng() % (i % 7 == 0 ? 50 : space),  // some keys very often
                            static_cast<std::int32_t>(rng() % 6),
                            static_cast<double>(rng() % 1000)});
    std::map<std::uint64_t, time_cell<double>> direct;
    for(const auto& rows : per_thread)
        for(const auto& r : rows) {
            const auto one = time_cell<double>::of(
                r.value, order_key[static_cast<std::size_t>(r.period)]);
            const auto [it, fresh] = direct.emplace(r.key, one);
            if(!fresh) it->second.add(one);
        }
    for(const unsigned fields : {all_time_fields, unsigned{last_value}}) {
        const auto cached = range_split::of(
            space, fields == last_value ? 16 : sizeof(time_cell<double>));
        ASSERT_TRUE(cached.in_cache);
        ASSERT_GT(cached.ranges, 1u);
        range_split sorted;
        sorted.shift = 16;
        sorted.ranges = 2;
        sorted.in_cache = false;
        for(const auto& split : {cached, sorted})
            for(const unsigned threads : {1u, 2u}) {
                std::vector<key_ranges<double, std::uint32_t>> entries(
                    per_thread.size(), key_ranges<double, std::uint32_t>(split));
                for(std::size_t t = 0; t < per_thread.size(); ++t)
                    for(const auto& r : per_thread[t])
                        entries[t].add(r.key, r.period, r.value);
                sparse_table<double> out;
                out.fields = fields;
                fold_ranges(entries, split, space, order_key, threads, out);
                ASSERT_EQ(out.size(), direct.size());
                std::size_t i = 0;
                for(const auto& [key, want] : direct) {
                    ASSERT_EQ(out.key[i], key);
                    const auto got = out.get(i++);
                    EXPECT_EQ(got.last, want.last) << "key " << key;
                    EXPECT_EQ(got.last_key, want.last_key);
                    if(fields != last_value) {
                        EXPECT_EQ(std::tie(got.sum,
                                           got.count,
                                           got.min,
                                           got.max,
                                           got.first,
                                           got.first_key),
                                  std::tie(want.sum,
                                           want.count,
                                           want.min,
                                           want.max,
                                           want.first,
                                           want.first_key));
                    }
                }
            }
    }
}
