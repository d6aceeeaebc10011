// observations_builder: rows by codes give the observations of the same rows
// by ids (random data, both value types mixed), and every refusal names its row.
#include <chitieu/observations_builder.hpp>

#include "api_fixture.hpp"

#include <map>
#include <random>
#include <tuple>

using namespace chitieu;
using api_test::expect_thrown;
using api_test::fixture;

namespace {

// (indicator, unit, period) -> value of a block, to compare blocks whatever the
// order of their rows.
template <class V>
std::map<std::tuple<std::string, std::string, std::string>, V> cells(
    const observation_columns<V>& c, const fixture& f, const period_index& periods) {
    std::map<std::tuple<std::string, std::string, std::string>, V> out;
    for(std::size_t i = 0; i < c.size(); ++i)
        out[{f.cat[c.indicator[i]].code,
             f.units.code(c.unit[i]),
             periods.at(c.period[i]).to_string()}] = c.value[i];
    return out;
}

}  // namespace

TEST(ApiObservations, CodesGiveTheObservationsOfTheIds) {
    const fixture f;
    std::mt19937 rng(16);
    const std::vector<std::string> base{"jobs", "paid", "poor"};
    for(int round = 0; round < 20; ++round) {
        observations_builder builder(f.cat, f.units);
        std::vector<std::int32_t> ind, unit, per;
        std::vector<double> values;
        period_index periods;
        std::map<std::tuple<std::int32_t, std::int32_t, std::int32_t>, int> seen;
        const auto n = std::uniform_int_distribution<int>(0, 60)(rng);
        for(int k = 0; k < n; ++k) {
            const auto i = f.cat.id(base[rng() % base.size()]);
            const auto u = static_cast<std::int32_t>(rng() % f.units.size());
            const auto p = period::month(2024, 1 + static_cast<int>(rng() % 12));
            if(seen[{i, u, static_cast<std::int32_t>(p.first().month())}]++) continue;
            // Money as exact integers up to 2^53, real values with fractions.
            const bool money = f.cat[i].type == value_type::money;
            const double v = money ? static_cast<double>(rng() % 1000000) * 1000
                                   : std::uniform_real_distribution<>(-5, 5)(rng);
            if(money)
                builder.add(
                    f.cat[i].code, f.units.code(u), p, static_cast<std::int64_t>(v));
            else if(rng() % 2)
                builder.add(f.cat[i].code, f.units.code(u), p.to_string(), v);
            else
                builder.add({f.cat[i].code, f.units.code(u), p, v});
            ind.push_back(i);
            unit.push_back(u);
            per.push_back(periods.intern(p));
            values.push_back(v);
        }
        observation_columns<double> cols{column<std::int32_t>(ind),
                                         column<std::int32_t>(unit),
                                         column<std::int32_t>(per),
                                         column<double>(values),
                                         {}};
        const auto expected = observations::build(f.cat, f.units, periods, cols);
        const auto got = builder.build();
        ASSERT_EQ(got.size(), expected.size());
        EXPECT_EQ(got.hierarchy_fingerprint(), f.units.fingerprint());
        EXPECT_EQ(cells(got.real(), f, got.periods()),
                  cells(expected.real(), f, expected.periods()));
        EXPECT_EQ(cells(got.money(), f, got.periods()),
                  cells(expected.money(), f, expected.periods()));
    }
}

TEST(ApiObservations, MoneyStaysExactWhateverTheMix) {
    const fixture f;
    const std::int64_t big = (std::int64_t{1} << 53) + 1;  // not a float64
    // Money alone: int64 throughout.
    observations_builder money(f.cat, f.units);
    money.add("paid", "C1", period::year(2024), big);
    EXPECT_EQ(money.build().money().value[0], big);
    // With whole real values: int64 still.
    money.add("jobs", "C1", period::year(2024), 3.0);
    const auto mixed = money.build();
    ASSERT_EQ(mixed.money().size(), 1u);
    EXPECT_EQ(mixed.money().value[0], big);
    EXPECT_EQ(mixed.real().value[0], 3.0);
    // A money value within 2^53 beside fractions: exact through float64.
    observations_builder small(f.cat, f.units);
    small.add("paid", "C2", "2024", std::int64_t{9007199254740991});
    small.add("jobs", "C2", "2024", 2.5);
    const auto both = small.build();
    EXPECT_EQ(both.money().value[0], 9007199254740991);
    EXPECT_EQ(both.real().value[0], 2.5);
    // Beyond 2^53 beside a fraction: refused, naming both rows.
    small.add("paid", "C3", "2024", big);
    expect_thrown<input_error>([&] { small.build(); },
                               {"row 2: money value 9007199254740993", "row 1"});
}

TEST(ApiObservations, RefusalsNameTheRowAndAppendNothing) {
    const fixture f;
    observations_builder b(f.cat, f.units);
    b.add("jobs", "C1", "2024Q1", 1);
    expect_thrown<unknown_code>([&] { b.add("jobs", "C9", "2024Q1", 1); },
                                {"row 1", "unit code 'C9'"});
    expect_thrown<unknown_code>([&] { b.add("job", "C1", "2024Q1", 1); },
                                {"row 1", "indicator code 'job'"});
    expect_thrown<input_error>([&] { b.add("jobs_per_poor", "C1", "2024Q1", 1); },
                               {"row 1", "'jobs_per_poor' is derived"});
    expect_thrown<input_error>([&] { b.add("paid", "C1", "2024Q1", 12.5); },
                               {"row 1", "12.5 is not a whole number of đồng"});
    expect_thrown<input_error>(
        [&] { b.add("jobs", "C1", "2024Q1", (std::int64_t{1} << 53) + 1); },
        {"row 1", "beyond 2^53"});
    expect_thrown<input_error>([&] { b.add("jobs", "C1", "2024Q5", 1); },
                               {"row 1", "2024Q5"});
    expect_thrown<input_error>([] { reported_value v(std::uint64_t{1} << 63); },
                               {"9223372036854775808"});
    EXPECT_EQ(b.size(), 1u);
    EXPECT_EQ(b.periods().size(), 1u);
}

TEST(ApiObservations, DuplicatePolicyIsTheBuildOne) {
    const fixture f;
    const std::vector<observation_record> rows{
        {"paid", "C1", period::month(2024, 3), 100, 1},
        {"paid", "C1", period::month(2024, 3), 250, 2},
        {"paid", "C1", period::month(2024, 3), 50, 1},
    };
    observations_builder b(f.cat, f.units);
    b.add(rows.begin(), rows.end());
    expect_thrown<input_error>([&] { b.build(); }, {"'paid'", "'C1'", "'202403'"});
    observation_options sum;
    sum.duplicates = duplicate_policy::sum;
    EXPECT_EQ(b.build(sum).money().value[0], 400);
    observation_options last;
    last.duplicates = duplicate_policy::last;
    EXPECT_EQ(b.build(last).money().value[0], 250);  // the highest revision
}
