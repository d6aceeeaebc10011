#include <chitieu/cell_set.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace greg = boost::gregorian;

using namespace chitieu;

namespace {

hierarchy tree() {
    return hierarchy::build({"province", "district"}, {"P1", "D1", "D2"},
                            {"Province 1", "District 1", "District 2"},
                            {"province", "district", "district"}, {"", "P1", "P1"});
}

catalog indicators() {
    return catalog({indicator::flow("jobs"),
                    indicator::flow("paid", "", "VND", value_type::money)});
}

// Observations of `texts` periods for (indicator, unit) pairs; values all 1.
observations block(const hierarchy& h, const catalog& c,
                   const std::vector<std::string>& periods, std::vector<std::int32_t> ind,
                   std::vector<std::int32_t> unit, std::vector<double> values = {},
                   nan_policy nans = nan_policy::error) {
    period_index index;
    std::vector<std::int32_t> ids;
    for(const auto& p : periods) ids.push_back(index.intern(period::parse(p)));
    if(values.empty()) values.assign(ids.size(), 1.0);
    observation_columns<double> cols{column<std::int32_t>(std::move(ind)),
                                     column<std::int32_t>(std::move(unit)),
                                     column<std::int32_t>(std::move(ids)),
                                     column<double>(std::move(values)),
                                     {}};
    observation_options options;
    options.nans = nans;
    return observations::build(c, h, std::move(index), std::move(cols), options);
}

}  // namespace

TEST(CellSet, MergeCountsCellsInBothBlocksAndNamesThem) {
    const auto h = tree();
    const auto c = indicators();
    // Period ids differ between the blocks (2020Q1 is id 0 in one, 1 in the other):
    // the set compares the periods themselves.
    const auto a = cell_set::of(block(h, c, {"2020Q1", "2020Q2"}, {0, 0}, {1, 1}));
    const auto b = cell_set::of(block(h, c, {"2020Q3", "2020Q1"}, {0, 0}, {1, 1}));
    const auto m = merge(a, b);
    EXPECT_EQ(m.size(), 3u);
    EXPECT_EQ(m.duplicate_count(), 1u);
    try {
        m.require_no_duplicates(h, c, "partitions");
        ADD_FAILURE() << "no exception";
    } catch(const input_error& e) {
        EXPECT_NE(std::string(e.what()).find("(jobs, D1, 2020Q1)"), std::string::npos)
            << e.what();
    }
}

TEST(CellSet, DisjointBlocksPassAndMergeIsAssociative) {
    const auto h = tree();
    const auto c = indicators();
    const auto a = cell_set::of(block(h, c, {"2020Q1"}, {0}, {1}));
    const auto b = cell_set::of(block(h, c, {"2020Q1"}, {0}, {2}));
    const auto d = cell_set::of(block(h, c, {"2020Q1", "202001"}, {1, 0}, {1, 1}));
    const auto left = merge(merge(a, b), d);
    const auto right = merge(a, merge(b, d));
    EXPECT_EQ(left.size(), 4u);
    EXPECT_EQ(left.to_bytes(), right.to_bytes());
    EXPECT_NO_THROW(left.require_no_duplicates(h, c, "partitions"));
}

TEST(CellSet, SameDaysOfAnotherKindAreAnotherCell) {
    const auto h = tree();
    const auto c = indicators();
    const auto a = cell_set::of(block(h, c, {"2020Q1"}, {0}, {1}));
    const auto b = cell_set::of(block(h, c, {"2020-01-01/2020-03-31"}, {0}, {1}));
    EXPECT_EQ(merge(a, b).duplicate_count(), 0u);
}

TEST(CellSet, NanUnderSkipIsNotAReportedCell) {
    const auto h = tree();
    const auto c = indicators();
    const auto nan = std::numeric_limits<double>::quiet_NaN();
    const auto a = cell_set::of(block(h, c, {"2020Q1"}, {0}, {1}, {nan}, nan_policy::skip));
    const auto b = cell_set::of(block(h, c, {"2020Q1"}, {0}, {1}));
    EXPECT_EQ(a.size(), 0u);
    EXPECT_EQ(merge(a, b).duplicate_count(), 0u);
}

TEST(CellSet, BytesRoundTripAndForgedBytesAreRefused) {
    const auto h = tree();
    const auto c = indicators();
    const auto a = merge(cell_set::of(block(h, c, {"2020W05", "2016-2020"}, {0, 0}, {1, 2})),
                         cell_set::of(block(h, c, {"2020W05"}, {0}, {1})));
    const auto bytes = a.to_bytes();
    const auto back = cell_set::from_bytes(bytes);
    EXPECT_EQ(back.to_bytes(), bytes);
    EXPECT_THROW(back.require_no_duplicates(h, c, "batches"), input_error);
    EXPECT_THROW(cell_set::from_bytes(bytes.substr(0, bytes.size() - 1)), input_error);
    EXPECT_THROW(cell_set::from_bytes("nonsense"), input_error);
    auto forged = bytes;
    forged[4 + 3 * 8 + 7] = '\x7f';  // the examples' count: a length the bytes do not hold
    EXPECT_THROW(cell_set::from_bytes(forged), input_error);
}

TEST(CellSet, DenseChunksBecomeBitmapsAndStillCountOverlaps) {
    const auto h = tree();
    const auto c = indicators();
    // 2 indicators x 3 units x 1500 days: chunks past 4096 cells are bitmaps.
    std::vector<std::string> days, some_days;
    std::vector<std::int32_t> ind, unit, some_ind, some_unit;
    const greg::date start(2020, 1, 1);
    for(int d = 0; d < 1500; ++d)
        for(std::int32_t i = 0; i < 2; ++i)
            for(std::int32_t u = 0; u < 3; ++u) {
                const auto text = period::day(start + greg::days(d)).to_string();
                days.push_back(text);
                ind.push_back(i);
                unit.push_back(u);
                if(d % 50 == 7 && u == 2) {  // 30 days x 2 indicators, also in block b
                    some_days.push_back(text);
                    some_ind.push_back(i);
                    some_unit.push_back(u);
                }
            }
    const auto a = cell_set::of(block(h, c, days, ind, unit));
    const auto b = cell_set::of(block(h, c, some_days, some_ind, some_unit));
    EXPECT_EQ(a.size(), 9000u);
    EXPECT_LT(a.memory_bytes(), 9000u);  // about a bit a cell, not 8 bytes
    const auto m = merge(a, b);
    EXPECT_EQ(m.size(), 9000u);
    EXPECT_EQ(m.duplicate_count(), 60u);
    EXPECT_EQ(merge(b, a).to_bytes(), m.to_bytes());
    auto running = a;  // a running total merged in place equals merge()
    running.absorb(b);
    EXPECT_EQ(running.to_bytes(), m.to_bytes());
    EXPECT_EQ(cell_set::from_bytes(m.to_bytes()).to_bytes(), m.to_bytes());
    try {
        m.require_no_duplicates(h, c, "batches");
        ADD_FAILURE() << "no exception";
    } catch(const input_error& e) {
        EXPECT_NE(std::string(e.what()).find("(jobs, D2, 20200108)"), std::string::npos)
            << e.what();
    }
}
