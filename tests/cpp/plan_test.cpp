#include <chitieu/measures.hpp>
#include <chitieu/plan.hpp>

#include <gtest/gtest.h>

#include "expect_error.hpp"

#include <cmath>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace greg = boost::gregorian;

using namespace chitieu;

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

// N: P1 (D1: C1 C2 C3; D2: C4 C5), P2 (D3: C6 C7; D4: no communes).
hierarchy test_hierarchy() {
    std::vector<std::string> codes{"N",
                                   "P1",
                                   "P2",
                                   "D1",
                                   "D2",
                                   "D3",
                                   "D4",
                                   "C1",
                                   "C2",
                                   "C3",
                                   "C4",
                                   "C5",
                                   "C6",
                                   "C7"};
    std::vector<std::string> levels{"nation",
                                    "province",
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
                                    "commune"};
    std::vector<std::string> parents{
        "", "N", "N", "P1", "P1", "P2", "P2", "D1", "D1", "D1", "D2", "D2", "D3", "D3"};
    return hierarchy::build(
        {"nation", "province", "district", "commune"}, codes, codes, levels, parents);
}

catalog test_catalog() {
    auto poor = indicator::stock("poor");
    poor.better = direction::lower_is_better;
    return catalog({indicator::flow("jobs"),
                    indicator::stock("households"),
                    poor,
                    indicator::ratio("poverty_rate", "poor", "households", 100),
                    indicator::flow("done"),
                    indicator::flow("tasks"),
                    indicator::ratio("completion", "done", "tasks", 100),
                    indicator::level("price")});
}

const period y2020 = period::year(2020);

greg::date day(int y, int m, int d) {
    using u16 = unsigned short;
    return greg::date(static_cast<u16>(y), static_cast<u16>(m), static_cast<u16>(d));
}

}  // namespace

TEST(PlanNames, RoundTrip) {
    for(auto k : {target_kind::total, target_kind::level, target_kind::change})
        EXPECT_EQ(parse_target_kind(to_string(k)), k);
    for(auto b : {target_bound::at_least,
                  target_bound::at_most,
                  target_bound::exact,
                  target_bound::range})
        EXPECT_EQ(parse_target_bound(to_string(b)), b);
    EXPECT_EQ(parse_change_unit("percent"), change_unit::percent);
    expect_error<input_error>([] { parse_target_kind("totl"); }, {"totl", "total"});
    expect_error<input_error>([] { parse_change_unit(""); }, {"unit of change"});
}

