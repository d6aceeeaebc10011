#include <chitieu/hierarchy.hpp>

#include <gtest/gtest.h>

#include <random>
#include <string>

using chitieu::hierarchy;

namespace {
const std::string vn_csv = std::string(CHITIEU_TEST_DATA_DIR) + "/vn_admin_2024.csv";

template <class F>
void expect_message(F&& f, const std::string& fragment) {
    try {
        f();
        ADD_FAILURE() << "no exception; expected one naming " << fragment;
    } catch(const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
}
}  // namespace

TEST(Hierarchy, RealVietnam2024) {
    const auto vn = hierarchy::from_csv(vn_csv);
    ASSERT_EQ(vn.level_names(),
              (std::vector<std::string>{"province", "district", "commune"}));
    EXPECT_EQ(vn.units_at_level(0).size(), 63u);
    EXPECT_EQ(vn.units_at_level(1).size(), 696u);
    EXPECT_EQ(vn.units_at_level(2).size(), 10047u);
    const auto& anc = vn.ancestor_table();
    for(const auto c : vn.units_at_level(2)) {
        EXPECT_GE(anc(c, 1), 0) << vn.code(c);
        EXPECT_GE(anc(c, 0), 0) << vn.code(c);
    }
    const auto phuc_xa = vn.id("00001");
    EXPECT_EQ(vn.name(phuc_xa), "Phường Phúc Xá");
    EXPECT_EQ(vn.code(vn.ancestor(phuc_xa, 1)), "001");
    EXPECT_EQ(vn.code(vn.ancestor(phuc_xa, 0)), "01");
    EXPECT_EQ(vn.name(vn.ancestor(phuc_xa, 0)), "Thành phố Hà Nội");
    const auto path = vn.path(phuc_xa);
    ASSERT_EQ(path.size(), 3u);
    EXPECT_EQ(vn.code(path[0]), "01");
    EXPECT_EQ(vn.descendants(vn.id("001"), 2).size(), vn.children(vn.id("001")).size());
}

TEST(Hierarchy, AncestorTableMatchesParentWalkOnRandomTrees) {
    std::mt19937 rng(7);
    for(int trial = 0; trial < 20; ++trial) {
        const int levels = 2 + static_cast<int>(rng() % 4);
        std::vector<std::string> names, codes, lv, parents, level_names;
        for(int l = 0; l < levels; ++l) level_names.push_back("L" + std::to_string(l));
        std::vector<int> level_of;
        const int n = 1 + static_cast<int>(rng() % 200);
        for(int i = 0; i < n; ++i) {
            codes.push_back("u" + std::to_string(i));
            names.push_back("unit " + std::to_string(i));
            // Parent: any earlier unit at a strictly higher level, or none.
            std::vector<int> candidates;
            for(int j = 0; j < i; ++j)
                if(level_of[static_cast<std::size_t>(j)] < levels - 1)
                    candidates.push_back(j);
            if(candidates.empty() || rng() % 5 == 0) {
                level_of.push_back(
                    static_cast<int>(rng() % static_cast<unsigned>(levels)));
                parents.emplace_back();
            } else {
                const int p = candidates[rng() % candidates.size()];
                const int pl = level_of[static_cast<std::size_t>(p)];
                level_of.push_back(
                    pl + 1 +
                    static_cast<int>(rng() % static_cast<unsigned>(levels - pl - 1)));
                parents.push_back(codes[static_cast<std::size_t>(p)]);
            }
            lv.push_back(level_names[static_cast<std::size_t>(level_of.back())]);
        }
        // Shuffle rows so children may come before parents.
        std::vector<std::size_t> perm(codes.size());
        for(std::size_t i = 0; i < perm.size(); ++i) perm[i] = i;
        std::shuffle(perm.begin(), perm.end(), rng);
        auto permute = [&](std::vector<std::string> v) {
            std::vector<std::string> out;
            for(auto i : perm) out.push_back(v[i]);
            return out;
        };
        const auto h = hierarchy::build(
            level_names, permute(codes), permute(names), permute(lv), permute(parents));
        for(std::size_t u = 0; u < h.size(); ++u)
            for(int l = 0; l < levels; ++l) {
                std::int32_t expect = -1;
                for(auto a = static_cast<std::int32_t>(u); a >= 0; a = h.parent(a))
                    if(h.level(a) == l) expect = a;
                EXPECT_EQ(h.ancestor_table()(static_cast<Eigen::Index>(u), l), expect);
            }
    }
}

TEST(Hierarchy, BadInputNamesTheCodes) {
    const std::vector<std::string> L{"province", "district"};
    expect_message(
        [&] {
            hierarchy::build(
                L, {"01", "01"}, {"a", "b"}, {"province", "province"}, {"", ""});
        },
        "'01'");
    expect_message(
        [&] {
            hierarchy::build(
                L, {"01", "001"}, {"a", "b"}, {"province", "district"}, {"", "99"});
        },
        "'99'");
    expect_message(
        [&] {
            hierarchy::build(
                L, {"01", ""}, {"a", "b"}, {"province", "district"}, {"", "01"});
        },
        "row 1");
    expect_message(
        [&] {
            hierarchy::build(
                L, {"01", "02"}, {"a", "b"}, {"province", "province"}, {"", "01"});
        },
        "'02'");
    expect_message(
        [&] {
            hierarchy::build(
                L, {"a", "b"}, {"a", "b"}, {"district", "district"}, {"b", "a"});
        },
        "cycle");
    expect_message([&] { hierarchy::build(L, {"01"}, {"a"}, {"region"}, {""}); },
                   "'region'");
    const auto h = hierarchy::build(
        L, {"01", "001"}, {"a", "b"}, {"province", "district"}, {"", "01"});
    EXPECT_THROW(h.id("zz"), chitieu::unknown_code);
    expect_message([&] { h.id("zz"); }, "'zz'");
    expect_message([&] { h.level_index("commune"); }, "'commune'");
    EXPECT_THROW(hierarchy::from_csv("/nonexistent.csv"), chitieu::input_error);
}

TEST(Hierarchy, Groups) {
    const auto vn_base = hierarchy::from_csv(vn_csv);
    auto vn = vn_base;
    const auto& g = vn.add_group("capital", {"01", "79"});
    EXPECT_EQ(g.members.size(), 2u);
    const auto member = vn.group_membership(vn.group("capital"));
    EXPECT_EQ(member[static_cast<std::size_t>(vn.id("00001"))], 1);
    EXPECT_EQ(member[static_cast<std::size_t>(vn.id("02"))], 0);
    expect_message([&] { vn.add_group("x", {"01", "nope"}); }, "'nope'");
    EXPECT_THROW(vn.group("unknown"), chitieu::unknown_code);
}
