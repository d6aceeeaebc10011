// Observations from codes: what a tool has in hand (indicator and unit codes,
// periods, values) appended a row at a time or from a CSV file, then built into
// `observations` with every check and policy of observations::build.
//
//   chitieu::observations_builder rows(indicators, vietnam);
//   rows.add("jobs_created", "00004", chitieu::period::month(2024, 1), 12);
//   rows.add("jobs_created", "00007", "2024Q1", 7.5);   // text parsed once
//   rows.add_csv("reports.csv");                         // indicator,unit,period,value
//   chitieu::observations obs = rows.build();            // checks, duplicate policy
#pragma once

#include <chitieu/error.hpp>
#include <chitieu/hierarchy.hpp>
#include <chitieu/indicator.hpp>
#include <chitieu/observations.hpp>
#include <chitieu/period.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

namespace chitieu {

/// A value as reported: a float64 or an exact integer. Implicit from either kind
/// of number, so add(..., 12) and add(..., 12.5) both read naturally; an integer
/// (money in đồng) is kept as int64 and never passes through a double.
class reported_value {
    // A bool or a character is no reported number ('7' is 55): refused at
    // compile time rather than converted.
    template <class T>
    static constexpr bool is_not_a_number_v =
        std::is_same_v<T, bool> || std::is_same_v<T, char> ||
        std::is_same_v<T, wchar_t> || std::is_same_v<T, char16_t> ||
        std::is_same_v<T, char32_t>;

public:
    constexpr reported_value() noexcept = default;
    constexpr reported_value(double v) noexcept : real_(v) {}  // NOLINT: implicit
    template <class T, std::enable_if_t<is_not_a_number_v<T>, int> = 0>
    reported_value(T) = delete;
    template <class I,
              std::enable_if_t<std::is_integral_v<I> && !is_not_a_number_v<I>, int> = 0>
    constexpr reported_value(I v)  // NOLINT: implicit by design
        : integer_(static_cast<std::int64_t>(v)), is_integer_(true) {
        if constexpr(std::is_unsigned_v<I> && sizeof(I) >= sizeof(std::int64_t))
            if(v > static_cast<I>(std::numeric_limits<std::int64_t>::max()))
                throw input_error("value " + std::to_string(v) +
                                  " is beyond int64, the range of exact values");
    }

    bool is_integer() const noexcept { return is_integer_; }
    /// The float64 given; meaningful when !is_integer().
    double real() const noexcept { return real_; }
    /// The integer given; meaningful when is_integer().
    std::int64_t integer() const noexcept { return integer_; }

private:
    double real_ = 0;
    std::int64_t integer_ = 0;
    bool is_integer_ = false;
};

/// One observation by its codes: a row of a file or a form. Plain data, so a
/// C++17 brace list builds it: {"jobs_created", "00004", period::month(2024, 1), 12}.
struct observation_record {
    std::string indicator;  ///< indicator code
    std::string unit;       ///< unit code
    period when;
    reported_value value;
    std::int64_t revision = 0;  ///< duplicate_policy::last keeps the highest
};

/// The columns add_csv reads, by header name; other columns are ignored. An
/// empty `revision` means the file has none.
struct observation_csv_columns {
    std::string indicator = "indicator";
    std::string unit = "unit";
    std::string period = "period";
    std::string value = "value";
    std::string revision;
};

class observations_builder {
public:
    /// Codes are looked up in `indicators` and `units`, which must outlive the
    /// builder (it keeps references; temporaries are refused at compile time).
    observations_builder(const catalog& indicators, const hierarchy& units);
    observations_builder(catalog&&, const hierarchy&) = delete;
    observations_builder(const catalog&, hierarchy&&) = delete;
    observations_builder(catalog&&, hierarchy&&) = delete;