TEST(PlanAdd, ChecksEachTargetAndNamesIt) {
    plan p;
    expect_error<input_error>(
        [&] { p.add(target::total("jobs", "P1", y2020, NaN).between(5, 3)); },
        {"jobs x P1 x 2020", "lo 5 is greater than hi 3"});
    expect_error<input_error>(
        [&] { p.add(target::total("jobs", "P1", y2020, NaN).between(5, NaN)); },
        {"jobs x P1", "finite lo and hi"});
    auto with_value = target::total("jobs", "P1", y2020, 1).between(1, 2);
    with_value.value = 7;
    expect_error<input_error>([&] { p.add(with_value); }, {"not a value (7)"});
    auto stray = target::level("poverty_rate", "P1", y2020, 3);
    stray.lo = 1;
    expect_error<input_error>([&] { p.add(stray); }, {"lo and hi are for range"});
    expect_error<input_error>(
        [&] {
            p.add(target::total(
                "jobs", "P1", y2020, std::numeric_limits<double>::infinity()));
        },
        {"infinite"});
    auto no_base = target::change(
        "poverty_rate", "P1", y2020, -1, period::year(2019), change_unit::points);
    no_base.baseline.reset();
    expect_error<input_error>([&] { p.add(no_base); }, {"needs a baseline period"});
    auto no_unit = target::change(
        "poverty_rate", "P1", y2020, -1, period::year(2019), change_unit::none);
    expect_error<input_error>([&] { p.add(no_unit); }, {"points or percent"});
    expect_error<input_error>(
        [&] {
            p.add(target::change("poverty_rate",
                                 "P1",
                                 y2020,
                                 -1,
                                 period::half(2020, 1),
                                 change_unit::points));
        },
        {"baseline period 2020S1 must end before"});
    auto base_on_total = target::total("jobs", "P1", y2020, 1);
    base_on_total.baseline = period::year(2019);
    expect_error<input_error>([&] { p.add(base_on_total); },
                              {"only for change targets"});
    expect_error<input_error>([&] { p.add(target::total("", "P1", y2020, 1)); },
                              {"indicator code is empty"});
    EXPECT_EQ(p.size(), 0u);

    // A batch is all or nothing; a duplicate within a version is refused.
    p.add(target::total("jobs", "P1", y2020, 10));
    expect_error<input_error>(
        [&] {
            p.add(std::vector<target>{target::total("jobs", "P2", y2020, 1),
                                      target::total("jobs", "P1", y2020, 11)});
        },
        {"jobs x P1 x 2020", "duplicate"});
    EXPECT_EQ(p.size(), 1u);
    auto adjusted = target::total("jobs", "P1", y2020, 11);
    adjusted.version = "adjusted";
    p.add(adjusted);  // another version of the same target is fine
    p.add(target::level("jobs", "P1", y2020, 5));  // so is another kind
    EXPECT_EQ(p.size(), 3u);
    // Missing values are allowed: the target exists, its value is unknown.
    p.add(target::total("jobs", "P2", y2020, NaN));
    EXPECT_EQ(p.plan_periods(), std::vector<period>{y2020});
}

TEST(PlanVersions, OrderByEffectiveDateThenAppearance) {
    plan p;
    auto t = [](std::string v, std::optional<greg::date> eff, std::string unit) {
        auto x = target::total("jobs", std::move(unit), y2020, 1);
        x.version = std::move(v);
        x.effective = eff;
        return x;
    };
    p.add(t("second", day(2020, 8, 1), "P1"));
    p.add(t("first", day(2020, 3, 1), "P1"));
    p.add(t("base", std::nullopt, "P1"));
    p.add(t("also_march", day(2020, 3, 1), "P2"));
    EXPECT_EQ(p.versions(),
              (std::vector<std::string>{"base", "first", "also_march", "second"}));
    p.add(t("first", day(2019, 1, 1), "P2"));  // an earlier date moves "first" to it
    EXPECT_EQ(p.versions(),
              (std::vector<std::string>{"base", "first", "also_march", "second"}));
    expect_error<input_error>(
        [&] {
            p.set_version_order({"base", "first"});
        },
        {"leaves out", "also_march", "second"});
    expect_error<input_error>(
        [&] {
            p.set_version_order({"base", "base"});
        },
        {"twice"});
    p.set_version_order({"second", "first", "also_march", "base"});
    EXPECT_EQ(p.versions().front(), "second");
}

