#include <chitieu/measures.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

using namespace chitieu;

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
const auto higher = direction::higher_is_better;
const auto lower = direction::lower_is_better;

double pct(double actual, double goal) {
    missing_reason why;
    return pct_of_plan(actual, goal, why);
}

double two(double x, rounding mode) {
    return round_display(x, 2, mode);
}

}  // namespace

// The figures quoted in provincial reports, from their inputs.
TEST(Measures, QuotedFigures) {
    EXPECT_EQ(two(pct(9997, 24000), rounding::half_up), 41.65);
    EXPECT_EQ(two(pct(7800, 14000), rounding::half_up), 55.71);
    EXPECT_EQ(two(pct(4502, 17696), rounding::half_up), 25.44);
    EXPECT_EQ(two(pct(1876, 1956), rounding::half_up), 95.91);
    // 120 of 195 tasks: a ratio indicator (x100) against a 100% target; the
    // measure is exact (61.538...), reports truncate to 61.53.
    const double rate = 120.0 / 195.0 * 100.0;
    EXPECT_NEAR(pct(rate, 100), 61.538461538, 1e-9);
    EXPECT_EQ(two(pct(rate, 100), rounding::half_up), 61.54);
    EXPECT_EQ(two(pct(rate, 100), rounding::truncate), 61.53);
    // A rate moving 50.00 -> 50.75 is +0.75 points, as a change and year on year.
    missing_reason why;
    EXPECT_NEAR(change_of(50.75, 50.00, change_unit::points, why), 0.75, 1e-12);
    EXPECT_NEAR(yoy_pp(50.75, 50.00), 0.75, 1e-12);
    EXPECT_DOUBLE_EQ(yoy_pct(10550, 10000), 5.5);
    EXPECT_DOUBLE_EQ(change_of(10550, 10000, change_unit::percent, why), 5.5);
}

TEST(Measures, RoundDisplay) {
    EXPECT_EQ(round_display(0.125, 2, rounding::half_up), 0.13);
    EXPECT_EQ(round_display(-0.125, 2, rounding::half_up), -0.13);
    EXPECT_EQ(round_display(-61.5384, 2, rounding::truncate), -61.53);
    EXPECT_EQ(round_display(1.005, 2, rounding::half_up),
              1.01);  // 1.00499999... in binary
    EXPECT_EQ(round_display(0.29, 2, rounding::truncate), 0.29);  // 28.999999... scaled
    EXPECT_EQ(round_display(41.6541, 0, rounding::half_up), 42);
    EXPECT_TRUE(std::isnan(round_display(NaN, 2, rounding::half_up)));
    EXPECT_EQ(parse_rounding("truncate"), rounding::truncate);
    EXPECT_THROW(parse_rounding("floor"), input_error);
}

TEST(Measures, MissingReasonsNeverInfinity) {
    missing_reason why;
    EXPECT_TRUE(std::isnan(pct_of_plan(5, 0, why)));
    EXPECT_EQ(why, missing_reason::zero_target);
    EXPECT_TRUE(std::isnan(pct_of_plan(5, NaN, why)));
    EXPECT_EQ(why, missing_reason::no_target);
    EXPECT_TRUE(std::isnan(pct_of_plan(NaN, 5, why)));
    EXPECT_EQ(why, missing_reason::no_actual);
    EXPECT_TRUE(std::isnan(change_of(3, 0, change_unit::percent, why)));
    EXPECT_EQ(why, missing_reason::zero_baseline);
    EXPECT_TRUE(std::isnan(change_of(3, NaN, change_unit::points, why)));
    EXPECT_EQ(why, missing_reason::no_baseline);
    EXPECT_DOUBLE_EQ(change_of(-3, -2, change_unit::percent, why), -50.0);
    EXPECT_TRUE(std::isnan(yoy_pct(5, 0)));
    EXPECT_TRUE(std::isnan(yoy_pct(5, NaN)));
    for(const char* name : {"no_target",
                            "zero_target",
                            "partial_target",
                            "not_additive",
                            "no_actual",
                            "no_baseline",
                            "zero_baseline"})
        EXPECT_STREQ(to_string(parse_missing_reason(name)), name);
    EXPECT_THROW(parse_missing_reason("gone"), input_error);
}

TEST(Measures, GoalOfRangeIsTheCommittedEnd) {
    // "giảm tỷ lệ hộ nghèo từ 1 đến 1,5%": lower is better, range -1.5..-1.
    EXPECT_EQ(goal_of(target_bound::range, lower, NaN, -1.5, -1.0), -1.0);
    // "tăng 3-5%": higher is better.
    EXPECT_EQ(goal_of(target_bound::range, higher, NaN, 3, 5), 3);
    EXPECT_EQ(goal_of(target_bound::at_most, lower, 7, NaN, NaN), 7);
    EXPECT_DOUBLE_EQ(pct(-1.2, goal_of(target_bound::range, lower, NaN, -1.5, -1.0)),
                     120.0);
}

