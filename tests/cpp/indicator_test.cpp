#include <chitieu/indicator.hpp>

#include <gtest/gtest.h>

#include "expect_error.hpp"

#include <algorithm>
#include <string>
#include <vector>

using namespace chitieu;

namespace {

}  // namespace

TEST(Indicator, PresetsSetBothRules) {
    struct expect {
        indicator ind;
        time_rule t;
        space_rule s;
        const char* name;
    };
    const std::vector<expect> cases{
        {indicator::flow("a"), time_rule::sum, space_rule::sum, "flow"},
        {indicator::stock("a"), time_rule::last, space_rule::sum, "stock"},
        {indicator::stock_average("a"),
         time_rule::mean,
         space_rule::sum,
         "stock_average"},
        {indicator::level("a"), time_rule::mean, space_rule::mean, "level"},
        {indicator::max("a"), time_rule::max, space_rule::max, "max"},
        {indicator::min("a"), time_rule::min, space_rule::min, "min"},
    };
    for(const auto& c : cases) {
        EXPECT_EQ(c.ind.time, c.t) << c.name;
        EXPECT_EQ(c.ind.space, c.s) << c.name;
        ASSERT_TRUE(c.ind.preset().has_value());
        EXPECT_EQ(*c.ind.preset(), c.name);
        EXPECT_EQ(indicator::from_preset(c.name, "a").time, c.t);
    }
    EXPECT_TRUE(indicator::flow("a").is_flow());
    EXPECT_FALSE(indicator::stock("a").is_flow());
    indicator custom = indicator::flow("a");
    custom.space = space_rule::max;
    EXPECT_FALSE(custom.preset().has_value());
    expect_error<input_error>([] { indicator::from_preset("total", "x"); },
                              {"'total'", "'x'", "flow"});
}

TEST(Indicator, EnumNamesRoundTrip) {
    for(auto r : {time_rule::sum,
                  time_rule::last,
                  time_rule::first,
                  time_rule::mean,
                  time_rule::min,
                  time_rule::max})
        EXPECT_EQ(parse_time_rule(to_string(r)), r);
    for(auto r : {space_rule::sum, space_rule::mean, space_rule::min, space_rule::max})
        EXPECT_EQ(parse_space_rule(to_string(r)), r);
    EXPECT_EQ(parse_value_type("money"), value_type::money);
    EXPECT_EQ(parse_direction("lower"), direction::lower_is_better);
    EXPECT_EQ(parse_direction("higher_is_better"), direction::higher_is_better);
    expect_error<input_error>([] { parse_time_rule("median"); }, {"'median'", "last"});
    expect_error<input_error>([] { parse_value_type("float"); }, {"'float'"});
}

TEST(Indicator, FormulaParsesAndPrints) {
    const auto r = indicator::from_formula("rate", " ratio( poor ,households, 1000 ) ");
    EXPECT_EQ(r.formula, formula_kind::ratio);
    EXPECT_EQ(r.parts, (std::vector<std::string>{"poor", "households"}));
    EXPECT_EQ(r.factor, 1000);
    EXPECT_EQ(r.formula_string(), "ratio(poor, households, 1000)");
    EXPECT_EQ(indicator::from_formula("r", "ratio(a, b)").factor, 100);
    EXPECT_EQ(indicator::from_formula("r", "ratio(a, b, 0.5)").factor, 0.5);
    const auto d = indicator::from_formula("d", "difference(a,b)");
    EXPECT_EQ(d.formula_string(), "difference(a, b)");
    const auto s = indicator::from_formula("s", "sum(a, b, c)");
    EXPECT_EQ(s.parts.size(), 3u);
    EXPECT_EQ(indicator::from_formula("x", r.formula_string()).formula_string(),
              r.formula_string());
    for(const char* bad : {"ratio(a)",
                           "ratio(a, b, x)",
                           "mean(a, b)",
                           "sum(a)",
                           "difference(a, b, c)",
                           "ratio a, b",
                           "ratio(a,,b)",
                           "ratio(a, b, 0)"})
        expect_error<input_error>([&] { indicator::from_formula("q", bad); }, {"'q'"});
}

TEST(Catalog, InternsCodesInOrder) {
    catalog c;
    EXPECT_EQ(c.add(indicator::flow("jobs", "Việc làm mới", "người")), 0);
    EXPECT_EQ(c.add(indicator::stock("poor", "Hộ nghèo", "hộ")), 1);
    EXPECT_EQ(c.size(), 2u);
    EXPECT_EQ(c.id("poor"), 1);
    EXPECT_FALSE(c.find("nope"));
    EXPECT_EQ(c.at(0).name, "Việc làm mới");
    expect_error<unknown_code>([&] { c.id("nope"); }, {"'nope'"});
    expect_error<unknown_code>([&] { c.at(7); }, {"7"});
    expect_error<input_error>([&] { c.add(indicator::flow("jobs")); }, {"'jobs'"});
    expect_error<input_error>([&] { c.add(indicator::flow("")); }, {"without a code"});
    EXPECT_EQ(c.size(), 2u);
}