TEST(PlanVersions, ChoiceByDateOrByName) {
    plan p;
    auto t = [](std::string unit,
                double v,
                std::string version,
                std::optional<greg::date>
                    eff) {
        auto x = target::total("jobs", std::move(unit), y2020, v);
        x.version = std::move(version);
        x.effective = eff;
        return x;
    };
    p.add(t("P1", 100, "original", day(2019, 12, 15)));
    p.add(t("P1", 90, "adjusted", day(2020, 7, 20)));
    p.add(t("P2", 50, "original", day(2019, 12, 15)));
    const auto value_of = [&](const version_choice& c, const std::string& unit) {
        for(const auto i : p.choose(c))
            if(p.targets()[i].unit == unit) return p.targets()[i].value;
        return -1.0;
    };
    EXPECT_EQ(value_of({day(2020, 6, 30), {}}, "P1"), 100);
    EXPECT_EQ(value_of({day(2020, 7, 20), {}}, "P1"), 90);  // in force on its date
    EXPECT_EQ(value_of({day(2020, 12, 31), {}}, "P2"), 50);
    EXPECT_EQ(value_of({day(2019, 12, 1), {}}, "P1"), -1.0);  // nothing in force yet
    EXPECT_EQ(value_of({{}, {}}, "P1"), 90);                  // no date: all in force
    EXPECT_EQ(value_of({{}, std::string("original")}, "P1"), 100);
    EXPECT_EQ(value_of({{}, std::string("adjusted")}, "P1"), 90);
    // The plan as it stood in "adjusted": P2 keeps its original.
    EXPECT_EQ(value_of({{}, std::string("adjusted")}, "P2"), 50);
    expect_error<unknown_code>(
        [&] {
            p.choose({{}, std::string("final")});
        },
        {"final", "original", "adjusted"});
    // Same effective date: the later version wins.
    p.add(t("P2", 55, "adjusted", day(2019, 12, 15)));
    EXPECT_EQ(value_of({day(2020, 1, 1), {}}, "P2"), 55);
}

// The numbers the choice and the assessment resolve codes by: each distinct
// code once, in order of first appearance over every add, each target's number
// naming its own code; an add refused leaves them as they were.
TEST(PlanCodes, NumberedOnceInOrderOfFirstAppearance) {
    plan p;
    auto t = [](std::string ind, std::string unit, std::string version) {
        auto x = target::total(std::move(ind), std::move(unit), y2020, 1);
        x.version = std::move(version);
        return x;
    };
    p.add({t("jobs", "P1", "original"), t("poor", "P1", "original")});
    p.add({t("jobs", "P2", "adjusted"), t("jobs", "P1", "adjusted")});
    p.add(t("trained", "P2", "original"));
    const auto& c = p.codes();
    EXPECT_EQ(c.indicators, (std::vector<std::string>{"jobs", "poor", "trained"}));
    EXPECT_EQ(c.units, (std::vector<std::string>{"P1", "P2"}));
    EXPECT_EQ(c.versions, (std::vector<std::string>{"original", "adjusted"}));
    ASSERT_EQ(c.indicator.size(), p.size());
    ASSERT_EQ(c.unit.size(), p.size());
    ASSERT_EQ(c.version.size(), p.size());
    for(std::size_t i = 0; i < p.size(); ++i) {
        const auto& x = p.targets()[i];
        EXPECT_EQ(c.indicators[static_cast<std::size_t>(c.indicator[i])], x.indicator);
        EXPECT_EQ(c.units[static_cast<std::size_t>(c.unit[i])], x.unit);
        EXPECT_EQ(c.versions[static_cast<std::size_t>(c.version[i])], x.version);
    }
    const auto before = c.indicator;
    EXPECT_THROW(p.add({t("new", "P3", "final"), t("jobs", "P1", "original")}),
                 input_error);  // the second is a duplicate: nothing is added
    EXPECT_EQ(p.codes().indicator, before);
    EXPECT_EQ(p.codes().indicators.size(), 3u);
    EXPECT_EQ(p.codes().units.size(), 2u);
    EXPECT_EQ(p.codes().versions.size(), 2u);
}

TEST(Phasing, LinearIsElapsedFraction) {
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> doy(0, 365);
    for(int i = 0; i < 200; ++i) {
        const auto d = day(2020, 1, 1) + greg::days(doy(rng));
        for(auto by : {elapsed_by::months, elapsed_by::days})
            EXPECT_DOUBLE_EQ(phasing::linear(by).expected_share(y2020, d),
                             period::day(d).elapsed_fraction(y2020, by));
    }
    EXPECT_DOUBLE_EQ(phasing().expected_share(y2020, day(2020, 6, 30)), 0.5);
    EXPECT_DOUBLE_EQ(
        phasing::linear(elapsed_by::days).expected_share(y2020, day(2020, 6, 30)),
        182.0 / 366.0);
}

