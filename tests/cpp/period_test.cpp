#include <chitieu/period.hpp>

#include <gtest/gtest.h>

#include <random>
#include <string>

using chitieu::period;
using chitieu::period_kind;
namespace greg = boost::gregorian;

namespace {
greg::date d(int y, int m, int dd) {
    return greg::date(static_cast<unsigned short>(y),
                      static_cast<unsigned short>(m),
                      static_cast<unsigned short>(dd));
}
void expect_error(const std::string& text, const std::string& fragment) {
    try {
        period::parse(text);
        ADD_FAILURE() << "no error for '" << text << "'";
    } catch(const chitieu::input_error& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("'" + text + "'"), std::string::npos) << msg;
        EXPECT_NE(msg.find(fragment), std::string::npos) << msg;
    }
}
}  // namespace

TEST(Period, Identifiers) {
    struct Case {
        const char* text;
        period_kind kind;
        greg::date first, last;
        const char* canonical;
    };
    const Case cases[] = {
        {"2020", period_kind::year, d(2020, 1, 1), d(2020, 12, 31), "2020"},
        {"2020S1", period_kind::half, d(2020, 1, 1), d(2020, 6, 30), "2020S1"},
        {"2020S2", period_kind::half, d(2020, 7, 1), d(2020, 12, 31), "2020S2"},
        {"2020Q3", period_kind::quarter, d(2020, 7, 1), d(2020, 9, 30), "2020Q3"},
        {"202007", period_kind::month, d(2020, 7, 1), d(2020, 7, 31), "202007"},
        {"2020-07", period_kind::month, d(2020, 7, 1), d(2020, 7, 31), "202007"},
        {"2020M07", period_kind::month, d(2020, 7, 1), d(2020, 7, 31), "202007"},
        {"202002", period_kind::month, d(2020, 2, 1), d(2020, 2, 29), "202002"},
        {"2020W05", period_kind::week, d(2020, 1, 27), d(2020, 2, 2), "2020W05"},
        {"20200715", period_kind::day, d(2020, 7, 15), d(2020, 7, 15), "20200715"},
        {"2020-07-15", period_kind::day, d(2020, 7, 15), d(2020, 7, 15), "20200715"},
        {"2016-2020", period_kind::span, d(2016, 1, 1), d(2020, 12, 31), "2016-2020"},
        {"2020-01-01/2020-09-30",
         period_kind::range,
         d(2020, 1, 1),
         d(2020, 9, 30),
         "2020-01-01/2020-09-30"},
    };
    for(const auto& c : cases) {
        const auto p = period::parse(c.text);
        EXPECT_EQ(p.kind(), c.kind) << c.text;
        EXPECT_EQ(p.first(), c.first) << c.text;
        EXPECT_EQ(p.last(), c.last) << c.text;
        EXPECT_EQ(p.to_string(), c.canonical) << c.text;
        EXPECT_EQ(period::parse(p.to_string()), p) << c.text;
    }
}

TEST(Period, VietnamesePhrases) {
    EXPECT_EQ(period::parse("tháng 7 năm 2020"), period::month(2020, 7));
    EXPECT_EQ(period::parse("tháng 7/2020"), period::month(2020, 7));
    EXPECT_EQ(period::parse("  Tháng   07 / 2020 "), period::month(2020, 7));
    EXPECT_EQ(period::parse("quý III năm 2017"), period::quarter(2017, 3));
    EXPECT_EQ(period::parse("Quý 3 năm 2017"), period::quarter(2017, 3));
    EXPECT_EQ(period::parse("QUÝ IV/2017"), period::quarter(2017, 4));
    EXPECT_EQ(period::parse("6 tháng đầu năm 2020"), period::half(2020, 1));
    EXPECT_EQ(period::parse("6 THÁNG CUỐI NĂM 2020"), period::half(2020, 2));
    const auto nine = period::range(d(2020, 1, 1), d(2020, 9, 30));
    EXPECT_EQ(period::parse("9 tháng đầu năm 2020"), nine);
    EXPECT_EQ(period::parse("9 tháng năm 2020"), nine);
    EXPECT_EQ(period::parse("năm 2021"), period::year(2021));
    EXPECT_EQ(period::parse("Năm 2021"), period::year(2021));
    EXPECT_EQ(period::parse("giai đoạn 2016 - 2020"), period::span(2016, 2020));
    EXPECT_EQ(period::parse("Giai Đoạn 2016-2020"), period::span(2016, 2020));
    EXPECT_EQ(period::parse("giai đoạn 2016–2020"), period::span(2016, 2020));
}

