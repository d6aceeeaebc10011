#include <chitieu/version.hpp>

#include <gtest/gtest.h>

#include <string>

TEST(Version, MatchesComponents) {
    const std::string expected = std::to_string(CHITIEU_VERSION_MAJOR) + "." +
                                 std::to_string(CHITIEU_VERSION_MINOR) + "." +
                                 std::to_string(CHITIEU_VERSION_PATCH);
    EXPECT_EQ(expected, chitieu::version);
}

TEST(Version, LibraryMatchesHeaders) {
    EXPECT_EQ(std::string(chitieu::library_version()), chitieu::version);
}
