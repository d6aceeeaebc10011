// The exception types chitieu throws. Each derives from a standard exception so
// that callers can catch broadly, and pybind11 maps them to Python exceptions:
// input_error and overflow_error -> ValueError, unknown_code -> KeyError.
#pragma once

#include <cstddef>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace chitieu {

/// Malformed input: a bad period identifier, mismatched array lengths, a NaN
/// value without a policy, a cycle in a hierarchy. The message names the culprit.
class input_error : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

/// A code (unit, indicator, period) that is not known where it was looked up.
class unknown_code : public std::out_of_range {
public:
    using std::out_of_range::out_of_range;
};

/// An exact integer (money) sum that would not fit in int64.
class overflow_error : public std::range_error {
public:
    using std::range_error::range_error;
};

namespace detail {

/// "what: a, b, c (and 12 more)" -- at most `shown` items, then a count, so a
/// message stays readable when thousands of rows are bad.
template <class Range>
std::string list_culprits(const std::string& what, const Range& items,
                          std::size_t shown = 10) {
    std::ostringstream os;
    os << what << ": ";
    std::size_t n = 0;
    for(const auto& item : items) {
        if(n < shown) os << (n ? ", " : "") << item;
        ++n;
    }
    if(n > shown) os << " (and " << (n - shown) << " more; " << n << " in all)";
    return os.str();
}

}  // namespace detail
}  // namespace chitieu
