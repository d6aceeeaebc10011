// The payment ledger at the grain a disbursement needs.
//
// A ledger holds one row per payment (millions for a year of daily payments by
// every commune), but a disbursement reports totals by month and by year. So
// the ledger is totalled once, in one pass, per unit x programme x source x
// bucket (consecutive date ranges: the months of the fiscal year up to as_of,
// or one whole year); the rollup engine then takes these few cells to the
// requested level, groups and periods. Money stays exact int64 đồng (overflow
// is an error naming the row).
//
//   chitieu::ledger_grain grain;
//   grain.unit_ids = {vn.id("00001"), vn.id("00004")};  // unit code -> unit id
//   grain.n_programmes = 1; grain.n_sources = 1;
//   grain.buckets = {chitieu::period::month(2020, 1), chitieu::period::month(2020, 2)};
//   auto cells = chitieu::total_ledger(columns, grain);
#pragma once

#include <chitieu/hierarchy.hpp>
#include <chitieu/period.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace chitieu {

/// The ledger's columns, one entry per payment; views of the caller's memory.
struct ledger_columns {
    const std::int32_t* unit = nullptr;  ///< unit code, into ledger_grain::unit_ids
    const std::int32_t* programme = nullptr;  ///< programme code, 0 .. n_programmes-1
    const std::int32_t* source = nullptr;     ///< source code, 0 .. n_sources-1
    const std::int64_t* day = nullptr;        ///< days since 1970-01-01
    const std::int64_t* amount = nullptr;     ///< đồng; negative for reversals
    const std::int64_t* beneficiaries = nullptr;  ///< may be null (none counted)
    const std::uint8_t* reversal = nullptr;       ///< may be null (no reversals)
    std::size_t size = 0;
};

/// What the codes mean and how finely to total.
struct ledger_grain {
    std::vector<std::int32_t> unit_ids;  ///< hierarchy id of each unit code
    std::int32_t n_programmes = 0, n_sources = 0;
    /// Disjoint date ranges in ascending order; payments outside all of them
    /// are left out (they belong to another fiscal year or come after as_of).
    std::vector<period> buckets;
};

/// One row per unit x programme x source x bucket that holds a payment,
/// ordered by (unit code, programme, source, bucket).
struct ledger_totals {
    std::vector<std::int32_t> unit;  ///< hierarchy id
    std::vector<std::int32_t> programme, source, bucket;
    std::vector<std::int64_t> disbursed;      ///< every payment, reversals included
    std::vector<std::int64_t> reversals;      ///< the reversals alone
    std::vector<std::int64_t> beneficiaries;  ///< beneficiaries paid
    std::vector<std::uint8_t> has_reversals;  ///< whether a reversal was among them

    std::size_t size() const noexcept { return unit.size(); }
};

/// Totals of the ledger per cell, in one pass. Throws input_error for a code
/// out of range or a payment without a date (naming the row), overflow_error
/// for a total beyond int64.
ledger_totals total_ledger(const ledger_columns& rows, const ledger_grain& grain);

/// (unit id, programme code, source code) of allocations or ledger cells.
struct ledger_keys {
    std::vector<std::int32_t> unit, programme, source;
};

/// For each of `cells`, whether one of `allocations` has its programme and
/// source at its unit or at one of the unit's ancestors (a payment without such
/// an allocation is "unallocated": reported, never dropped).
std::vector<std::uint8_t> allocated_at_or_above(const hierarchy& units,
                                                const ledger_keys& allocations,
                                                const ledger_keys& cells);

}  // namespace chitieu