    /// Append one row. Throws unknown_code naming the row (0-based, in the order
    /// added) and an unknown indicator or unit code; input_error for a derived
    /// indicator (computed from its parts, never observed), a money value that is
    /// not a whole number of đồng, or an integer of a real indicator beyond 2^53
    /// (not exact in float64). Nothing is appended when it throws.
    observations_builder& add(std::string_view indicator, std::string_view unit,
                              const period& when, reported_value value,
                              std::int64_t revision = 0);
    /// The same with the period as text (an identifier such as "2024Q1" or a
    /// Vietnamese phrase), parsed once per distinct text; input_error naming the
    /// row and the text if it is no period.
    observations_builder& add(std::string_view indicator, std::string_view unit,
                              std::string_view when, reported_value value,
                              std::int64_t revision = 0);
    observations_builder& add(const observation_record& row) {
        return add(row.indicator, row.unit, row.when, row.value, row.revision);
    }
    /// Every record of [first, last) (a vector, an array, any range of
    /// observation_record); stops at the first bad one, keeping those before it.
    template <class Iterator>
    observations_builder& add(Iterator first, Iterator last) {
        for(; first != last; ++first) add(*first);
        return *this;
    }

    /// Append the rows of a CSV file with a header (RFC 4180 quoting, UTF-8).
    /// Values are plain numbers (1234, -0.5, 1e6; money as whole đồng); a blank,
    /// a non-finite value, grouped digits ("1.250": 1250 or 1.25?) and every
    /// other text are refused. Errors name the file, line, column and value.
    /// All rows or none are appended.
    observations_builder& add_csv(const std::string& path,
                                  const observation_csv_columns& columns = {});
    /// The same from CSV text; `source` names it in messages ("upload.csv").
    observations_builder& add_csv_text(std::string text, const std::string& source,
                                       const observation_csv_columns& columns = {});

    std::size_t size() const noexcept { return indicator_.size(); }
    void reserve(std::size_t rows);
    /// The periods met so far, interned in order of first appearance.
    const period_index& periods() const noexcept { return periods_; }

    /// observations::build over the rows added so far: the same checks,
    /// duplicate policy, NaN policy and cumulative conversion; its errors name
    /// rows by the order they were added. The builder keeps its rows. Rows of
    /// money and real indicators together cross as one float64 column (exact
    /// below 2^53 đồng); a money value beyond it among real rows that are not
    /// whole numbers is refused naming it.
    observations build(const observation_options& options = {}) const;

private:
    // A value as stored: the slot its indicator's value type reads.
    struct stored_value {
        double real = 0;
        std::int64_t money = 0;
    };
    // Code lookups; each throws unknown_code / input_error (a derived
    // indicator) with `where` ("row 3") in front of the reason.
    std::int32_t indicator_id(std::string_view code, const std::string& where) const;
    std::int32_t unit_id(std::string_view code, const std::string& where) const;
    // The value as the indicator keeps it; an empty string if it fits, else why not.
    std::string store(std::int32_t indicator, reported_value value,
                      stored_value& out) const;
    struct checked_row {
        std::int32_t indicator, unit;
        stored_value value;
    };
    // The codes and value of the next row of add(), or what is wrong with them.
    checked_row check(std::string_view indicator, std::string_view unit,
                      reported_value value) const;
    std::int32_t period_id(std::string_view text);
    void push(std::int32_t indicator, std::int32_t unit, std::int32_t period,
              stored_value value, std::int64_t revision);
    // Drop rows from `rows` on and periods from `periods` on (add_csv's undo).
    void truncate(std::size_t rows, std::size_t periods);

    const catalog* indicators_;
    const hierarchy* units_;
    period_index periods_;
    std::unordered_map<std::string, std::int32_t> period_text_ids_;
    std::vector<std::int32_t> indicator_, unit_, period_;
    // One slot per row in each; the indicator's value type says which is used.
    std::vector<double> real_;
    std::vector<std::int64_t> money_;
    std::vector<std::int64_t> revision_;
    std::size_t money_rows_ = 0;
    bool has_revision_ = false;
};

}  // namespace chitieu