TEST(Phasing, ProfileChecksAndInterpolates) {
    expect_error<input_error>(
        [] {
            phasing::profile(period_kind::quarter, {0.2, 0.1, 1});
        },
        {"share 2", "never decrease"});
    expect_error<input_error>(
        [] {
            phasing::profile(period_kind::quarter, {0.2, 0.5, 0.9});
        },
        {"ends at 0.9"});
    expect_error<input_error>(
        [] {
            phasing::profile(period_kind::quarter, {-0.1, 1});
        },
        {"share 1", "[0, 1]"});
    expect_error<input_error>([] { phasing::profile(period_kind::week, {1}); },
                              {"not week"});
    const auto q = phasing::profile(period_kind::quarter, {0.1, 0.4, 0.6, 1.0});
    EXPECT_DOUBLE_EQ(q.expected_share(y2020, day(2020, 3, 31)), 0.1);
    EXPECT_DOUBLE_EQ(q.expected_share(y2020, day(2020, 6, 30)), 0.4);
    // Mid-May: Q2 is 1.5 of 3 months old (by months, a partial month by days).
    EXPECT_NEAR(q.expected_share(y2020, day(2020, 5, 16)),
                0.1 + 0.3 * (1 + 16.0 / 31) / 3,
                1e-12);
    EXPECT_DOUBLE_EQ(q.expected_share(y2020, day(2019, 12, 31)), 0.0);
    EXPECT_DOUBLE_EQ(q.expected_share(y2020, day(2021, 1, 1)), 1.0);
    expect_error<input_error>(
        [&] { q.expected_share(period::span(2021, 2025), day(2022, 1, 1)); },
        {"4 quarter shares", "2021-2025", "20 quarters"});
    // A monthly profile on random dates against an oracle written here.
    std::vector<double> cum(12);
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    double s = 0;
    std::vector<double> w(12);
    for(auto& x : w) s += (x = u(rng));
    double acc = 0;
    for(int m = 0; m < 12; ++m)
        cum[static_cast<std::size_t>(m)] = (acc += w[static_cast<std::size_t>(m)]) / s;
    const auto ph = phasing::profile(period_kind::month, cum);
    for(int m = 1; m <= 12; ++m) {
        const int dim = greg::gregorian_calendar::end_of_month_day(
            2021, static_cast<unsigned short>(m));
        for(int d = 1; d <= dim; d += 4) {
            const double before = m == 1 ? 0 : cum[static_cast<std::size_t>(m - 2)];
            const double oracle =
                before + (cum[static_cast<std::size_t>(m - 1)] - before) * d / dim;
            EXPECT_NEAR(
                ph.expected_share(period::year(2021), day(2021, m, d)), oracle, 1e-12);
        }
    }
}

TEST(Phasing, FromPathsAveragesShapes) {
    const auto p = phasing::from_paths(period_kind::quarter,
                                       {{1, 2, 3, 4}, {0, 0, 5, 10}, {1, 1, 1, 0}, {}});
    // The third path ends at 0 and is skipped; the empty one too.
    const std::vector<double> want{
        (0.25 + 0) / 2, (0.5 + 0) / 2, (0.75 + 0.5) / 2, 1.0};
    ASSERT_EQ(p.cumulative().size(), 4u);
    for(std::size_t k = 0; k < 4; ++k) EXPECT_DOUBLE_EQ(p.cumulative()[k], want[k]);
    // A stock's path may go back and forth; a change of -2 points with a rise first.
    const auto s = phasing::from_paths(period_kind::quarter, {{0.5, 0.2, -1, -2}});
    EXPECT_DOUBLE_EQ(s.cumulative()[0], -0.25);
    expect_error<input_error>(
        [] {
            phasing::from_paths(period_kind::month, {{1, 0}});
        },
        {"no past period"});
    expect_error<input_error>(
        [] {
            phasing::from_paths(period_kind::month, {{1, 2}, {1, 2, 3}});
        },
        {"different lengths"});
}