TEST(Measures, ThresholdsAreChecked) {
    thresholds t;
    EXPECT_NO_THROW(t.check());
    t.at_risk = 0.99;
    EXPECT_THROW(t.check(), input_error);
    t = thresholds{};
    t.exact_tolerance = -1;
    try {
        t.check();
        ADD_FAILURE();
    } catch(const input_error& e) {
        EXPECT_NE(std::string(e.what()).find("exact_tolerance"), std::string::npos);
    }
}

TEST(Status, DocumentedCases) {
    const thresholds th;
    const auto s = [&](target_kind k,
                       target_bound b,
                       direction d,
                       double actual,
                       double goal,
                       double expected,
                       bool final) {
        return status_of({k, b, d, actual, goal, expected, final}, th);
    };
    const auto total = target_kind::total, level = target_kind::level,
               change = target_kind::change;
    const auto least = target_bound::at_least, most = target_bound::at_most;
    // Totals: at least 24,000 by year end.
    EXPECT_EQ(s(total, least, higher, 24000, 24000, 0.5, false), status::met);
    EXPECT_EQ(s(total, least, higher, 12000, 24000, 0.5, false), status::on_track);
    EXPECT_EQ(s(total, least, higher, 11400, 24000, 0.5, false),
              status::on_track);  // 0.95
    EXPECT_EQ(s(total, least, higher, 11000, 24000, 0.5, false), status::at_risk);
    EXPECT_EQ(s(total, least, higher, 9000, 24000, 0.5, false), status::off_track);
    EXPECT_EQ(s(total, least, higher, 23999, 24000, 1.0, true), status::off_track);
    EXPECT_EQ(s(total, least, higher, 0, 24000, 0.0, false), status::on_track);
    // A cap: at most 500 accidents; under it mid-year is not yet met.
    EXPECT_EQ(s(total, most, lower, 200, 500, 0.5, false), status::on_track);
    EXPECT_EQ(s(total, most, lower, 290, 500, 0.5, false), status::at_risk);  // r 0.862
    EXPECT_EQ(s(total, most, lower, 600, 500, 0.5, false), status::off_track);
    EXPECT_EQ(s(total, most, lower, 480, 500, 1.0, true), status::met);
    // Levels: the latest value against the target now.
    EXPECT_EQ(s(level, least, higher, 52.5, 52.5, NaN, false), status::met);
    EXPECT_EQ(s(level, least, higher, 50.0, 52.5, NaN, false), status::on_track);
    EXPECT_EQ(s(level, most, lower, 3.3, 3.0, NaN, false), status::at_risk);  // r 0.9
    EXPECT_EQ(s(level, most, lower, 3.3, 3.0, NaN, true), status::off_track);
    EXPECT_EQ(s(level, target_bound::exact, higher, 100.4, 100, NaN, false),
              status::met);
    EXPECT_EQ(s(level, target_bound::exact, higher, 97, 100, NaN, false),
              status::on_track);
    // Changes: reduce the poverty rate by at least 1 point (at most -1): an amount.
    EXPECT_EQ(s(change, most, lower, -1.1, -1.0, 0.5, false), status::met);
    EXPECT_EQ(s(change, most, lower, -0.5, -1.0, 0.5, false), status::on_track);
    EXPECT_EQ(s(change, most, lower, 0.2, -1.0, 0.5, false), status::off_track);
    // A floor: fall by no more than 2% (at least -2); falling fast is bad.
    EXPECT_EQ(s(change, least, higher, -1.5, -2.0, 0.5, false), status::off_track);
    EXPECT_EQ(s(change, least, higher, 1.0, -2.0, 0.5, false), status::on_track);
    EXPECT_EQ(s(change, least, higher, -1.0, -2.0, 1.0, true), status::met);
    // Unknown without an actual, a goal or an expectation.
    EXPECT_EQ(s(total, least, higher, NaN, 5, 0.5, false), status::unknown);
    EXPECT_EQ(s(total, least, higher, 5, NaN, 0.5, false), status::unknown);
    EXPECT_EQ(s(total, least, higher, 5, 10, NaN, false), status::unknown);
    // Zero goals.
    EXPECT_EQ(s(total, most, lower, 0, 0, 0.5, false), status::on_track);
    EXPECT_EQ(s(total, most, lower, 1, 0, 0.5, false), status::off_track);
    EXPECT_EQ(s(level, least, higher, 1, 0, NaN, false), status::met);
    // Settable thresholds.
    thresholds loose;
    loose.on_track = 0.7;
    loose.at_risk = 0.5;
    EXPECT_EQ(status_of({total, least, higher, 9000, 24000, 0.5, false}, loose),
              status::on_track);
}

