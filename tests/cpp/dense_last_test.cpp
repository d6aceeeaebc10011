// The stocks' "last" states held a cell per key (src/rollup/dense_last.hpp),
// merged and filed, against a direct fold of the same rows, and the choice
// between cells and entries.
#include "rollup/dense_last.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <random>
#include <vector>

namespace {

using namespace chitieu::detail;

struct row {
    std::uint64_t key;
    std::int32_t period;
    double value;
};

// Lanes hold consecutive runs of rows: a later row wins a tie of ordering keys,
// within a lane and across lanes (later lanes hold later rows), as the entries'
// fold has it. Periods tie in pairs here, and some keys are hit very often.
TEST(DenseLast, LanesFoldAsTheRowsInOrder) {
    std::mt19937_64 rng(23);
    const std::uint64_t space = 50000;
    std::vector<std::int64_t> order_key(6);
    for(std::size_t p = 0; p < order_key.size(); ++p)
        order_key[p] = static_cast<std::int64_t>(p / 2) - 1;  // -1 0 0 ... ties
    std::vector<std::vector<row>> per_lane(3);
    for(auto& rows : per_lane)
        for(int i = 0; i < 40000; ++i)
            rows.push_back({rng() % (i % 5 == 0 ? 40 : space),
                            static_cast<std::int32_t>(rng() % 6),
                            static_cast<double>(rng() % 1000)});
    std::map<std::uint64_t, time_cell<double>> direct;
    for(const auto& rows : per_lane)
        for(const auto& r : rows) {
            const auto one = time_cell<double>::of(
                r.value, order_key[static_cast<std::size_t>(r.period)]);
            const auto [it, fresh] = direct.emplace(r.key, one);
            if(!fresh) it->second.add(one);
        }
    for(const unsigned threads : {1u, 2u, 3u}) {
        std::vector<dense_last<double>> lanes;
        for(const auto& rows : per_lane) {
            lanes.emplace_back(space, order_key.data());
            for(const auto& r : rows) lanes.back().add(r.key, r.period, r.value);
        }
        sparse_table<double> out;
        out.fields = last_value;
        file_last_cells(merge_lanes(lanes, threads), threads, out);
        ASSERT_EQ(out.size(), direct.size()) << threads << " threads";
        std::size_t i = 0;
        for(const auto& [key, want] : direct) {
            ASSERT_EQ(out.key[i], key);
            EXPECT_EQ(out.last[i], want.last) << "key " << key;
            EXPECT_EQ(out.last_key[i++], want.last_key) << "key " << key;
        }
    }
}

TEST(DenseLast, MoneyValuesStayExact) {
    const std::vector<std::int64_t> order_key{5, 7};
    std::vector<dense_last<std::int64_t>> lanes;
    lanes.emplace_back(4, order_key.data());
    lanes.back().add(3, 1, (std::int64_t{1} << 62) + 1);
    lanes.back().add(3, 0, 1);  // an earlier period: kept out
    lanes.back().add(0, 0, -(std::int64_t{1} << 61) - 3);
    sparse_table<std::int64_t> out;
    out.fields = last_value;
    file_last_cells(merge_lanes(lanes, 1), 1, out);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out.key[0], 0u);
    EXPECT_EQ(out.last[0], -(std::int64_t{1} << 61) - 3);
    EXPECT_EQ(out.key[1], 3u);
    EXPECT_EQ(out.last[1], (std::int64_t{1} << 62) + 1);
    EXPECT_EQ(out.last_key[1], 7);
}

// Cells are chosen only for "last" states, when the rows are counted and
// outnumber the lanes' cells.
TEST(DenseLast, ChosenWhenRowsOutnumberTheLanesCells) {
    EXPECT_TRUE(prefer_dense_last(last_value, 100, 2, 201));
    EXPECT_FALSE(prefer_dense_last(last_value, 100, 2, 200));
    EXPECT_FALSE(prefer_dense_last(last_value, 100, 1, 0));  // rows unknown
    EXPECT_FALSE(prefer_dense_last(last_value | first_value, 100, 1, 1000));
    EXPECT_FALSE(prefer_dense_last(sum_count, 100, 1, 1000));
    EXPECT_FALSE(prefer_dense_last(last_value, 0, 1, 1000));
}

}  // namespace