TEST(PlanCheck, UnknownCodesAndKindsThatDoNotFit) {
    const auto h = test_hierarchy();
    const auto cat = test_catalog();
    plan p;
    p.add(target::total("jobs", "P9", y2020, 1));
    p.add(target::total("nope", "P1", y2020, 1));
    p.add(target::total("nada", "Q1", y2020, 1));
    expect_error<unknown_code>([&] { p.check(h, cat); },
                               {"indicators", "nada", "nope"});
    plan q;
    q.add(target::total("jobs", "P9", y2020, 1));
    q.add(target::total("jobs", "Q1", y2020, 1));
    expect_error<unknown_code>([&] { q.check(h, cat); }, {"units", "P9", "Q1"});
    plan r;
    r.add(target::total("households", "P1", y2020, 1));
    expect_error<input_error>([&] { r.check(h, cat); },
                              {"sums over time", "households x P1"});
    plan s;
    s.add(target::change(
        "jobs", "P1", y2020, 5, period::half(2019, 2), change_unit::percent));
    expect_error<input_error>([&] { s.check(h, cat); }, {"baseline 2019S2", "kind"});
    plan ok;
    ok.add(target::change(
        "jobs", "P1", y2020, 5, period::year(2019), change_unit::percent));
    ok.add(target::total(
        "completion", "P1", y2020, 5));  // a ratio of flows sums over time
    EXPECT_NO_THROW(ok.check(h, cat));
    EXPECT_TRUE(sums_over_time(cat, cat.id("completion")));
    EXPECT_FALSE(sums_over_time(cat, cat.id("poverty_rate")));
}

namespace {

// Index of the row of (indicator, unit) in a level_targets.
std::size_t row_of(const level_targets& t, const catalog& cat, const hierarchy& h,
                   const std::string& ind, const std::string& unit,
                   target_kind kind = target_kind::total) {
    for(std::size_t i = 0; i < t.size(); ++i)
        if(t.indicator[i] == cat.id(ind) && t.unit[i] == h.id(unit) &&
           t.kind[i] == kind)
            return i;
    ADD_FAILURE() << "no row " << ind << " x " << unit;
    return 0;
}

}  // namespace