namespace {

// The status rule, written out plainly case by case from the documentation.
status oracle_status(target_kind kind, target_bound bound, direction d, double a,
                     double goal, double expected, bool final, const thresholds& th) {
    if(std::isnan(a) || std::isnan(goal)) return status::unknown;
    bool exact = bound == target_bound::exact;
    bool more_is_better = bound == target_bound::at_least ||
                          (bound == target_bound::range && d == higher);
    bool reached;
    if(exact)
        reached = std::abs(a - goal) <= th.exact_tolerance * std::abs(goal);
    else if(more_is_better)
        reached = a >= goal;
    else
        reached = a <= goal;
    auto grade = [&](double r) {
        return r >= th.on_track  ? status::on_track
               : r >= th.at_risk ? status::at_risk
                                 : status::off_track;
    };
    if(kind == target_kind::level) {
        if(reached) return status::met;
        if(final || goal == 0) return status::off_track;
        double shortfall = exact            ? std::abs(a - goal)
                           : more_is_better ? goal - a
                                            : a - goal;
        return grade(1 - shortfall / std::abs(goal));
    }
    bool amount =
        !exact && ((more_is_better && goal > 0) || (!more_is_better && goal < 0));
    if(reached && amount) return status::met;
    if(final) return reached ? status::met : status::off_track;
    if(std::isnan(expected)) return status::unknown;
    if(expected <= 0) return status::on_track;
    if(goal == 0) return reached ? status::on_track : status::off_track;
    double pace = a / goal / expected;
    if(exact) return pace <= 0 ? status::off_track : grade(std::min(pace, 1 / pace));
    if(amount) return grade(pace);
    if(pace <= 0) return status::on_track;
    return grade(1 / pace);
}

}  // namespace

TEST(Status, RandomRowsMatchThePlainRule) {
    std::mt19937 rng(5);
    std::uniform_int_distribution<int> pick(0, 3), kinds(0, 2), coin(0, 1);
    std::uniform_real_distribution<double> value(-50, 150), share(0, 1);
    thresholds th;
    th.on_track = 0.9;
    th.at_risk = 0.6;
    for(int i = 0; i < 20000; ++i) {
        const auto kind = static_cast<target_kind>(kinds(rng));
        const auto bound = static_cast<target_bound>(pick(rng));
        const auto d = coin(rng) ? higher : lower;
        double goal = std::round(value(rng));
        if(i % 50 == 0) goal = 0;
        double a = std::round(value(rng));
        if(i % 7 == 0) a = goal;
        const double expected = i % 11 == 0 ? 0.0 : share(rng);
        const bool final = i % 13 == 0;
        const auto got = status_of({kind, bound, d, a, goal, expected, final}, th);
        const auto want = oracle_status(kind, bound, d, a, goal, expected, final, th);
        ASSERT_EQ(got, want) << "kind " << to_string(kind) << " bound "
                             << to_string(bound) << " dir " << static_cast<int>(d)
                             << " a " << a << " goal " << goal << " expected "
                             << expected << " final " << final;
    }
}

