// What a rollup request resolves to, independent of the data: the slots
// (indicators and their rules), the domain and reporting units with their
// targets, and the requested period sets. Shared by every state of one request;
// two states merge only if their plans are equal.
#pragma once

#include <chitieu/indicator.hpp>
#include <chitieu/period.hpp>

#include "rollup/time_fields.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace chitieu {
class hierarchy;
class observations;
struct rollup_request;
}  // namespace chitieu

namespace chitieu::detail {

struct slot_info {
    std::int32_t id = -1;  ///< catalog id
    std::string code;
    value_type type = value_type::real;
    time_rule time = time_rule::sum;
    space_rule space = space_rule::sum;
    formula_kind formula = formula_kind::none;
    std::vector<std::int32_t> parts;  ///< slot indices
    double factor = 100;
    bool reported = false;     ///< asked for (not only a part of one)
    std::int32_t dense = -1;   ///< index among the dense (flow) slots of its type
    std::int32_t sparse = -1;  ///< index among the sparse slots of its type
    /// Series totalled into this slot keep their own time states: sparse
    /// indices sparse .. sparse + sparse_count - 1 (see series.hpp).
    std::int32_t sparse_count = 1;
};

/// One requested level (or the explicit target units).
struct target_set {
    std::vector<std::int32_t> targets;   ///< hierarchy ids
    std::vector<std::string> codes;      ///< of the targets
    std::vector<std::int32_t> levels;    ///< of the targets
    std::vector<std::int32_t> start;     ///< CSR over domain units: doms + 1 offsets
    std::vector<std::int32_t> members;   ///< target indices, by domain unit
    std::vector<std::int32_t> expected;  ///< [target * levels + level]: units under it
};

/// One requested period type (all of its periods, within `periods` if any), or
/// explicit target periods of one type.
struct time_set {
    bool by_kind = true;
    period_kind kind = period_kind::year;
    std::vector<period> periods;
};

struct rollup_plan {
    std::size_t n_units = 0;
    std::vector<std::string> level_names;
    std::vector<slot_info> slots;
    std::vector<std::int32_t> evaluation;  ///< derived slots, parts first
    std::size_t dense_slots[2] = {0, 0};   ///< by value type: real, money
    std::size_t sparse_slots[2] = {0, 0};
    std::vector<std::int32_t> unit_dom, unit_ru;  ///< per hierarchy unit, -1 outside
    std::vector<std::int32_t> ru_unit, ru_dom, ru_level;  ///< per reporting unit
    std::size_t doms = 0;
    std::vector<target_set> target_sets;
    std::vector<time_set> time_sets;
    bool has_fine_kind = false;
    period_kind fine_kind = period_kind::day;
    std::vector<period> scope;  ///< rows outside all of these are left out; empty: none
    /// Explicit target periods that do not overlap, by first day (empty when
    /// the targets are period types or overlap): each is the one fine bucket of
    /// the periods it contains, so a pass into "January to August" of two years
    /// keeps two buckets, not sixteen months.
    std::vector<period> disjoint_targets;
    /// The one of disjoint_targets that contains `p`, or null.
    const period* disjoint_target_of(const period& p) const;
    std::size_t memory_limit = 0;
    /// Observations of series (series.hpp): per observed series id, its slot
    /// and its own sparse index (-1: none). Empty: rows carry catalog ids.
    std::vector<std::int32_t> series_slot, series_sparse;

    /// Indicator ids past this are refused when reading bytes (a result
    /// allocates a code per id up to the largest).
    static constexpr std::int32_t max_slot_id = 1 << 20;

    /// The parts of a time state (time_fields bits) the sparse slots of one
    /// value type read: the rollup keeps only those.
    unsigned time_fields(value_type type) const {
        unsigned fields = 0;
        for(const auto& s : slots)
            if(s.type == type && s.sparse >= 0) fields |= fields_of(s.time);
        return fields;
    }

    std::string serialize() const;
    /// Throws input_error for bytes that are not a serialized plan, or whose
    /// indices do not hold together (validate()).
    static rollup_plan deserialize(std::string_view bytes);
    /// Throws input_error unless every index finish() follows is in range.
    void validate() const;
};

/// Throws input_error naming both fingerprints unless `obs` was built with
/// this hierarchy and catalog (same codes, order, parents, levels and rules).
void check_built_with(const observations& obs, const hierarchy& h, const catalog& cat);

/// Resolve a request against a hierarchy and catalog. Throws unknown_code for
/// unknown levels, units or groups; input_error for an empty target set or a
/// request without targets.
std::shared_ptr<const rollup_plan> make_plan(const hierarchy& h, const catalog& cat,
                                             const rollup_request& req);

}  // namespace chitieu::detail
