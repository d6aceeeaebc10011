// Small fixtures shared by the observations tests: a province with two
// districts, a catalog with a money and a derived indicator, the months of 2024
// and 2024Q1, and column views over vectors a test keeps alive.
#pragma once

#include <chitieu/hierarchy.hpp>
#include <chitieu/indicator.hpp>
#include <chitieu/observations.hpp>
#include <chitieu/period.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace chitieu::test {

inline hierarchy small_hierarchy() {
    return hierarchy::build({"province", "district"},
                            {"P1", "D1", "D2"},
                            {"Province 1", "District 1", "District 2"},
                            {"province", "district", "district"},
                            {"", "P1", "P1"});
}

inline catalog small_catalog() {
    return catalog({indicator::flow("jobs"),
                    indicator::flow("paid", "", "VND", value_type::money),
                    indicator::stock("poor"),
                    indicator::ratio("rate", "poor", "jobs")});
}

inline period_index months_2024() {
    period_index idx;
    for(int m = 1; m <= 12; ++m)
        idx.intern(
            period::parse("2024" + std::string(m < 10 ? "0" : "") + std::to_string(m)));
    idx.intern(period::parse("2024Q1"));
    return idx;
}

// Column views over vectors the test keeps alive.
template <class V>
observation_columns<V> view(const std::vector<std::int32_t>& ind,
                            const std::vector<std::int32_t>& unit,
                            const std::vector<std::int32_t>& per,
                            const std::vector<V>& val,
                            const std::vector<std::int64_t>& rev = {}) {
    return {{ind.data(), ind.size()},
            {unit.data(), unit.size()},
            {per.data(), per.size()},
            {val.data(), val.size()},
            {rev.data(), rev.size()}};
}

}  // namespace chitieu::test
