#include <chitieu/disbursement_ledger.hpp>
#include <chitieu/error.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <map>
#include <random>
#include <tuple>
#include <vector>

using namespace chitieu;
namespace greg = boost::gregorian;

namespace {

std::int64_t days(int y, int m, int d) {
    return static_cast<std::int64_t>(period::day(y, m, d).first().day_number()) -
           static_cast<std::int64_t>(greg::date(1970, 1, 1).day_number());
}

// A ledger as owned columns, and its view.
struct ledger {
    std::vector<std::int32_t> unit, programme, source;
    std::vector<std::int64_t> day, amount, beneficiaries;
    std::vector<std::uint8_t> reversal;

    void add(std::int32_t u, std::int32_t p, std::int32_t s, std::int64_t d,
             std::int64_t a, std::int64_t b = 0, bool r = false) {
        unit.push_back(u);
        programme.push_back(p);
        source.push_back(s);
        day.push_back(d);
        amount.push_back(a);
        beneficiaries.push_back(b);
        reversal.push_back(r);
    }
    ledger_columns columns() const {
        return {unit.data(),
                programme.data(),
                source.data(),
                day.data(),
                amount.data(),
                beneficiaries.data(),
                reversal.data(),
                unit.size()};
    }
};

hierarchy small_tree() {
    // 1 -> 11 -> {111, 112}; 2 -> 21
    return hierarchy::build(
        {"province", "district", "commune"},
        {"1", "11", "111", "112", "2", "21"},
        {"", "", "", "", "", ""},
        {"province", "district", "commune", "commune", "province", "district"},
        {"", "1", "11", "11", "", "2"});
}

ledger_grain months_of_2020(std::vector<std::int32_t> unit_ids, int last_month) {
    ledger_grain g;
    g.unit_ids = std::move(unit_ids);
    g.n_programmes = 2;
    g.n_sources = 2;
    for(int m = 1; m <= last_month; ++m) g.buckets.push_back(period::month(2020, m));
    return g;
}

}  // namespace

TEST(Ledger, TotalsPerCellAgainstAPlainMap) {
    // Random payments on both sides of the buckets, every code, reversals; the
    // dense table and the sort (a grain too large for a table) must both agree
    // with a std::map.
    std::mt19937_64 rng(7);
    ledger l;
    for(int i = 0; i < 5000; ++i) {
        const bool rev = rng() % 20 == 0;
        l.add(static_cast<std::int32_t>(rng() % 4),
              static_cast<std::int32_t>(rng() % 2),
              static_cast<std::int32_t>(rng() % 2),
              days(2019, 12, 1) + static_cast<std::int64_t>(rng() % 400),
              (rev ? -1 : 1) *
                  static_cast<std::int64_t>(rng() % 100'000'000'000'000'000LL),
              static_cast<std::int64_t>(rng() % 50),
              rev);
    }
    using key = std::tuple<std::int32_t, std::int32_t, std::int32_t, std::int32_t>;
    std::map<key, std::tuple<std::int64_t, std::int64_t, std::int64_t, bool>> want;
    for(std::size_t i = 0; i < l.unit.size(); ++i) {
        const auto d = period::day(greg::date(1970, 1, 1) + greg::days(l.day[i]));
        if(d.first().year() != 2020 || d.first().month() > 9) continue;
        auto& w = want[{10 + l.unit[i],
                        l.programme[i],
                        l.source[i],
                        static_cast<std::int32_t>(d.first().month()) - 1}];
        std::get<0>(w) += l.amount[i];
        if(l.reversal[i]) std::get<1>(w) += l.amount[i];
        std::get<2>(w) += l.beneficiaries[i];
        std::get<3>(w) = std::get<3>(w) || l.reversal[i];
    }
    for(const bool large : {false, true}) {
        auto grain = months_of_2020({10, 11, 12, 13}, 9);
        if(large) {  // codes nobody uses make the cell space too large for a table
            grain.unit_ids.resize(200'000, 99);
            grain.n_programmes = 40;
        }
        const auto t = total_ledger(l.columns(), grain);
        ASSERT_EQ(t.size(), want.size());
        std::size_t k = 0;
        for(const auto& [cell, w] : want) {
            EXPECT_EQ(key(t.unit[k], t.programme[k], t.source[k], t.bucket[k]), cell);
            EXPECT_EQ(t.disbursed[k], std::get<0>(w));
            EXPECT_EQ(t.reversals[k], std::get<1>(w));
            EXPECT_EQ(t.beneficiaries[k], std::get<2>(w));
            EXPECT_EQ(t.has_reversals[k] != 0, std::get<3>(w));
            ++k;
        }
    }
}

TEST(Ledger, RefusesWhatItCannotTotal) {
    ledger l;
    l.add(0, 0, 0, days(2020, 1, 5), std::numeric_limits<std::int64_t>::max());
    l.add(0, 0, 0, days(2020, 1, 6), 1);
    EXPECT_THROW(total_ledger(l.columns(), months_of_2020({0}, 1)), overflow_error);
    ledger bad_code;
    bad_code.add(0, 5, 0, days(2020, 1, 5), 1);
    EXPECT_THROW(total_ledger(bad_code.columns(), months_of_2020({0}, 1)), input_error);
    ledger no_date;
    no_date.add(0, 0, 0, std::numeric_limits<std::int64_t>::min(), 1);
    EXPECT_THROW(total_ledger(no_date.columns(), months_of_2020({0}, 1)), input_error);
    auto overlapping = months_of_2020({0}, 2);
    overlapping.buckets.push_back(period::quarter(2020, 1));
    EXPECT_THROW(total_ledger(l.columns(), overlapping), input_error);
    // Outside every bucket: left out, whatever its amount.
    ledger later;
    later.add(0, 0, 0, days(2020, 3, 1), std::numeric_limits<std::int64_t>::max());
    later.add(0, 0, 0, days(2020, 3, 2), 1);
    EXPECT_EQ(total_ledger(later.columns(), months_of_2020({0}, 2)).size(), 0u);
}

TEST(Ledger, AllocatedAtTheUnitOrAnAncestor) {
    const auto h = small_tree();
    const auto id = [&](const char* code) { return h.id(code); };
    ledger_keys alloc{{id("11"), id("2")}, {0, 1}, {1, 0}};
    // Cells: under 11 with (0,1) yes; under 11 with (1,0) no; under 2 with
    // (1,0) yes; province 1 itself with (0,1) no (the allocation is below it).
    ledger_keys cells{{id("111"), id("112"), id("112"), id("21"), id("1")},
                      {0, 0, 1, 1, 0},
                      {1, 1, 0, 0, 1}};
    const auto got = allocated_at_or_above(h, alloc, cells);
    EXPECT_EQ(got, (std::vector<std::uint8_t>{1, 1, 0, 1, 0}));
}