TEST(Period, BadInputsNameTheText) {
    expect_error("2020Q5", "quarter 5");
    expect_error("202013", "month 13");
    expect_error("2020S3", "half-year 3");
    expect_error("quý V năm 2020", "quarter 'V'");
    expect_error("2021-2016", "ends before it starts");
    expect_error("20210229", "day 29");
    expect_error("1899", "1899");
    expect_error("2201", "2201");
    expect_error("2021W53", "week 53");
    expect_error("thang 7 nam 2020", "expected");
    expect_error("hello", "expected");
    EXPECT_THROW(period::parse(""), chitieu::input_error);
    EXPECT_THROW(period::parse("   "), chitieu::input_error);
}

TEST(Period, IsoWeeksAtYearBoundaries) {
    const auto w53 = period::parse("2020W53");
    EXPECT_EQ(w53.first(), d(2020, 12, 28));
    EXPECT_EQ(w53.last(), d(2021, 1, 3));
    const auto w01 = period::parse("2021W01");
    EXPECT_EQ(w01.first(), d(2021, 1, 4));
    EXPECT_EQ(period::parse("2015W53").first(), d(2015, 12, 28));
    EXPECT_EQ(period::parse("2016W01").first(), d(2016, 1, 4));
    EXPECT_EQ(period::parse("2020W01").first(), d(2019, 12, 30));
    EXPECT_EQ(period::parse("2020W01").to_string(), "2020W01");
    EXPECT_THROW(w53.parent(period_kind::year), chitieu::input_error);
    EXPECT_EQ(period::day(2021, 1, 1).parent(period_kind::week), w53);
}

TEST(Period, Operations) {
    const auto q3 = period::quarter(2020, 3);
    EXPECT_EQ(q3.same_period_last_year(), period::quarter(2019, 3));
    EXPECT_EQ(q3.year_to_date(), period::range(d(2020, 1, 1), d(2020, 9, 30)));
    EXPECT_EQ(period::month(2020, 7).parent(period_kind::quarter), q3);
    EXPECT_EQ(period::month(2020, 7).parent(period_kind::half), period::half(2020, 2));
    EXPECT_EQ(period::year(2020).children(period_kind::quarter).size(), 4u);
    EXPECT_EQ(period::year(2020).children(period_kind::month).size(), 12u);
    EXPECT_EQ(period::year(2020).children(period_kind::day).size(), 366u);
    // W01 starts in 2019 and W53 ends in 2021: W02..W52 lie inside.
    EXPECT_EQ(period::year(2020).children(period_kind::week).size(), 51u);
    EXPECT_TRUE(period::year(2020).contains(q3));
    EXPECT_FALSE(q3.contains(period::year(2020)));
    EXPECT_TRUE(q3.overlaps(period::parse("2020-09-15/2020-10-15")));
    EXPECT_EQ(q3.shift(0, 3), period::quarter(2020, 4));
    EXPECT_EQ(q3.shift(1, -6), period::quarter(2021, 1));
    EXPECT_THROW(q3.shift(0, 1), chitieu::input_error);
    EXPECT_THROW(period::month(2020, 7).parent(period_kind::week),
                 chitieu::input_error);
    EXPECT_THROW(q3.parent(period_kind::month), chitieu::input_error);
    EXPECT_EQ(period::span(2016, 2020).shift(5), period::span(2021, 2025));
    EXPECT_EQ(period::parse("2021W05").same_period_last_year(),
              period::parse("2020W05"));
    EXPECT_EQ(period::parse("2020W53").same_period_last_year(),
              period::parse("2019W52"));
}

TEST(Period, LeapYears) {
    EXPECT_EQ(period::day(2020, 2, 29).same_period_last_year(),
              period::day(2019, 2, 28));
    const auto ytd = period::range(d(2020, 1, 1), d(2020, 2, 29));
    EXPECT_EQ(ytd.same_period_last_year(),
              period::range(d(2019, 1, 1), d(2019, 2, 28)));
    EXPECT_EQ(period::day(2019, 1, 31).shift(0, 1), period::day(2019, 2, 28));
    EXPECT_EQ(period::month(2024, 2).days(), 29);
    EXPECT_EQ(period::month(2100, 2).days(), 28);
    EXPECT_NO_THROW(period::day(2000, 2, 29));
    EXPECT_THROW(period::day(1900, 2, 29), chitieu::input_error);
}