TEST(Catalog, DerivedNeedTheirParts) {
    catalog c;
    c.add(indicator::flow("a"));
    expect_error<input_error>([&] { c.add(indicator::ratio("r", "a", "b")); },
                              {"'b'", "'r'"});
    EXPECT_EQ(c.size(), 1u);  // nothing added
    c.add(indicator::flow("b"));
    const auto r = c.add(indicator::ratio("r", "a", "b"));
    EXPECT_EQ(c.parts(r), (std::vector<std::int32_t>{0, 1}));
    EXPECT_EQ(c.at(r).type, value_type::real);
}

TEST(Catalog, BatchMayReferForwardAndOrdersDerived) {
    catalog c({indicator::ratio("rate", "net", "base", 100),
               indicator::difference("net", "in", "out"),
               indicator::flow("in", "", "VND", value_type::money),
               indicator::flow("out", "", "VND", value_type::money),
               indicator::flow("base"),
               indicator::sum("total", {"in", "out", "net"})});
    const auto& order = c.evaluation_order();
    ASSERT_EQ(order.size(), 3u);
    const auto pos = [&](const char* code) {
        return std::find(order.begin(), order.end(), c.id(code)) - order.begin();
    };
    EXPECT_LT(pos("net"), pos("rate"));
    EXPECT_LT(pos("net"), pos("total"));
    EXPECT_EQ(c.at(c.id("net")).type, value_type::money);  // money - money
    EXPECT_EQ(c.at(c.id("total")).type, value_type::money);
    EXPECT_EQ(c.at(c.id("rate")).type, value_type::real);  // ratios are real
    EXPECT_EQ(c.closure({c.id("rate")}), (std::vector<std::int32_t>{0, 1, 2, 3, 4}));
}

TEST(Catalog, RejectsCyclesNamingThem) {
    expect_error<input_error>(
        [] {
            catalog c({indicator::sum("x", {"y", "a"}),
                       indicator::difference("y", "z", "a"),
                       indicator::ratio("z", "x", "a"),
                       indicator::flow("a")});
        },
        {"cycle", "x -> y -> z -> x"});
    expect_error<input_error>([] { catalog c({indicator::ratio("s", "s", "s")}); },
                              {"cycle", "s -> s"});
}

TEST(Catalog, FromTable) {
    const std::vector<std::string> cols{"code",
                                        "name",
                                        "unit",
                                        "value_type",
                                        "direction",
                                        "preset",
                                        "time_rule",
                                        "space_rule",
                                        "formula",
                                        "cumulative"};
    const std::vector<std::vector<std::string>> rows{
        {"households", "Số hộ", "hộ", "", "", "stock", "", "", "", ""},
        {"poor", "Hộ nghèo", "hộ", "", "lower", "stock", "", "", "", ""},
        {"rate",
         "Tỷ lệ hộ nghèo",
         "%",
         "",
         "lower",
         "",
         "",
         "",
         "ratio(poor, households, 100)",
         ""},
        {"paid", "Giải ngân", "VND", "money", "", "flow", "", "", "", "true"},
        {"peak", "", "", "", "", "", "max", "sum", "", "0"},
    };
    const auto c = catalog::from_table(cols, rows);
    ASSERT_EQ(c.size(), 5u);
    EXPECT_EQ(c.at(2).formula, formula_kind::ratio);
    EXPECT_EQ(c.at(1).better, direction::lower_is_better);
    EXPECT_EQ(c.at(3).type, value_type::money);
    EXPECT_TRUE(c.at(3).cumulative);
    EXPECT_EQ(c.at(4).time, time_rule::max);
    EXPECT_EQ(c.at(4).space, space_rule::sum);

    auto bad = rows;
    bad[4][6] = "";
    expect_error<input_error>([&] { catalog::from_table(cols, bad); },
                              {"row 5", "'peak'"});
    bad = rows;
    bad[1][5] = "stok";
    expect_error<input_error>([&] { catalog::from_table(cols, bad); },
                              {"row 2", "'stok'"});
    bad = rows;
    bad[2][8] = "ratio(poor, homes)";
    expect_error<input_error>([&] { catalog::from_table(cols, bad); },
                              {"'homes'", "'rate'"});
    expect_error<input_error>(
        [&] {
            catalog::from_table({"code", "colour"}, {});
        },
        {"'colour'"});
    expect_error<input_error>([&] { catalog::from_table({"name"}, {}); }, {"'code'"});
}
