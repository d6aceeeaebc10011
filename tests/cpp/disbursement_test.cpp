#include <chitieu/disbursement.hpp>

#include <gtest/gtest.h>

#include <cmath>

using chitieu::schedule;
namespace greg = boost::gregorian;

namespace {
greg::date d(int y, int m, int dd) {
    return chitieu::period::day(y, m, dd).first();
}
}  // namespace

TEST(Schedule, ProfileInterpolatesByDay) {
    const auto s =
        schedule::profile(2020, {{3, 0.15}, {6, 0.45}, {9, 0.70}, {12, 1.0}});
    EXPECT_DOUBLE_EQ(s.share_at(d(2019, 12, 31)), 0.0);
    EXPECT_DOUBLE_EQ(s.share_at(d(2020, 3, 31)), 0.15);
    EXPECT_DOUBLE_EQ(s.share_at(d(2020, 6, 30)), 0.45);
    EXPECT_NEAR(s.share_at(d(2020, 2, 15)), 0.15 * 46.0 / 91.0, 1e-15);
    EXPECT_DOUBLE_EQ(s.share_at(d(2021, 6, 30)), 1.0);
    EXPECT_EQ(s.planned_at(d(2020, 6, 30), 198'770'000'000), 89'446'500'000);
    EXPECT_EQ(schedule::linear(2020).planned_at(d(2020, 12, 31), 7), 7);
}

TEST(Schedule, TranchesAndNextYearTargets) {
    const auto t =
        schedule::tranches(2020, {{d(2020, 7, 1), 700}, {d(2020, 2, 1), 300}});
    EXPECT_DOUBLE_EQ(t.share_at(d(2020, 2, 1)), 0.3);
    EXPECT_DOUBLE_EQ(t.share_at(d(2020, 7, 1)), 1.0);
    const auto late = schedule::profile(2020, {{12, 0.8}, {13, 0.95}});
    EXPECT_DOUBLE_EQ(late.share_at(d(2021, 1, 31)), 0.95);
}

TEST(Schedule, BadProfilesNameThePoint) {
    const auto message = [](auto&& f) {
        try {
            f();
        } catch(const chitieu::input_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_NE(message([] {
                  schedule::profile(2020, {{3, 0.5}, {6, 0.4}});
              }).find("20200630"),
              std::string::npos);
    EXPECT_NE(message([] {
                  schedule::profile(2020, {{12, 1.5}});
              }).find("within 0% and 100%"),
              std::string::npos);
    EXPECT_NE(message([] {
                  schedule::profile(2020, {{0, 0.5}});
              }).find("month 0"),
              std::string::npos);
    EXPECT_THROW(schedule::profile(2020, {}), chitieu::input_error);
    EXPECT_THROW(schedule::tranches(2020, {{d(2020, 1, 1), -5}}), chitieu::input_error);
}

TEST(Measures, RatesGapsProjectionsAndFlags) {
    const auto m = chitieu::measure_disbursement({1000, 1000, 0, 100},
                                                 {400, 500, 50, 150},
                                                 {500, 500, 0, 100},
                                                 {1.0, 1.0, 1.0, 1.0},
                                                 0.95);
    EXPECT_DOUBLE_EQ(m.disbursement_rate[0], 0.4);
    EXPECT_EQ(m.gap[0], 100);
    EXPECT_DOUBLE_EQ(m.schedule_adherence[0], 0.8);
    EXPECT_DOUBLE_EQ(m.projected_year_end[0], 400 + 0.8 * 500);
    EXPECT_TRUE(m.at_risk[0]);
    EXPECT_FALSE(m.at_risk[1]);
    EXPECT_TRUE(
        std::isnan(m.disbursement_rate[2]));  // nothing allocated: missing, not inf
    EXPECT_TRUE(std::isnan(m.schedule_adherence[2]));
    EXPECT_FALSE(m.at_risk[2]);
    EXPECT_TRUE(m.over_disbursed[2]);
    EXPECT_TRUE(m.over_disbursed[3]);
    EXPECT_THROW(chitieu::measure_disbursement({1}, {1, 2}, {1}, {1.0}),
                 chitieu::input_error);
    EXPECT_THROW(chitieu::measure_disbursement({1}, {INT64_MIN}, {INT64_MAX}, {1.0}),
                 chitieu::overflow_error);
}
