// rollup_result::rows() and operator<< for periods: rows resolve to the codes
// and periods of the result's tables, and a rollup of builder observations
// walked by rows agrees with sums computed here from the records.
#include <chitieu/observations_builder.hpp>
#include <chitieu/rollup.hpp>

#include "api_fixture.hpp"

#include <iomanip>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <tuple>

using namespace chitieu;

TEST(ApiRows, PeriodsAndKindsStream) {
    std::ostringstream os;
    os << period::quarter(2020, 3) << " " << period::parse("6 tháng đầu năm 2020")
       << " " << period_kind::half << " [" << std::setw(8) << period::year(2021) << "]";
    EXPECT_EQ(os.str(), "2020Q3 2020S1 half [    2021]");
}

TEST(ApiRows, RowsOfARollupAgreeWithSumsOfTheRecords) {
    const auto units = hierarchy::build(api_test::unit_rows());
    const auto cat = api_test::indicators();
    std::mt19937 rng(19);
    for(int round = 0; round < 10; ++round) {
        observations_builder builder(cat, units);
        // The oracle: per (indicator, province, quarter) the sum of the
        // commune records, exact in đồng for money.
        std::map<std::tuple<std::string, std::string, std::string>, std::int64_t> paid;
        std::map<std::tuple<std::string, std::string, std::string>, double> jobs;
        std::map<std::tuple<std::string, std::string, std::string>,
                 std::set<std::string>>
            reporting;
        for(const auto* commune : {"C1", "C2", "C3", "C4", "C5", "C6"})
            for(int m = 1; m <= 12; ++m) {
                if(rng() % 3 == 0) continue;
                const auto p = period::month(2024, m);
                const auto u = units.id(commune);
                const auto province = units.code(units.ancestor(u, 0));
                const auto q = p.parent(period_kind::quarter).to_string();
                const auto money = static_cast<std::int64_t>(rng() % 1000) * 1000000000;
                const auto count = static_cast<double>(rng() % 50);
                builder.add("paid", commune, p, money).add("jobs", commune, p, count);
                paid[{"paid", province, q}] += money;
                jobs[{"jobs", province, q}] += count;
                reporting[{"paid", province, q}].insert(commune);
            }
        const auto obs = builder.build();
        rollup_request request;
        request.levels = {"province"};
        request.kinds = {period_kind::quarter};
        request.indicators = {cat.id("paid"), cat.id("jobs")};
        const auto result = rollup(obs, units, cat, request);
        std::size_t n = 0;
        for(const auto& row : result.rows()) {
            ++n;
            const std::tuple<std::string, std::string, std::string> key{
                std::string(row.indicator),
                std::string(row.unit),
                row.when.to_string()};
            EXPECT_EQ(row.level, "province");
            EXPECT_EQ(row.when.kind(), period_kind::quarter);
            if(row.indicator == "paid") {
                ASSERT_TRUE(row.money.has_value());
                EXPECT_EQ(*row.money, paid.at(key));
                const auto& who = reporting.at(key);
                EXPECT_EQ(row.n_reporting, static_cast<std::int32_t>(who.size()));
                const auto expected = row.unit == "P1" ? 4 : 2;  // communes under it
                EXPECT_EQ(row.n_expected, expected);
                EXPECT_DOUBLE_EQ(*row.coverage_pct(),
                                 100.0 * static_cast<double>(who.size()) / expected);
            } else {
                EXPECT_FALSE(row.money.has_value());
                EXPECT_DOUBLE_EQ(row.value, jobs.at(key));
            }
        }
        EXPECT_EQ(n, paid.size() + jobs.size());
        EXPECT_EQ(result.rows().size(), n);
    }
}

TEST(ApiRows, RowsViewTheResultTablesAndStopAtTheEnd) {
    auto units = hierarchy::build(api_test::unit_rows());
    const auto cat = api_test::indicators();
    observations_builder builder(cat, units);
    builder.add("jobs", "C1", "2024", 3).add("jobs", "C5", "2024", 4);
    units.add_group("coast", {"D1", "C5"});
    rollup_request request;
    request.units = {"P2"};
    request.groups = {"coast"};
    request.periods = {period::year(2024)};
    request.indicators = {cat.id("jobs")};
    const auto result = rollup(builder.build(), units, cat, request);
    const auto rows = result.rows();
    ASSERT_EQ(rows.size(), 2u);
    std::map<std::string, std::pair<std::string, double>> by_unit;
    for(auto it = rows.begin(); it != rows.end(); it++)
        by_unit[std::string((*it).unit)] = {std::string((*it).level), (*it).value};
    EXPECT_EQ(by_unit.at("P2"), (std::pair<std::string, double>{"province", 4}));
    EXPECT_EQ(by_unit.at("coast"), (std::pair<std::string, double>{"", 7}));
    EXPECT_THROW(rows.at(2), std::out_of_range);
}