TEST(Period, ElapsedFraction) {
    const auto y = period::year(2020);
    EXPECT_DOUBLE_EQ(period::half(2020, 1).elapsed_fraction(y), 0.5);
    EXPECT_DOUBLE_EQ(
        period::half(2020, 1).elapsed_fraction(y, chitieu::elapsed_by::days),
        182.0 / 366.0);
    EXPECT_DOUBLE_EQ(period::quarter(2020, 3).elapsed_fraction(y), 0.75);
    EXPECT_DOUBLE_EQ(period::month(2019, 12).elapsed_fraction(y), 0.0);
    EXPECT_DOUBLE_EQ(period::month(2021, 1).elapsed_fraction(y), 1.0);
    EXPECT_NEAR(
        period::day(2020, 2, 15).elapsed_fraction(y), (1 + 15.0 / 29) / 12, 1e-15);
}

TEST(Period, Sequence) {
    const auto months =
        period::sequence(period::parse("202001"), period::parse("202012"));
    ASSERT_EQ(months.size(), 12u);
    EXPECT_EQ(months.back(), period::month(2020, 12));
    EXPECT_EQ(period::sequence(period::parse("2019Q4"), period::parse("2020Q2")).size(),
              3u);
    EXPECT_THROW(period::sequence(period::parse("2020"), period::parse("2020Q1")),
                 chitieu::input_error);
}

TEST(Period, OrderingAndHash) {
    EXPECT_LT(period::month(2020, 1), period::year(2020));
    EXPECT_EQ(std::hash<period>{}(period::parse("2020Q1")),
              std::hash<period>{}(period::quarter(2020, 1)));
    EXPECT_NE(period::parse("2020"), period::parse("2020-01-01/2020-12-31"));
}

TEST(PeriodIndex, MapToKindAgainstDateOracle) {
    std::mt19937 rng(42);
    chitieu::period_index index;
    std::vector<period> all;
    for(int i = 0; i < 400; ++i) {
        const int y = 2018 + static_cast<int>(rng() % 4);
        switch(rng() % 5) {
            case 0:
                all.push_back(period::month(y, 1 + static_cast<int>(rng() % 12)));
                break;
            case 1:
                all.push_back(period::quarter(y, 1 + static_cast<int>(rng() % 4)));
                break;
            case 2:
                all.push_back(period::day(y,
                                          1 + static_cast<int>(rng() % 12),
                                          1 + static_cast<int>(rng() % 28)));
                break;
            case 3:
                all.push_back(period::week(y, 1 + static_cast<int>(rng() % 52)));
                break;
            default:
                all.push_back(period::half(y, 1 + static_cast<int>(rng() % 2)));
                break;
        }
        index.intern(all.back());
    }
    for(auto kind : {period_kind::month,
                     period_kind::quarter,
                     period_kind::half,
                     period_kind::year}) {
        const auto map = chitieu::map_to_kind(index, kind);
        ASSERT_EQ(map.bucket_of.size(), index.size());
        for(std::size_t i = 0; i < index.size(); ++i) {
            const auto& p = index.at(static_cast<std::int32_t>(i));
            const int b = map.bucket_of[i];
            if(b < 0) {
                // Oracle: no period of `kind` holds both ends.
                const auto a = period::day(p.first()).parent(kind);
                EXPECT_FALSE(a.contains(p.last())) << p.to_string();
            } else {
                const auto& bucket = map.buckets[static_cast<std::size_t>(b)];
                EXPECT_EQ(bucket.kind(), kind);
                EXPECT_TRUE(bucket.contains(p))
                    << p.to_string() << " in " << bucket.to_string();
            }
        }
        EXPECT_TRUE(std::is_sorted(map.buckets.begin(), map.buckets.end()));
    }
    const auto q = chitieu::map_to_kind(index, period_kind::quarter);
    std::vector<std::int32_t> ids{0, 1, 2}, out(3);
    chitieu::gather_buckets(q, ids.data(), ids.size(), out.data());
    EXPECT_EQ(out[1], q.bucket_of[1]);
    ids[2] = 100000;
    EXPECT_THROW(chitieu::gather_buckets(q, ids.data(), ids.size(), out.data()),
                 chitieu::input_error);
}

TEST(PeriodIndex, MapToPeriodsPrefersTheSmallestTarget) {
    chitieu::period_index index(
        {period::month(2020, 2), period::month(2020, 8), period::month(2021, 1)});
    const auto map = chitieu::map_to_periods(
        index, {period::year(2020), period::parse("2020-01-01/2020-06-30")});
    EXPECT_EQ(map.buckets[static_cast<std::size_t>(map.bucket_of[0])].kind(),
              period_kind::range);
    EXPECT_EQ(map.buckets[static_cast<std::size_t>(map.bucket_of[1])],
              period::year(2020));
    EXPECT_EQ(map.bucket_of[2], -1);
    ASSERT_EQ(map.not_nested.size(), 1u);
    EXPECT_EQ(index.intern_all({"202002", "2020-02", "2021Q1"}),
              (std::vector<std::int32_t>{0, 0, 3}));
}
