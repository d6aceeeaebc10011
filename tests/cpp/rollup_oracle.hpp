// The rollup tests' oracle: plain maps and loops, per unit over time, then over
// the units each target holds, then derived indicators from their parts.
// Included by rollup_test.cpp only (inside its anonymous namespace).
#pragma once

struct row {
    std::int32_t ind, unit, per;
    double real;
    std::int64_t money;
};

struct dataset {
    period_index periods;
    std::vector<row> rows;
};

// Unique (indicator, unit, period) rows; communes report months, D4 reports
// quarters for stocks and levels (mixed period types), D1 sometimes directly.
struct expected_cell {
    double value = 0;
    long double whole = 0;
    bool exact = false;
    int n_rep = 0, n_exp = 0;
};
using key =
    std::tuple<std::int32_t, std::string, std::string>;  // indicator, unit, period

int depth(const hierarchy& h, std::int32_t u) {
    return h.level(u);
}

bool under(const hierarchy& h, std::int32_t u, std::int32_t t) {
    for(; u >= 0; u = h.parent(u))
        if(u == t) return true;
    return false;
}

// A target: its code and which units it holds.
struct target {
    std::string code;
    std::vector<std::int32_t> members;  // a unit counts if it is or lies under one
};

std::vector<target> level_targets(const hierarchy& h, const std::string& level) {
    std::vector<target> out;
    for(const auto t : h.units_at_level(h.level_index(level)))
        out.push_back({h.code(t), {t}});
    return out;
}

std::map<key, expected_cell> oracle(const dataset& d, const hierarchy& h,
                                    const catalog& c,
                                    const std::vector<target>& targets,
                                    const std::vector<period>& outs) {
    std::map<key, expected_cell> out;
    const auto holds = [&](const target& t, std::int32_t u) {
        return std::any_of(t.members.begin(), t.members.end(), [&](std::int32_t m) {
            return under(h, u, m);
        });
    };
    for(std::int32_t i = 0; i < static_cast<std::int32_t>(c.size()); ++i) {
        const auto& ind = c[i];
        if(ind.derived()) continue;
        const bool money = ind.type == value_type::money;
        for(const auto& t : targets)
            for(const auto& o : outs) {
                // unit -> rows in time order (ties keep row order)
                std::map<std::int32_t, std::vector<std::size_t>> by_unit;
                for(std::size_t r = 0; r < d.rows.size(); ++r) {
                    const auto& x = d.rows[r];
                    const auto& p = d.periods.at(x.per);
                    if(x.ind == i && holds(t, x.unit) && o.first() <= p.first() &&
                       p.last() <= o.last())
                        by_unit[x.unit].push_back(r);
                }
                if(by_unit.empty()) continue;
                std::vector<long double> per_unit;
                int deepest = -1;
                for(auto& [u, rs] : by_unit) {
                    std::stable_sort(
                        rs.begin(), rs.end(), [&](std::size_t a, std::size_t b) {
                            const auto& pa = d.periods.at(d.rows[a].per);
                            const auto& pb = d.periods.at(d.rows[b].per);
                            return std::make_pair(pa.last(), pa.first()) <
                                   std::make_pair(pb.last(), pb.first());
                        });
                    std::vector<long double> v;
                    for(const auto r : rs)
                        v.push_back(money ? static_cast<long double>(d.rows[r].money)
                                          : d.rows[r].real);
                    if(v.empty()) continue;
                    long double agg = 0;
                    switch(ind.time) {
                        case time_rule::sum:
                            for(auto x : v) agg += x;
                            break;
                        case time_rule::mean:
                            for(auto x : v) agg += x;
                            agg /= v.size();
                            break;
                        case time_rule::last:
                            agg = v.back();
                            break;
                        case time_rule::first:
                            agg = v.front();
                            break;
                        case time_rule::min:
                            agg = *std::min_element(v.begin(), v.end());
                            break;
                        case time_rule::max:
                            agg = *std::max_element(v.begin(), v.end());
                            break;
                    }
                    per_unit.push_back(agg);
                    deepest = std::max(deepest, depth(h, u));
                }
                expected_cell e;
                switch(ind.space) {
                    case space_rule::sum:
                        for(auto x : per_unit) e.whole += x;
                        break;
                    case space_rule::mean:
                        for(auto x : per_unit) e.whole += x;
                        e.whole /= per_unit.size();
                        break;
                    case space_rule::min:
                        e.whole = *std::min_element(per_unit.begin(), per_unit.end());
                        break;
                    case space_rule::max:
                        e.whole = *std::max_element(per_unit.begin(), per_unit.end());
                        break;
                }
                e.value = static_cast<double>(e.whole);
                e.exact = money && ind.time != time_rule::mean &&
                          ind.space != space_rule::mean;
                for(const auto& [u, rs] : by_unit) e.n_rep += depth(h, u) == deepest;
                for(std::size_t u = 0; u < h.size(); ++u)
                    e.n_exp += h.level(static_cast<std::int32_t>(u)) == deepest &&
                               holds(t, static_cast<std::int32_t>(u));
                out[{i, t.code, o.to_string()}] = e;
            }
    }
    for(const auto id : c.evaluation_order()) {
        const auto& ind = c[id];
        std::map<std::pair<std::string, std::string>, std::vector<const expected_cell*>>
            parts;
        for(const auto p : c.parts(id))
            for(const auto& [k, v] : out)
                if(std::get<0>(k) == p)
                    parts[{std::get<1>(k), std::get<2>(k)}].push_back(&v);
        for(const auto& [where, ps] : parts) {
            if(ps.size() != c.parts(id).size()) continue;
            // parts were pushed in catalog order of the part ids; restore formula order
            std::vector<const expected_cell*> ordered;
            for(const auto p : c.parts(id))
                ordered.push_back(&out.at({p, where.first, where.second}));
            expected_cell e;
            e.n_rep = std::numeric_limits<int>::max();
            for(const auto* p : ordered) {
                e.n_rep = std::min(e.n_rep, p->n_rep);
                e.n_exp = std::max(e.n_exp, p->n_exp);
            }
            if(ind.formula == formula_kind::ratio) {
                e.value = ordered[1]->value == 0
                              ? std::nan("")
                              : ordered[0]->value / ordered[1]->value * ind.factor;
            } else {
                e.exact = std::all_of(
                    ordered.begin(), ordered.end(), [](auto* p) { return p->exact; });
                for(std::size_t k = 0; k < ordered.size(); ++k)
                    e.whole += (ind.formula == formula_kind::difference && k ? -1 : 1) *
                               ordered[k]->whole;
                e.value = static_cast<double>(e.whole);
            }
            out[{id, where.first, where.second}] = e;
        }
    }
    return out;
}