TEST(Measure, VectorMatchesRowFunctions) {
    std::mt19937 rng(9);
    std::uniform_int_distribution<int> pick(0, 3), kinds(0, 2), coin(0, 1),
        reasons(0, 7);
    std::uniform_real_distribution<double> value(0, 100), share(0, 1);
    const std::size_t n = 2000;
    std::vector<std::uint8_t> kind(n), bound(n), better(n), reason(n), final(n);
    std::vector<double> actual(n), target(n), lo(n), hi(n), expected(n), elapsed(n);
    for(std::size_t i = 0; i < n; ++i) {
        kind[i] = static_cast<std::uint8_t>(kinds(rng));
        bound[i] = static_cast<std::uint8_t>(pick(rng));
        better[i] = static_cast<std::uint8_t>(coin(rng));
        reason[i] = i % 5 == 0 ? static_cast<std::uint8_t>(reasons(rng)) : 0;
        final[i] = i % 9 == 0;
        actual[i] = i % 17 == 0 ? NaN : value(rng);
        const double a = value(rng), b = value(rng);
        lo[i] = bound[i] == 3 ? std::min(a, b) : NaN;
        hi[i] = bound[i] == 3 ? std::max(a, b) : NaN;
        target[i] = bound[i] == 3 ? NaN : (i % 23 == 0 ? 0.0 : a);
        expected[i] = kind[i] == 1 ? NaN : share(rng);
        elapsed[i] = i % 19 == 0 ? 0.0 : share(rng);
    }
    measure_inputs in;
    in.size = n;
    in.kind = kind.data();
    in.bound = bound.data();
    in.better = better.data();
    in.reason = reason.data();
    in.final = final.data();
    in.actual = actual.data();
    in.value = target.data();
    in.lo = lo.data();
    in.hi = hi.data();
    in.expected = expected.data();
    in.elapsed = elapsed.data();
    const thresholds th;
    const auto out = measure(in, th);
    for(std::size_t i = 0; i < n; ++i) {
        const auto b = static_cast<target_bound>(bound[i]);
        const auto d = static_cast<direction>(better[i]);
        const double goal =
            b == target_bound::range ? (d == higher ? lo[i] : hi[i]) : target[i];
        EXPECT_EQ(out.goal[i], goal);
        if(reason[i] != 0) {
            EXPECT_EQ(out.reason[i], reason[i]);
            EXPECT_TRUE(std::isnan(out.pct_of_plan[i]));
        } else if(std::isnan(actual[i])) {
            EXPECT_EQ(out.reason[i],
                      static_cast<std::uint8_t>(missing_reason::no_actual));
        } else if(goal == 0) {
            EXPECT_EQ(out.reason[i],
                      static_cast<std::uint8_t>(missing_reason::zero_target));
            EXPECT_TRUE(std::isnan(out.pct_of_plan[i]));
        } else {
            EXPECT_EQ(out.reason[i], 0);
            EXPECT_DOUBLE_EQ(out.pct_of_plan[i], actual[i] / goal * 100);
            if(expected[i] > 0) {
                EXPECT_DOUBLE_EQ(out.pace[i], out.pct_of_plan[i] / (expected[i] * 100));
            }
        }
        EXPECT_FALSE(std::isinf(out.pct_of_plan[i]));
        EXPECT_FALSE(std::isinf(out.pace[i]));
        const bool progress = kind[i] != 1;
        if(progress && elapsed[i] > 0 && !std::isnan(actual[i]))
            EXPECT_DOUBLE_EQ(out.projected_run_rate[i], actual[i] / elapsed[i]);
        else
            EXPECT_TRUE(std::isnan(out.projected_run_rate[i]));
        if(progress && expected[i] > 0 && !std::isnan(actual[i]))
            EXPECT_DOUBLE_EQ(out.projected_phased[i], actual[i] / expected[i]);
        else
            EXPECT_TRUE(std::isnan(out.projected_phased[i]));
        const auto why = static_cast<missing_reason>(out.reason[i]);
        const bool usable = why == missing_reason::none ||
                            why == missing_reason::zero_target ||
                            why == missing_reason::no_actual;
        const auto want = usable ? status_of({static_cast<target_kind>(kind[i]),
                                              b,
                                              d,
                                              actual[i],
                                              goal,
                                              expected[i],
                                              final[i] != 0},
                                             th)
                                 : status::unknown;
        EXPECT_EQ(out.status[i], static_cast<std::uint8_t>(want));
    }
    thresholds bad;
    bad.on_track = NaN;
    EXPECT_THROW(measure(in, bad), input_error);
}

TEST(Rank, CompetitionRankingWithinGroups) {
    const std::vector<std::int32_t> g{0, 0, 0, 0, 1, 1, 0};
    const std::vector<double> s{10, 30, 30, NaN, 5, 5, 1};
    const auto r = rank_within(g.data(), s.data(), g.size());
    EXPECT_EQ(r, (std::vector<std::int32_t>{3, 1, 1, 0, 1, 1, 4}));
    // Direction: the score of a cap is -pct, so the smaller share ranks first.
    EXPECT_GT(rank_score(target_bound::at_most, lower, 500, 40),
              rank_score(target_bound::at_most, lower, 500, 60));
    EXPECT_GT(
        rank_score(target_bound::at_most, lower, -1, 120),  // reduce by >= 1 point
        rank_score(target_bound::at_most, lower, -1, 60));
    EXPECT_GT(rank_score(target_bound::exact, higher, 10, 99),
              rank_score(target_bound::exact, higher, 10, 103));
}

TEST(Rank, RandomMatchesCounting) {
    std::mt19937 rng(1);
    std::uniform_int_distribution<int> group(0, 6), score(0, 20);
    const std::size_t n = 500;
    std::vector<std::int32_t> g(n);
    std::vector<double> s(n);
    for(std::size_t i = 0; i < n; ++i) {
        g[i] = group(rng);
        s[i] = i % 31 == 0 ? NaN : score(rng);
    }
    const auto r = rank_within(g.data(), s.data(), n);
    for(std::size_t i = 0; i < n; ++i) {
        if(std::isnan(s[i])) {
            EXPECT_EQ(r[i], 0);
            continue;
        }
        std::int32_t better_ones = 0;
        for(std::size_t j = 0; j < n; ++j)
            if(g[j] == g[i] && !std::isnan(s[j]) && s[j] > s[i]) ++better_ones;
        EXPECT_EQ(r[i], better_ones + 1);
    }
}
