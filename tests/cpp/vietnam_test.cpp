// The shipped Vietnamese units and the official 2024 -> 2025 crosswalk, loaded
// the way a C++ tool would (from the data folder).
#include <chitieu/vietnam.hpp>

#include <gtest/gtest.h>

#include <numeric>

using chitieu::crosswalk_rule;
using chitieu::split_fallback;

namespace {
const std::filesystem::path data_dir = CHITIEU_TEST_DATA_DIR;

std::int64_t total(const std::vector<std::int64_t>& xs) {
    return std::accumulate(xs.begin(), xs.end(), std::int64_t{0});
}
}  // namespace

TEST(Vietnam, UnitCounts) {
    const auto v25 = chitieu::vietnam_hierarchy(2025, data_dir);
    EXPECT_EQ(v25.level_names(), (std::vector<std::string>{"nation", "province", "commune"}));
    EXPECT_EQ(v25.units_at_level(v25.level_index("province")).size(), 34u);
    EXPECT_EQ(v25.units_at_level(v25.level_index("commune")).size(), 3321u);
    const auto v24 = chitieu::vietnam_hierarchy(2024, data_dir);
    EXPECT_EQ(v24.units_at_level(v24.level_index("province")).size(), 63u);
    EXPECT_EQ(v24.units_at_level(v24.level_index("commune")).size(), 10047u);
    EXPECT_THROW(chitieu::vietnam_hierarchy(2023, data_dir), chitieu::input_error);
    EXPECT_THROW(chitieu::vietnam_hierarchy(2025, "/nonexistent"), chitieu::input_error);
}

TEST(Vietnam, StructureInForce) {
    EXPECT_EQ(chitieu::vietnam_structure_in_force(2025, 6, 30), 2024);
    EXPECT_EQ(chitieu::vietnam_structure_in_force(2025, 7, 1), 2025);
}

TEST(Vietnam, ForwardCrosswalkKeepsMoneyTotalsAndMergesProvinces) {
    const auto v24 = chitieu::vietnam_hierarchy(2024, data_dir);
    const auto v25 = chitieu::vietnam_hierarchy(2025, data_dir);
    const auto cw = chitieu::vietnam_crosswalk(v24, 2024, v25, 2025, data_dir);
    EXPECT_EQ(cw.unknown_share_units().size(), 439u);
    // Every commune but the 12 re-listed ones has an entry.
    std::vector<std::int32_t> communes, unmapped;
    for(auto c : v24.units_at_level(v24.level_index("commune")))
        (cw.targets(c).empty() ? unmapped : communes).push_back(c);
    EXPECT_EQ(unmapped.size(), 12u);
    EXPECT_EQ(v24.code(unmapped.front()), "07693");
    // One đồng per commune (plus a large odd amount), split equally.
    const auto equal = cw.resolved({}, {}, {}, split_fallback::equal);
    std::vector<std::int64_t> values(communes.size());
    for(std::size_t i = 0; i < values.size(); ++i)
        values[i] = 1'000'000'007 + static_cast<std::int64_t>(i % 13);
    const std::vector<std::int64_t> keys(communes.size(), 0);
    const auto rows = equal.apply(keys, communes, values, crosswalk_rule::sum);
    EXPECT_EQ(total(rows.value), total(values));
    EXPECT_GT(total(rows.estimated), 0);
    EXPECT_THROW(cw.apply(keys, communes, values, crosswalk_rule::sum), chitieu::input_error);
    // Old Tuyên Quang (08) and Hà Giang (02) make the new Tuyên Quang (08).
    const auto prov = cw.apply({0, 0}, {v24.id("08"), v24.id("02")},
                               std::vector<std::int64_t>{5, 7}, crosswalk_rule::sum);
    ASSERT_EQ(prov.value.size(), 1u);
    EXPECT_EQ(v25.code(prov.unit[0]), "08");
    EXPECT_EQ(prov.value[0], 12);
    EXPECT_EQ(prov.estimated[0], 0);
}

TEST(Vietnam, RefusalNamesUnitsAndOptions) {
    const auto v24 = chitieu::vietnam_hierarchy(2024, data_dir);
    const auto v25 = chitieu::vietnam_hierarchy(2025, data_dir);
    const auto cw = chitieu::vietnam_crosswalk(v24, 2024, v25, 2025, data_dir);
    try {
        cw.apply({0}, {v24.id("00007")}, std::vector<double>{1.0}, crosswalk_rule::sum);
        FAIL() << "a split without shares was divided";
    } catch(const chitieu::input_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("'00007' -> '00008'"), std::string::npos) << what;
        EXPECT_NE(what.find("split=\"equal\""), std::string::npos) << what;
    }
    try {
        cw.apply({0}, {v24.id("07693")}, std::vector<double>{1.0}, crosswalk_rule::sum);
        FAIL() << "a unit outside the table was translated";
    } catch(const chitieu::input_error& e) {
        EXPECT_NE(std::string(e.what()).find("conversion table"), std::string::npos);
    }
}

TEST(Vietnam, BackwardGoesToWholeOldProvincesOnly) {
    const auto v24 = chitieu::vietnam_hierarchy(2024, data_dir);
    const auto v25 = chitieu::vietnam_hierarchy(2025, data_dir);
    const auto back = chitieu::vietnam_crosswalk(v25, 2025, v24, 2024, data_dir);
    const auto hanoi = back.targets(v25.id("01"));
    ASSERT_EQ(hanoi.size(), 1u);
    EXPECT_EQ(v24.code(hanoi[0].unit), "01");
    EXPECT_EQ(back.targets(v25.id("08")).size(), 2u);  // old Tuyên Quang and Hà Giang
    EXPECT_TRUE(back.unknown_shares(v25.id("08")));
    for(auto c : v25.units_at_level(v25.level_index("commune")))
        for(const auto& t : back.targets(c))
            EXPECT_EQ(v24.level_names()[static_cast<std::size_t>(v24.level(t.unit))],
                      "province");
}