TEST(TargetsAt, DirectRolledUpPartialNotAdditive) {
    const auto h = test_hierarchy();
    const auto cat = test_catalog();
    plan p;
    // jobs: districts of P1 complete (D1 adjusted later), P2 only D3 of D3, D4.
    p.add(target::total("jobs", "D1", y2020, 100));
    auto adj = target::total("jobs", "D1", y2020, 120);
    adj.version = "adjusted";
    adj.effective = day(2020, 7, 1);
    p.add(adj);
    p.add(target::total("jobs", "D2", y2020, 50));
    p.add(target::total("jobs", "D3", y2020, 30));
    // A province target of its own is used as it is, never mixed with children.
    p.add(target::total("done", "P2", y2020, 7));
    p.add(target::total("done", "D3", y2020, 3));
    p.add(target::total("done", "D4", y2020, 3));
    // Ranges sum both ends; a ratio does not add up.
    p.add(target::level("households", "D1", y2020, NaN).between(10, 20));
    p.add(target::level("households", "D2", y2020, NaN).between(1, 2));
    p.add(target::level("poverty_rate", "D1", y2020, 3, target_bound::at_most));
    p.add(target::level("poverty_rate", "D2", y2020, 3, target_bound::at_most));
    // Children that differ in bound do not add up either.
    p.add(target::total("tasks", "D1", y2020, 4));
    p.add(target::total("tasks", "D2", y2020, 4, target_bound::at_most));
    // A commune target below the districts of D1 only: the nearest level is used.
    p.add(target::total("tasks", "C6", y2020, 1));
    const int prov = h.level_index("province");
    const auto t =
        targets_at(p, h, cat, prov, period::half(2020, 1), {day(2020, 6, 30), {}});
    // 5 families (jobs, done, households, poverty_rate, tasks) x 2 provinces.
    EXPECT_EQ(t.size(), 10u);
    auto r = row_of(t, cat, h, "jobs", "P1");
    EXPECT_EQ(t.source[r], target_source::rolled_up);
    EXPECT_EQ(t.value[r], 150);
    EXPECT_EQ(t.version[r], "original");
    EXPECT_EQ(t.n_children[r], 2);
    EXPECT_EQ(t.n_expected_children[r], 2);
    EXPECT_EQ(t.child_level[r], h.level_index("district"));
    r = row_of(t, cat, h, "jobs", "P2");
    EXPECT_EQ(t.source[r], target_source::partial);
    EXPECT_EQ(t.reason[r], static_cast<std::uint8_t>(missing_reason::partial_target));
    EXPECT_EQ(t.value[r], 30);
    EXPECT_EQ(t.n_expected_children[r], 2);
    r = row_of(t, cat, h, "done", "P2");
    EXPECT_EQ(t.source[r], target_source::direct);
    EXPECT_EQ(t.value[r], 7);
    r = row_of(t, cat, h, "done", "P1");
    EXPECT_EQ(t.source[r], target_source::none);
    EXPECT_EQ(t.reason[r], static_cast<std::uint8_t>(missing_reason::no_target));
    r = row_of(t, cat, h, "households", "P1", target_kind::level);
    EXPECT_EQ(t.source[r], target_source::rolled_up);
    EXPECT_EQ(t.bound[r], target_bound::range);
    EXPECT_EQ(t.lo[r], 11);
    EXPECT_EQ(t.hi[r], 22);
    EXPECT_TRUE(std::isnan(t.value[r]));
    EXPECT_TRUE(std::isnan(t.expected[r]));  // levels are not phased
    r = row_of(t, cat, h, "poverty_rate", "P1", target_kind::level);
    EXPECT_EQ(t.source[r], target_source::none);
    EXPECT_EQ(t.reason[r], static_cast<std::uint8_t>(missing_reason::not_additive));
    r = row_of(t, cat, h, "tasks", "P1");
    EXPECT_EQ(t.reason[r], static_cast<std::uint8_t>(missing_reason::not_additive));
    r = row_of(t, cat, h, "tasks", "P2");  // C6 of the communes of P2 (2 of them)
    EXPECT_EQ(t.source[r], target_source::partial);
    EXPECT_EQ(t.child_level[r], h.level_index("commune"));
    EXPECT_EQ(t.n_expected_children[r], 2);
    for(std::size_t i = 0; i < t.size(); ++i) {
        EXPECT_DOUBLE_EQ(t.elapsed[i], 0.5);
        EXPECT_FALSE(t.final[i]);
        if(t.kind[i] == target_kind::total) {
            EXPECT_DOUBLE_EQ(t.expected[i], 0.5);
        }
    }

    // After the adjustment, with the versions joined; and the year's end is final.
    const auto late = targets_at(p, h, cat, prov, y2020, {day(2020, 12, 31), {}});
    r = row_of(late, cat, h, "jobs", "P1");
    EXPECT_EQ(late.value[r], 170);
    EXPECT_EQ(late.version[r], "original+adjusted");
    EXPECT_TRUE(late.final[r]);
    EXPECT_DOUBLE_EQ(late.expected[r], 1.0);

    // Only the units under P2; district level: direct targets there.
    const auto d = targets_at(p,
                              h,
                              cat,
                              h.level_index("district"),
                              period::month(2020, 3),
                              {day(2020, 3, 31), {}},
                              {h.id("P2")});
    std::set<std::int32_t> units(d.unit.begin(), d.unit.end());
    EXPECT_EQ(units, (std::set<std::int32_t>{h.id("D3"), h.id("D4")}));
    r = row_of(d, cat, h, "jobs", "D3");
    EXPECT_EQ(d.source[r], target_source::direct);
    EXPECT_DOUBLE_EQ(d.expected[r], 0.25);

    expect_error<input_error>(
        [&] { targets_at(p, h, cat, prov, period::year(2021), {}); },
        {"2021", "does not fall in any plan period", "2020"});
    expect_error<input_error>(
        [&] {
            targets_at(
                p, h, cat, prov, period::range(day(2019, 12, 1), day(2020, 1, 31)), {});
        },
        {"does not fall"});
}

