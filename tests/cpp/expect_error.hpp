// expect_error<E>(f, needles): f() throws an E whose message holds every one of
// `needles` (chitieu's messages name the culprit). Shared by the C++ tests.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

template <class E, class F>
void expect_error(F&& f, const std::vector<std::string>& needles) {
    try {
        f();
        ADD_FAILURE() << "no exception";
    } catch(const E& e) {
        const std::string what = e.what();
        for(const auto& n : needles)
            EXPECT_NE(what.find(n), std::string::npos)
                << "'" << n << "' not in: " << what;
    }
}
