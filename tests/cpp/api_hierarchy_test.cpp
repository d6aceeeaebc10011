// hierarchy::build from unit rows: the same hierarchy as the column form, and
// errors that name the culprit code or row.
#include <chitieu/detail/csv.hpp>
#include <chitieu/hierarchy.hpp>

#include "api_fixture.hpp"

#include <algorithm>

using namespace chitieu;
using api_test::expect_thrown;

TEST(ApiHierarchy, RowsGiveTheHierarchyOfTheColumns) {
    const auto rows = api_test::unit_rows();
    std::vector<std::string> codes, names, levels, parents;
    for(const auto& r : rows) {
        codes.push_back(r.code);
        names.push_back(r.name);
        levels.push_back(r.level);
        parents.push_back(r.parent_code);
    }
    const auto by_columns = hierarchy::build(
        {"province", "district", "commune"}, codes, names, levels, parents);
    const auto by_rows = hierarchy::build(rows, {"province", "district", "commune"});
    EXPECT_EQ(by_rows.fingerprint(), by_columns.fingerprint());
    ASSERT_EQ(by_rows.size(), rows.size());
    for(std::int32_t id = 0; id < static_cast<std::int32_t>(rows.size()); ++id) {
        EXPECT_EQ(by_rows.code(id), by_columns.code(id));
        EXPECT_EQ(by_rows.name(id), by_columns.name(id));
        EXPECT_EQ(by_rows.parent(id), by_columns.parent(id));
        EXPECT_EQ(by_rows.level(id), by_columns.level(id));
    }
    EXPECT_EQ(by_rows.code(by_rows.ancestor(by_rows.id("C5"), 0)), "P2");
}

TEST(ApiHierarchy, LevelOrderIsInferredFromTheParentLinks) {
    auto rows = api_test::unit_rows();
    std::reverse(rows.begin(), rows.end());  // communes first: order comes from links
    const auto h = hierarchy::build(rows);
    EXPECT_EQ(h.level_names(),
              (std::vector<std::string>{"province", "district", "commune"}));
    EXPECT_EQ(h.id("C6"), 0);
}

TEST(ApiHierarchy, VietnamFromRowsMatchesFromCsv) {
    const auto path = std::string(CHITIEU_TEST_DATA_DIR) + "/vn_admin_2024.csv";
    const auto columns =
        detail::read_csv(path, {"code", "name", "level", "parent_code"});
    std::vector<unit_row> rows;
    for(std::size_t i = 0; i < columns[0].size(); ++i)
        rows.push_back({columns[0][i], columns[1][i], columns[2][i], columns[3][i]});
    const auto vn = hierarchy::build(std::move(rows));
    const auto expected = hierarchy::from_csv(path);
    EXPECT_EQ(vn.fingerprint(), expected.fingerprint());
    EXPECT_EQ(vn.units_at_level(vn.level_index("province")).size(), 63u);
}

TEST(ApiHierarchy, UnknownParentNamesTheUnitAndTheParent) {
    auto rows = api_test::unit_rows();
    rows[7].parent_code = "D9";  // C3
    expect_thrown<unknown_code>([&] { hierarchy::build(rows); },
                                {"parent code does not exist", "'C3' -> 'D9'"});
}

TEST(ApiHierarchy, DuplicateCodeIsNamed) {
    auto rows = api_test::unit_rows();
    rows.push_back({"C4", "Commune 4 again", "commune", "D3"});
    expect_thrown<input_error>([&] { hierarchy::build(rows); },
                               {"duplicate unit codes", "'C4'"});
}

TEST(ApiHierarchy, EmptyCodeNamesItsRow) {
    auto rows = api_test::unit_rows();
    rows[4].code.clear();
    rows.erase(rows.begin() + 9, rows.end());  // D3's communes went with it
    expect_thrown<input_error>([&] { hierarchy::build(rows); },
                               {"empty unit code", "row 4"});
}

TEST(ApiHierarchy, UnknownLevelAndLevelAboveItsParentAreNamed) {
    auto rows = api_test::unit_rows();
    rows[5].level = "village";
    expect_thrown<unknown_code>(
        [&] { hierarchy::build(rows, {"province", "district", "commune"}); },
        {"unknown level", "'C1' (level 'village')"});
    rows = api_test::unit_rows();
    rows[2].level = "commune";  // D1, whose communes then sit at its own level
    expect_thrown<input_error>(
        [&] { hierarchy::build(rows, {"province", "district", "commune"}); }, {"'C1'"});
}