std::map<key, std::size_t> index_rows(const rollup_result& r, int level) {
    std::map<key, std::size_t> out;
    for(std::size_t i = 0; i < r.size(); ++i) {
        if(r.unit_levels[static_cast<std::size_t>(r.unit[i])] != level) continue;
        out[{r.indicator[i],
             r.unit_codes[static_cast<std::size_t>(r.unit[i])],
             r.periods[static_cast<std::size_t>(r.bucket[i])].to_string()}] = i;
    }
    return out;
}

void expect_matches(const rollup_result& r, const std::map<key, expected_cell>& want,
                    int level, const std::vector<period>& outs, std::uint64_t seed) {
    std::set<std::string> names;
    for(const auto& o : outs) names.insert(o.to_string());
    auto got = index_rows(r, level);
    for(auto it = got.begin(); it != got.end();)
        it = names.count(std::get<2>(it->first)) ? std::next(it) : got.erase(it);
    ASSERT_EQ(got.size(), want.size()) << "seed " << seed;
    for(const auto& [k, e] : want) {
        const auto it = got.find(k);
        ASSERT_NE(it, got.end()) << "seed " << seed << " missing " << std::get<0>(k)
                                 << " " << std::get<1>(k) << " " << std::get<2>(k);
        const auto i = it->second;
        const auto where = "seed " + std::to_string(seed) + " indicator " +
                           std::to_string(std::get<0>(k)) + " " + std::get<1>(k) + " " +
                           std::get<2>(k);
        // no money column at all when no row is exact, else one entry a row
        ASSERT_TRUE(r.exact.empty() || r.exact.size() == r.size());
        ASSERT_EQ(r.money.size(), r.exact.size());
        EXPECT_EQ(!r.exact.empty() && r.exact[i], e.exact) << where;
        if(e.exact) {
            EXPECT_EQ(static_cast<long double>(r.money[i]), e.whole) << where;
        }
        if(std::isnan(e.value)) {
            EXPECT_TRUE(std::isnan(r.value[i])) << where;
        } else {
            EXPECT_NEAR(r.value[i], e.value, 1e-12 * std::max(1.0, std::abs(e.value)))
                << where;
        }
        EXPECT_EQ(r.n_reporting[i], e.n_rep) << where;
        EXPECT_EQ(r.n_expected[i], e.n_exp) << where;
    }
}

std::vector<period> quarters_and_year() {
    return {period::parse("2024Q1"),
            period::parse("2024Q2"),
            period::parse("2024Q3"),
            period::parse("2024Q4"),
            period::parse("2024")};
}
