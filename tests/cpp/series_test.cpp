#include <chitieu/series.hpp>

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <tuple>
#include <vector>

using namespace chitieu;

namespace {

// P1: D1 (C1 C2).
hierarchy small_hierarchy() {
    return hierarchy::build({"province", "district", "commune"},
                            {"P1", "D1", "C1", "C2"},
                            {"P1", "D1", "C1", "C2"},
                            {"province", "district", "commune", "commune"},
                            {"", "P1", "D1", "D1"});
}

struct row {
    std::string indicator, unit, period, sex;
    double value;
};

// jobs (flow), poor (stock: last in time, summed over units and options) and
// their ratio, by sex.
struct fixture {
    hierarchy h = small_hierarchy();
    catalog cat{{indicator::flow("jobs"),
                 indicator::stock("poor"),
                 indicator::ratio("jobs_per_poor", "jobs", "poor")}};
    series_index series{cat, {"sex"}};
    observations obs;

    fixture() {
        const std::vector<row> rows{{"jobs", "C1", "202401", "f", 1},
                                    {"jobs", "C1", "202401", "m", 2},
                                    {"jobs", "C2", "202402", "f", 4},
                                    {"poor", "C1", "202401", "f", 10},
                                    {"poor", "C1", "202403", "f", 8},
                                    {"poor", "C1", "202403", "m", 5},
                                    {"poor", "C2", "202402", "m", 3}};
        std::vector<std::int32_t> ind, unit, per, sex;
        std::vector<double> value;
        period_index periods;
        for(const auto& r : rows) {
            ind.push_back(cat.id(r.indicator));
            unit.push_back(h.id(r.unit));
            per.push_back(periods.intern(period::parse(r.period)));
            sex.push_back(series.options(0, {r.sex})[0]);
            value.push_back(r.value);
        }
        auto ids = series.intern(ind.data(), ind.size(), {sex.data()});
        obs = observations::build(series.expanded(),
                                  h,
                                  periods,
                                  {column<std::int32_t>(std::move(ids)),
                                   column<std::int32_t>(std::move(unit)),
                                   column<std::int32_t>(std::move(per)),
                                   column<double>(std::move(value)),
                                   {}});
    }

    // (indicator code, sex or "") -> (value, n_reporting) of the province, 2024Q1.
    std::map<std::tuple<std::string, std::string>, std::pair<double, int>> province(
        const std::vector<std::string>& by) const {
        rollup_request req;
        req.levels = {"province"};
        req.kinds = {period_kind::quarter};
        const auto r = rollup(obs, h, series, by, req);
        std::map<std::tuple<std::string, std::string>, std::pair<double, int>> out;
        for(std::size_t k = 0; k < r.rows.size(); ++k) {
            const auto code =
                r.rows.indicator_codes[static_cast<std::size_t>(r.rows.indicator[k])];
            const auto option =
                by.empty() ? std::string()
                           : r.option_names[0][static_cast<std::size_t>(r.category[0][k])];
            out[{code, option}] = {r.rows.value[k], r.rows.n_reporting[k]};
        }
        return out;
    }
};

}  // namespace

TEST(series, interning_gives_one_id_per_indicator_and_options) {
    fixture f;
    EXPECT_EQ(f.series.size(), 4u);  // jobs f, jobs m, poor f, poor m
    const std::int32_t jobs = 0, female = f.series.options(0, {"f"})[0];
    const auto again = f.series.intern(&jobs, 1, {&female});
    EXPECT_EQ(f.series.code(again[0]), "jobs[f]");
    EXPECT_EQ(f.series.size(), 4u);
}

TEST(series, total_over_a_category_applies_time_rules_per_option) {
    const auto got = fixture().province({});
    // poor: C1 f last 8 + C1 m last 5 + C2 m 3; C1 counted once.
    EXPECT_EQ(got.at({"jobs", ""}), std::make_pair(7.0, 2));
    EXPECT_EQ(got.at({"poor", ""}), std::make_pair(16.0, 2));
    EXPECT_DOUBLE_EQ(got.at({"jobs_per_poor", ""}).first, 7.0 / 16.0 * 100);
}

TEST(series, kept_category_splits_rows_and_derived_indicators) {
    const auto got = fixture().province({"sex"});
    EXPECT_EQ(got.at({"jobs", "f"}), std::make_pair(5.0, 2));
    EXPECT_EQ(got.at({"jobs", "m"}), std::make_pair(2.0, 1));
    EXPECT_EQ(got.at({"poor", "f"}), std::make_pair(8.0, 1));
    EXPECT_EQ(got.at({"poor", "m"}), std::make_pair(8.0, 2));
    EXPECT_DOUBLE_EQ(got.at({"jobs_per_poor", "m"}).first, 2.0 / 8.0 * 100);
    EXPECT_EQ(got.size(), 6u);
}

TEST(series, unknown_category_and_other_observations_are_refused) {
    fixture f;
    EXPECT_THROW(f.province({"age"}), unknown_code);
    series_index other(f.cat, {"sex"});
    rollup_request req;
    req.levels = {"province"};
    req.kinds = {period_kind::year};
    EXPECT_THROW(rollup(f.obs, f.h, other, {}, req), input_error);
}

TEST(series, a_partial_state_finishes_to_the_rollup_and_refuses_another_index) {
    fixture f;
    rollup_request req;
    req.levels = {"province"};
    req.kinds = {period_kind::quarter};
    const auto whole = rollup(f.obs, f.h, f.series, {"sex"}, req);
    const auto state = partial_rollup(f.obs, f.h, f.series, {"sex"}, req);
    const auto merged = finish(merge(state, rollup_state{}), f.series, {"sex"});
    EXPECT_EQ(merged.rows.indicator, whole.rows.indicator);
    EXPECT_EQ(merged.rows.value, whole.rows.value);
    EXPECT_EQ(merged.category, whole.category);
    EXPECT_EQ(merged.rows.indicator_codes, whole.rows.indicator_codes);
    // Options interned in another order: the same codes name other series.
    series_index other(f.cat, {"sex"});
    other.options(0, {"m", "f"});
    const std::int32_t jobs = 0, poor = 1, male = 0, female = 1;
    other.intern(&jobs, 1, {&male});
    other.intern(&jobs, 1, {&female});
    other.intern(&poor, 1, {&male});
    other.intern(&poor, 1, {&female});
    EXPECT_THROW(finish(state, other, {"sex"}), input_error);
}
