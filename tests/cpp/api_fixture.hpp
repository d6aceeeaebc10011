// Shared by the api_*_test.cpp files: a small hierarchy built from rows, a
// catalog with real, money and derived indicators, and a check that an
// exception of the right type names every culprit.
#pragma once

#include <chitieu/hierarchy.hpp>
#include <chitieu/indicator.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace api_test {

// P1: D1 (C1 C2 C3), D2 (C4); P2: D3 (C5 C6).
inline std::vector<chitieu::unit_row> unit_rows() {
    return {{"P1", "Province 1", "province", ""},
            {"P2", "Province 2", "province", ""},
            {"D1", "District 1", "district", "P1"},
            {"D2", "District 2", "district", "P1"},
            {"D3", "District 3", "district", "P2"},
            {"C1", "Commune 1", "commune", "D1"},
            {"C2", "Commune 2", "commune", "D1"},
            {"C3", "Commune 3", "commune", "D1"},
            {"C4", "Commune 4", "commune", "D2"},
            {"C5", "Commune 5", "commune", "D3"},
            {"C6", "Commune 6", "commune", "D3"}};
}

inline chitieu::catalog indicators() {
    using chitieu::indicator;
    return chitieu::catalog(
        {indicator::flow("jobs", "Jobs created", "người"),
         indicator::flow("paid", "Money paid", "VND", chitieu::value_type::money),
         indicator::stock("poor", "Poor households", "hộ"),
         indicator::ratio("jobs_per_poor", "jobs", "poor")});
}

// f() throws an E whose message holds every one of `needles`.
template <class E, class F>
void expect_thrown(F&& f, const std::vector<std::string>& needles) {
    try {
        f();
        ADD_FAILURE() << "nothing thrown";
    } catch(const E& e) {
        const std::string what = e.what();
        for(const auto& needle : needles)
            EXPECT_NE(what.find(needle), std::string::npos)
                << "'" << needle << "' not in: " << what;
    }
}

}  // namespace api_test
