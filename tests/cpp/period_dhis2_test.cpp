// DHIS2 period ids against the date ranges DHIS2 defines (dhis2-core's
// DateUnitPeriodTypeParser and PeriodType classes, ISO 8601 calendar).
#include <chitieu/period_dhis2.hpp>

#include <gtest/gtest.h>

#include <string>

using chitieu::period;
using chitieu::period_kind;
namespace dhis2 = chitieu::dhis2;
namespace greg = boost::gregorian;

namespace {
greg::date d(int y, int m, int dd) {
    return greg::date(static_cast<unsigned short>(y),
                      static_cast<unsigned short>(m),
                      static_cast<unsigned short>(dd));
}
struct Case {
    const char* id;
    const char* type;
    period_kind kind;
    greg::date first, last;
};
}  // namespace

TEST(Dhis2Period, DateRangesOfEveryType) {
    const Case cases[] = {
        {"20200715", "Daily", period_kind::day, d(2020, 7, 15), d(2020, 7, 15)},
        // ISO week 1 of 2020 starts Monday 30 Dec 2019 (it holds 4 Jan).
        {"2020W1", "Weekly", period_kind::week, d(2019, 12, 30), d(2020, 1, 5)},
        {"2020W53", "Weekly", period_kind::week, d(2020, 12, 28), d(2021, 1, 3)},
        {"2019W43", "Weekly", period_kind::week, d(2019, 10, 21), d(2019, 10, 27)},
        // Week 1 starting Wednesday: 4 Jan 2020 is a Saturday, so 1 Jan 2020.
        {"2020WedW1",
         "WeeklyWednesday",
         period_kind::range,
         d(2020, 1, 1),
         d(2020, 1, 7)},
        {"2020WedW5",
         "WeeklyWednesday",
         period_kind::range,
         d(2020, 1, 29),
         d(2020, 2, 4)},
        {"2020ThuW1",
         "WeeklyThursday",
         period_kind::range,
         d(2020, 1, 2),
         d(2020, 1, 8)},
        {"2020SatW1",
         "WeeklySaturday",
         period_kind::range,
         d(2020, 1, 4),
         d(2020, 1, 10)},
        {"2020SunW1",
         "WeeklySunday",
         period_kind::range,
         d(2019, 12, 29),
         d(2020, 1, 4)},
        // 4 Jan 2015 is a Sunday: Wednesday week 1 starts 31 Dec 2014.
        {"2015WedW5",
         "WeeklyWednesday",
         period_kind::range,
         d(2015, 1, 28),
         d(2015, 2, 3)},
        {"2015ThuW6",
         "WeeklyThursday",
         period_kind::range,
         d(2015, 2, 5),
         d(2015, 2, 11)},
        {"2020BiW1", "BiWeekly", period_kind::range, d(2019, 12, 30), d(2020, 1, 12)},
        {"2020BiW2", "BiWeekly", period_kind::range, d(2020, 1, 13), d(2020, 1, 26)},
        {"2020BiW27", "BiWeekly", period_kind::range, d(2020, 12, 28), d(2021, 1, 10)},
        {"202002", "Monthly", period_kind::month, d(2020, 2, 1), d(2020, 2, 29)},
        {"202001B", "BiMonthly", period_kind::range, d(2020, 1, 1), d(2020, 2, 29)},
        {"202006B", "BiMonthly", period_kind::range, d(2020, 11, 1), d(2020, 12, 31)},
        {"2020Q3", "Quarterly", period_kind::quarter, d(2020, 7, 1), d(2020, 9, 30)},
        {"2020NovQ1",
         "QuarterlyNov",
         period_kind::range,
         d(2019, 11, 1),
         d(2020, 1, 31)},
        {"2020NovQ2",
         "QuarterlyNov",
         period_kind::range,
         d(2020, 2, 1),
         d(2020, 4, 30)},
        {"2020NovQ4",
         "QuarterlyNov",
         period_kind::range,
         d(2020, 8, 1),
         d(2020, 10, 31)},
        {"2020S2", "SixMonthly", period_kind::half, d(2020, 7, 1), d(2020, 12, 31)},
        {"2020AprilS1",
         "SixMonthlyApril",
         period_kind::range,
         d(2020, 4, 1),
         d(2020, 9, 30)},
        {"2020AprilS2",
         "SixMonthlyApril",
         period_kind::range,
         d(2020, 10, 1),
         d(2021, 3, 31)},
        {"2020NovS1",
         "SixMonthlyNov",
         period_kind::range,
         d(2019, 11, 1),
         d(2020, 4, 30)},
        {"2020NovS2",
         "SixMonthlyNov",
         period_kind::range,
         d(2020, 5, 1),
         d(2020, 10, 31)},
        {"2020", "Yearly", period_kind::year, d(2020, 1, 1), d(2020, 12, 31)},
        {"2020April",
         "FinancialApril",
         period_kind::range,
         d(2020, 4, 1),
         d(2021, 3, 31)},
        {"2020July",
         "FinancialJuly",
         period_kind::range,
         d(2020, 7, 1),
         d(2021, 6, 30)},
        {"2020Sep", "FinancialSep", period_kind::range, d(2020, 9, 1), d(2021, 8, 31)},
        {"2020Oct", "FinancialOct", period_kind::range, d(2020, 10, 1), d(2021, 9, 30)},
        // FinancialNov is labelled by the year it ends.
        {"2020Nov",
         "FinancialNov",
         period_kind::range,
         d(2019, 11, 1),
         d(2020, 10, 31)},
    };
    for(const auto& c : cases) {
        SCOPED_TRACE(c.id);
        const auto p = dhis2::parse_period(c.id);
        EXPECT_EQ(p.kind(), c.kind);
        EXPECT_EQ(p.first(), c.first);
        EXPECT_EQ(p.last(), c.last);
        EXPECT_EQ(dhis2::format_period(p), c.id);
        ASSERT_TRUE(dhis2::type_of(p).has_value());
        EXPECT_STREQ(dhis2::to_string(*dhis2::type_of(p)), c.type);
    }
}