TEST(TargetsAt, ChangeOfFlowIsNotPhased) {
    const auto h = test_hierarchy();
    const auto cat = test_catalog();
    plan p;
    p.add(target::change(
        "jobs", "P1", y2020, 5, period::year(2019), change_unit::percent));
    p.add(target::change(
              "poverty_rate", "P1", y2020, NaN, period::year(2019), change_unit::points)
              .between(-1.5, -1));
    p.set_phasing("poverty_rate", phasing::profile(period_kind::half, {0.2, 1}));
    const auto t =
        targets_at(p, h, cat, h.level_index("province"), period::quarter(2020, 1), {});
    auto r = row_of(t, cat, h, "jobs", "P1", target_kind::change);
    EXPECT_TRUE(t.flow_like[r]);
    EXPECT_DOUBLE_EQ(t.expected[r], 1.0);
    r = row_of(t, cat, h, "poverty_rate", "P1", target_kind::change);
    EXPECT_FALSE(t.flow_like[r]);
    EXPECT_DOUBLE_EQ(t.expected[r], 0.1);
    EXPECT_EQ(t.baseline[r], period::year(2019));
    EXPECT_EQ(t.change[r], change_unit::points);
}

TEST(TargetsAt, RandomRollUpsMatchAPlainOracle) {
    const auto h = test_hierarchy();
    const auto cat = test_catalog();
    const std::vector<std::string> districts{"D1", "D2", "D3", "D4"};
    const std::map<std::string, std::string> province_of{
        {"D1", "P1"}, {"D2", "P1"}, {"D3", "P2"}, {"D4", "P2"}};
    std::mt19937 rng(11);
    std::bernoulli_distribution coin(0.6);
    std::uniform_int_distribution<int> amount(0, 1000);
    for(int round = 0; round < 50; ++round) {
        plan p;
        std::map<std::string, double> sum;
        std::map<std::string, int> count;
        std::set<std::string> direct;
        for(const auto& d : districts)
            if(coin(rng)) {
                const double v = amount(rng);
                p.add(target::total("jobs", d, y2020, v));
                sum[province_of.at(d)] += v;
                ++count[province_of.at(d)];
            }
        for(const std::string prov : {"P1", "P2"})
            if(coin(rng) && coin(rng)) {
                p.add(target::total("jobs", prov, y2020, 5000));
                direct.insert(prov);
            }
        if(p.size() == 0) continue;
        const auto t = targets_at(p, h, cat, h.level_index("province"), y2020, {});
        ASSERT_EQ(t.size(), 2u);
        for(const std::string prov : {"P1", "P2"}) {
            const auto r = row_of(t, cat, h, "jobs", prov);
            if(direct.count(prov)) {
                EXPECT_EQ(t.source[r], target_source::direct);
                EXPECT_EQ(t.value[r], 5000);
            } else if(count[prov] == 0) {
                EXPECT_EQ(t.source[r], target_source::none);
            } else {
                EXPECT_EQ(t.source[r],
                          count[prov] == 2 ? target_source::rolled_up
                                           : target_source::partial);
                EXPECT_EQ(t.value[r], sum[prov]);
                EXPECT_EQ(t.n_children[r], count[prov]);
            }
        }
    }
}
