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

// P1: D1 (C1 C2 C3), D2 (C4); P2: D3 (C5 C6). Rows in that order: provinces,
// districts, communes.
inline std::vector<chitieu::unit_row> unit_rows() {
    std::vector<chitieu::unit_row> rows;
    const auto add =
        [&](const char* level, const std::string& code, const std::string& parent) {
            rows.push_back({code, std::string(level) + " " + code, level, parent});
        };
    for(const auto* p : {"P1", "P2"}) add("province", p, "");
    for(const auto* d : {"D1P1", "D2P1", "D3P2"}) add("district", {d, 2}, d + 2);
    for(const auto* c : {"C1D1", "C2D1", "C3D1", "C4D2", "C5D3", "C6D3"})
        add("commune", {c, 2}, c + 2);
    return rows;
}

inline chitieu::catalog indicators() {
    using chitieu::indicator;
    return chitieu::catalog(
        {indicator::flow("jobs", "Jobs created", "người"),
         indicator::flow("paid", "Money paid", "VND", chitieu::value_type::money),
         indicator::stock("poor", "Poor households", "hộ"),
         indicator::ratio("jobs_per_poor", "jobs", "poor")});
}

// The units and indicators most tests use.
struct fixture {
    chitieu::hierarchy units = chitieu::hierarchy::build(unit_rows());
    chitieu::catalog cat = indicators();
};

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
