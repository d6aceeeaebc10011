// The rows of a rollup result with their codes and periods resolved: a view over
// the result's columns, nothing copied.
//
//   for(const auto& row : result.rows())
//       std::cout << row.indicator << " " << row.unit << " " << row.when << " "
//                 << row.value << "\n";
#pragma once

#include <chitieu/period.hpp>

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string_view>

namespace chitieu {

struct rollup_result;

/// One row of a rollup result. The codes view the result's tables: valid while
/// the result lives and is not changed.
struct rollup_row {
    std::string_view indicator;  ///< indicator code
    std::string_view unit;       ///< unit code, or the group's name
    std::string_view level;      ///< the unit's level name; "" for a group
    period when;                 ///< the target period
    double value = 0;
    /// The exact value in đồng of a money result that is whole đồng (sums,
    /// minima, maxima, last and first values; not means or ratios).
    std::optional<std::int64_t> money;
    /// Distinct units that reported, and the units expected (see rollup_result).
    std::int32_t n_reporting = 0, n_expected = 0;

    /// n_reporting / n_expected in percent; empty when no unit was expected.
    std::optional<double> coverage_pct() const {
        if(n_expected <= 0) return std::nullopt;
        return 100.0 * n_reporting / n_expected;
    }
};

/// The rows of a rollup_result, in its order; from result.rows().
class rollup_rows {
public:
    explicit rollup_rows(const rollup_result& result) noexcept : result_(&result) {}

    /// Yields rollup_row values (an input iterator: `const auto&` and `auto`
    /// both work in a range for).
    class iterator {
    public:
        using iterator_category = std::input_iterator_tag;
        using value_type = rollup_row;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = rollup_row;

        iterator() = default;
        rollup_row operator*() const { return rollup_rows(*result_).at(i_); }
        iterator& operator++() {
            ++i_;
            return *this;
        }
        iterator operator++(int) {
            auto before = *this;
            ++i_;
            return before;
        }
        friend bool operator==(const iterator& a, const iterator& b) noexcept {
            return a.i_ == b.i_;
        }
        friend bool operator!=(const iterator& a, const iterator& b) noexcept {
            return a.i_ != b.i_;
        }

    private:
        friend class rollup_rows;
        iterator(const rollup_result* result, std::size_t i) : result_(result), i_(i) {}
        const rollup_result* result_ = nullptr;
        std::size_t i_ = 0;
    };

    /// Iterators point at the result, not at this view.
    iterator begin() const { return {result_, 0}; }
    iterator end() const { return {result_, size()}; }
    std::size_t size() const noexcept;
    bool empty() const noexcept { return size() == 0; }
    /// Row i; throws std::out_of_range past the end.
    rollup_row at(std::size_t i) const;
    rollup_row operator[](std::size_t i) const { return at(i); }

private:
    const rollup_result* result_;
};

}  // namespace chitieu
