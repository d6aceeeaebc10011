// observations_builder::add_csv: a file gives the observations of the same rows
// added one by one, and a refused field is named by file, line, column and value.
#include <chitieu/observations_builder.hpp>

#include "api_fixture.hpp"

#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

using namespace chitieu;
using api_test::expect_thrown;
using api_test::fixture;

namespace {

void expect_same_block(const observation_columns<double>& a,
                       const observation_columns<double>& b) {
    ASSERT_EQ(a.size(), b.size());
    for(std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a.indicator[i], b.indicator[i]) << "row " << i;
        EXPECT_EQ(a.unit[i], b.unit[i]) << "row " << i;
        EXPECT_EQ(a.period[i], b.period[i]) << "row " << i;
        EXPECT_EQ(a.value[i], b.value[i]) << "row " << i;
    }
}

// `body` after the standard header, read into a fresh builder.
observations_builder read(const fixture& f, const std::string& body,
                          const observation_csv_columns& columns = {}) {
    observations_builder b(f.cat, f.units);
    b.add_csv_text("indicator,unit,period,value,note\n" + body, "test.csv", columns);
    return b;
}

}  // namespace

TEST(ApiCsv, FileGivesTheRowsAddedOneByOne) {
    const fixture f;
    std::mt19937 rng(7);
    for(int round = 0; round < 10; ++round) {
        observations_builder expected(f.cat, f.units);
        std::ostringstream csv;
        csv << "note,value,period,unit,indicator\r\n";  // columns in any order
        for(int m = 1; m <= 12; ++m)
            for(const auto* u : {"C1", "C4", "D3", "P2"}) {
                if(rng() % 3 == 0) continue;
                const auto p = period::month(2024, m);
                const double v = std::uniform_real_distribution<>(-1e6, 1e6)(rng);
                std::ostringstream value;
                value.precision(17);
                value << v;
                expected.add("jobs", u, p, std::stod(value.str()));
                // Quoted fields, a line break inside one, Vietnamese period text.
                csv << "\"a, \"\"b\"\"\nc\"," << value.str() << ","
                    << (m % 2 ? p.to_string()
                              : "tháng " + std::to_string(m) + " năm 2024")
                    << ",\"" << u << "\",jobs\r\n";
                if(rng() % 4 == 0) csv << "\r\n";  // a blank line
            }
        observations_builder got(f.cat, f.units);
        got.add_csv_text(csv.str(), "random.csv");
        ASSERT_EQ(got.size(), expected.size());
        expect_same_block(got.build().real(), expected.build().real());
    }
}

TEST(ApiCsv, ReadsAFileWithRevisionsAndMoney) {
    const fixture f;
    const auto path = testing::TempDir() + "api_csv_test.csv";
    std::ofstream(path) << "indicator,unit,period,value,rev\n"
                           "paid,C1,2024Q1,9007199254740993,1\n"
                           "paid,C1,2024Q1,7,2\n"
                           "paid,C2,quý I năm 2024,1200.00,0\n"
                           "jobs,C2,2024Q1, 1e3 ,0\n";
    observation_csv_columns columns;
    columns.revision = "rev";
    observations_builder b(f.cat, f.units);
    b.add_csv(path, columns);
    std::remove(path.c_str());
    observation_options last;
    last.duplicates = duplicate_policy::last;
    const auto obs = b.build(last);
    ASSERT_EQ(obs.money().size(), 2u);
    EXPECT_EQ(obs.money().value[0], 7);
    EXPECT_EQ(obs.money().value[1], 1200);
    EXPECT_EQ(obs.real().value[0], 1000.0);
    EXPECT_EQ(obs.periods().size(), 1u);  // "2024Q1" and "quý I năm 2024"
    observations_builder first(f.cat, f.units);
    first.add_csv_text("indicator,unit,period,value\npaid,C1,2024,9007199254740993\n",
                       "big.csv");
    EXPECT_EQ(first.build().money().value[0], 9007199254740993);
}

TEST(ApiCsv, BadValueNamesFileLineColumnAndValue) {
    const fixture f;
    const std::vector<std::pair<std::string, std::string>> cases{
        {"12x", "is not a plain number"},
        {"1.250", "grouped digits"},
        {"", "is blank"},
        {"nan", "not a finite number"},
        {"\"1,5\"", "is not a plain number"},
    };
    for(const auto& [value, why] : cases) {
        const auto text = value.empty() ? std::string("''") : "'" + value + "'";
        expect_thrown<input_error>(
            [&, value = value] {
                read(f, "jobs,C1,2024,1,x\njobs,C2,2024," + value + ",x\n");
            },
            {"test.csv, line 3, column 4 (value)", why});
    }
    expect_thrown<input_error>(
        [&] { read(f, "paid,C1,2024,12.5,x\n"); },
        {"line 2, column 4 (value): '12.5'", "whole number of đồng"});
    expect_thrown<input_error>(
        [&] { read(f, "jobs,C1,2024,9007199254740993,x\n"); },
        {"line 2, column 4 (value): '9007199254740993'", "beyond 2^53"});
}

TEST(ApiCsv, BadCodesAndPeriodsNameLineAndColumn) {
    const fixture f;
    // The quoted line break moves every later row one line down.
    const std::string first = "jobs,C1,2024,1,\"two\nlines\"\n";
    expect_thrown<unknown_code>([&] { read(f, first + "jobs,C9,2024,1,x\n"); },
                                {"line 4, column 2 (unit)", "'C9'"});
    expect_thrown<unknown_code>([&] { read(f, first + "job,C1,2024,1,x\n"); },
                                {"line 4, column 1 (indicator)", "'job'"});
    expect_thrown<input_error>([&] { read(f, first + "jobs,C1,2024Q5,1,x\n"); },
                               {"line 4, column 3 (period)", "2024Q5"});
    expect_thrown<input_error>([&] { read(f, "jobs,C1\n"); },
                               {"test.csv", "row 2 has 2 fields"});
    observation_csv_columns renamed;
    renamed.unit = "commune";
    expect_thrown<input_error>([&] { read(f, "jobs,C1,2024,1,x\n", renamed); },
                               {"test.csv has no column 'commune'"});
}

TEST(ApiCsv, AFileIsReadWholeOrNotAtAll) {
    const fixture f;
    observations_builder b(f.cat, f.units);
    b.add("jobs", "C1", "2024Q1", 1);
    expect_thrown<unknown_code>(
        [&] {
            b.add_csv_text(
                "indicator,unit,period,value\njobs,C2,2023,1\njobs,X,2022,1\n",
                "partial.csv");
        },
        {"partial.csv, line 3"});
    EXPECT_EQ(b.size(), 1u);
    EXPECT_EQ(b.periods().size(), 1u);
    b.add("jobs", "C1", "2023", 2);  // "2023" was forgotten with its row
    EXPECT_EQ(b.periods().size(), 2u);
    EXPECT_EQ(b.build().periods().at(1), period::year(2023));
}