TEST(Dhis2Period, AlternativeSpellingsPrintCanonically) {
    EXPECT_EQ(dhis2::format_period(dhis2::parse_period("2020-07-15")), "20200715");
    EXPECT_EQ(dhis2::format_period(dhis2::parse_period("2020-07")), "202007");
    EXPECT_EQ(dhis2::format_period(dhis2::parse_period("2020W05")), "2020W5");
    EXPECT_EQ(dhis2::parse_period("2020W05"), period::week(2020, 5));
}

TEST(Dhis2Period, ChitieuKindsPrintByTheirDates) {
    EXPECT_EQ(dhis2::format_period(period::parse("quý III năm 2017")), "2017Q3");
    EXPECT_EQ(dhis2::format_period(period::span(2020, 2020)), "2020");
    EXPECT_EQ(dhis2::format_period(period::range(d(2020, 4, 1), d(2021, 3, 31))),
              "2020April");
}

TEST(Dhis2Period, EveryWeekOfEveryVariantRoundTrips) {
    // Consecutive weeks of one start day tile the calendar without gap or overlap.
    for(const char* tag : {"W", "WedW", "ThuW", "SatW", "SunW"}) {
        greg::date expected_first;
        bool started = false;
        for(int y = 2014; y <= 2026; ++y) {
            for(int w = 1; w <= 53; ++w) {
                const std::string id = std::to_string(y) + tag + std::to_string(w);
                period p;
                try {
                    p = dhis2::parse_period(id);
                } catch(const chitieu::input_error&) {
                    EXPECT_GE(w, 53) << id;
                    break;
                }
                EXPECT_EQ(p.days(), 7) << id;
                if(started) {
                    EXPECT_EQ(p.first(), expected_first) << id;
                }
                EXPECT_EQ(dhis2::format_period(p), id);
                expected_first = p.last() + greg::days(1);
                started = true;
            }
        }
    }
}

TEST(Dhis2Period, RefusesWhatDhis2CannotExpress) {
    for(const auto& p :
        {period::span(2016, 2020),
         period::range(d(2020, 1, 1), d(2020, 9, 30)),
         period::range(d(2020, 1, 2), d(2020, 1, 8)),      // a Thursday week: ok
         period::range(d(2020, 1, 7), d(2020, 1, 13))}) {  // Tuesday start
        if(p.first() == d(2020, 1, 2)) {
            EXPECT_EQ(dhis2::format_period(p), "2020ThuW1");
            continue;
        }
        EXPECT_FALSE(dhis2::type_of(p).has_value()) << p.to_string();
        try {
            dhis2::format_period(p);
            ADD_FAILURE() << "no error for " << p.to_string();
        } catch(const chitieu::input_error& e) {
            EXPECT_NE(std::string(e.what()).find(p.to_string()), std::string::npos);
        }
    }
}

TEST(Dhis2Period, BadIdsNameTheText) {
    for(const char* id : {"",
                          "20",
                          "2020X",
                          "202013",
                          "2020Q5",
                          "202007B",
                          "2020AprilS3",
                          "2020W54",
                          "2021W53",
                          "2021WedW54",
                          "2021BiW28",
                          "20200230",
                          "2020april",
                          "abcd",
                          "2020W",
                          "2020Q12",
                          "0000"}) {
        try {
            dhis2::parse_period(id);
            ADD_FAILURE() << "no error for '" << id << "'";
        } catch(const chitieu::input_error& e) {
            EXPECT_NE(std::string(e.what()).find(id), std::string::npos) << e.what();
        }
    }
}

TEST(Dhis2Period, PeriodParseAcceptsDhis2Ids) {
    EXPECT_EQ(period::parse("2020April"), dhis2::parse_period("2020April"));
    EXPECT_EQ(period::parse("202001B").to_string(), "2020-01-01/2020-02-29");
    EXPECT_EQ(period::parse("2020W5"),
              period::week(2020, 5));  // chitieu's reading first
    EXPECT_THROW(period::parse("2020AprilS3"), chitieu::input_error);
}
