// Indicators and the catalog that holds them.
//
// An indicator says how its values combine: across time (a month's values into a
// quarter) and across org units (communes into a province). The two rules are
// separate because they differ in practice: households in poverty are summed over
// communes but not over months (the last value of the quarter counts). Derived
// indicators (ratios, differences, sums of indicators) are computed from their
// aggregated parts, so a rate is always a ratio of sums, never a mean of rates.
#pragma once

#include <chitieu/error.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace chitieu {

/// How the values of one unit combine across the periods inside a target period.
enum class time_rule : std::uint8_t { sum, last, first, mean, min, max };

/// How the per-unit values combine across the units inside a target unit.
enum class space_rule : std::uint8_t { sum, mean, min, max };

/// `money` values are exact int64 đồng (sums are checked for overflow, never
/// rounded); `real` values are float64.
enum class value_type : std::uint8_t { real, money };

enum class direction : std::uint8_t { higher_is_better, lower_is_better };

/// A derived indicator's formula; `none` for an indicator with its own data.
enum class formula_kind : std::uint8_t { none, ratio, difference, sum };

std::string_view to_string(time_rule);
std::string_view to_string(space_rule);
std::string_view to_string(value_type);
std::string_view to_string(direction);
std::string_view to_string(formula_kind);

/// Parse the names written by to_string; throw input_error naming the text.
time_rule parse_time_rule(std::string_view);
space_rule parse_space_rule(std::string_view);
value_type parse_value_type(std::string_view);
/// Also accepts "higher" and "lower".
direction parse_direction(std::string_view);

/// One indicator. Plain data: build it with a preset, or set the fields.
struct indicator {
    std::string code;
    std::string name;
    std::string unit;  ///< unit of measure: "người", "hộ", "VND", "%"
    value_type type = value_type::real;
    direction better = direction::higher_is_better;
    time_rule time = time_rule::sum;
    space_rule space = space_rule::sum;
    /// Values are year-to-date totals ("lũy kế"); observations convert them to
    /// per-period flows.
    bool cumulative = false;
    formula_kind formula = formula_kind::none;
    std::vector<std::string> parts;  ///< codes of a derived indicator's parts
    double factor = 100;             ///< a ratio's multiplier

    bool derived() const { return formula != formula_kind::none; }
    /// sum over time and over units: the rollup's fast path.
    bool is_flow() const {
        return !derived() && time == time_rule::sum && space == space_rule::sum;
    }
    /// "ratio(poor_households, households, 100)"; empty for a base indicator.
    std::string formula_string() const;

    /// The preset matching (time, space), if any: "flow", "stock", ...
    std::optional<std::string_view> preset() const;

    /// sum over time, sum over units (DHIS2 SUM): jobs created, money paid.
    static indicator flow(std::string code, std::string name = {},
                          std::string unit = {}, value_type type = value_type::real);
    /// last over time, sum over units (DHIS2 LAST / LAST_SUM_ORG_UNIT): poor
    /// households at period end.
    static indicator stock(std::string code, std::string name = {},
                           std::string unit = {}, value_type type = value_type::real);
    /// mean over time, sum over units (DHIS2 AVERAGE_SUM_ORG_UNIT): average
    /// monthly caseload.
    static indicator stock_average(std::string code, std::string name = {},
                                   std::string unit = {},
                                   value_type type = value_type::real);
    /// mean over time and units (DHIS2 AVERAGE): a price level, a score.
    static indicator level(std::string code, std::string name = {},
                           std::string unit = {}, value_type type = value_type::real);
    /// max over time and units (DHIS2 MAX).
    static indicator max(std::string code, std::string name = {}, std::string unit = {},
                         value_type type = value_type::real);
    /// min over time and units (DHIS2 MIN).
    static indicator min(std::string code, std::string name = {}, std::string unit = {},
                         value_type type = value_type::real);
    /// One of the presets above by name; throws input_error for another name.
    static indicator from_preset(std::string_view preset, std::string code,
                                 std::string name = {}, std::string unit = {},
                                 value_type type = value_type::real);

    /// numerator / denominator x factor, computed from the aggregated parts.
    static indicator ratio(std::string code, std::string numerator,
                           std::string denominator, double factor = 100,
                           std::string name = {}, std::string unit = {});
    /// a - b of the aggregated parts.
    static indicator difference(std::string code, std::string a, std::string b,
                                std::string name = {}, std::string unit = {});
    /// The sum of two or more aggregated parts.
    static indicator sum(std::string code, std::vector<std::string> parts,
                         std::string name = {}, std::string unit = {});
    /// A derived indicator from "ratio(a, b, 100)", "ratio(a, b)",
    /// "difference(a, b)" or "sum(a, b, c)"; throws input_error naming the text.
    static indicator from_formula(std::string code, std::string_view formula,
                                  std::string name = {}, std::string unit = {});
};

/// The indicators of a project, interned to dense ids 0..size()-1 in the order
/// added. Always consistent: every derived indicator's parts are in the catalog
/// and there are no cycles, because add() checks before it changes anything.
class catalog {
public:
    catalog() = default;
    /// All of them, in order; parts may refer forward. Throws like add().
    explicit catalog(std::vector<indicator> indicators);

    /// Add one indicator; throws input_error for a duplicate or empty code or a
    /// derived indicator whose parts are not in the catalog.
    std::int32_t add(indicator ind);
    /// Add several at once (all or nothing); parts may refer to indicators of the
    /// same batch in any order. Throws input_error naming duplicate codes, missing
    /// parts, or the indicators on a cycle.
    void add(std::vector<indicator> indicators);

    std::size_t size() const { return items_.size(); }
    bool empty() const { return items_.empty(); }
    /// The id of a code; throws unknown_code naming it.
    std::int32_t id(std::string_view code) const;
    std::optional<std::int32_t> find(std::string_view code) const;
    /// Throws unknown_code for an id out of range.
    const indicator& at(std::int32_t id) const;
    const indicator& operator[](std::int32_t id) const {
        return items_[static_cast<std::size_t>(id)];
    }
    /// Ids of a derived indicator's parts, in formula order (empty for a base one).
    const std::vector<std::int32_t>& parts(std::int32_t id) const;
    /// Every derived indicator, each after all of its parts.
    const std::vector<std::int32_t>& evaluation_order() const { return order_; }
    /// `ids` and, transitively, the parts they need; ascending, no repeats.
    std::vector<std::int32_t> closure(const std::vector<std::int32_t>& ids) const;
    /// A hash of every indicator's code, value type, rules, cumulative flag
    /// and formula (not names, units or directions): observations remember
    /// the fingerprint of the catalog they were built with.
    std::uint64_t fingerprint() const;

    /// From a table of strings: a `code` column and any of name, unit,
    /// value_type, direction, preset, time_rule, space_rule, formula, cumulative.
    /// Each row needs a preset, both rules, or a formula. Errors name the row
    /// (1-based, not counting the header) and the code.
    static catalog from_table(const std::vector<std::string>& columns,
                              const std::vector<std::vector<std::string>>& rows);
    /// The same table from a CSV file, read by the one C++ CSV reader (RFC 4180
    /// quoting; ragged rows and invalid UTF-8 refused naming the row).
    static catalog from_csv(const std::string& path);

private:
    std::vector<indicator> items_;
    std::vector<std::vector<std::int32_t>> parts_;
    std::vector<std::int32_t> order_;
    std::unordered_map<std::string, std::int32_t> ids_;
};

}  // namespace chitieu
