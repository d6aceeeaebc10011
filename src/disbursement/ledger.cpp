// The payment ledger (disbursement_ledger.hpp) totalled per unit x programme x source x
// bucket, in one pass (dense accumulators over the cell space, or a sort when that
// space is large), and the cells that have an allocation at or above their unit.
#include <chitieu/disbursement_ledger.hpp>
#include <chitieu/error.hpp>

#include <algorithm>
#include <limits>
#include <numeric>
#include <string>
#include <unordered_set>

namespace greg = boost::gregorian;

namespace chitieu {
namespace {

constexpr std::int64_t no_bucket = -1;
constexpr std::uint64_t no_cell = std::numeric_limits<std::uint64_t>::max();
// A dense table of up to this many cells, or of one cell per payment at most
// (as much memory as the ledger itself); a sort beyond.
constexpr std::uint64_t dense_limit = std::uint64_t{1} << 20;

std::string row_text(std::size_t i) {
    return "payments row " + std::to_string(i);
}

// Day number -> bucket index over the span of the buckets.
class bucket_table {
public:
    explicit bucket_table(const std::vector<period>& buckets) {
        if(buckets.empty()) return;
        first_ = days(buckets.front().first());
        const auto last = days(buckets.back().last());
        if(last - first_ > 366 * 200)
            throw input_error("ledger buckets span more than 200 years");
        of_.assign(static_cast<std::size_t>(last - first_ + 1), no_bucket);
        std::int64_t previous_last = first_ - 1;
        for(std::size_t b = 0; b < buckets.size(); ++b) {
            const auto lo = days(buckets[b].first()), hi = days(buckets[b].last());
            if(lo <= previous_last)
                throw input_error("ledger buckets must be disjoint and ascending: " +
                                  buckets[b].to_string());
            std::fill(of_.begin() + (lo - first_),
                      of_.begin() + (hi - first_ + 1),
                      static_cast<std::int64_t>(b));
            previous_last = hi;
        }
    }
    std::int64_t operator()(std::int64_t day) const {
        const auto k = day - first_;
        return k >= 0 && k < static_cast<std::int64_t>(of_.size())
                   ? of_[static_cast<std::size_t>(k)]
                   : no_bucket;
    }

private:
    static std::int64_t days(greg::date d) {
        return static_cast<std::int64_t>(d.day_number()) -
               static_cast<std::int64_t>(greg::date(1970, 1, 1).day_number());
    }
    std::int64_t first_ = 0;
    std::vector<std::int64_t> of_;
};

// Cells are numbered (unit, programme, source) x bucket; `within` numbers the
// first three.
struct cell_space {
    std::uint64_t units, programmes, sources, buckets;
    std::uint64_t keys() const { return units * programmes * sources; }
    std::uint64_t within(const ledger_columns& rows, std::size_t i) const {
        return (static_cast<std::uint64_t>(rows.unit[i]) * programmes +
                static_cast<std::uint64_t>(rows.programme[i])) *
                   sources +
               static_cast<std::uint64_t>(rows.source[i]);
    }
};

// The bucket of payment `i` (no_bucket: outside them all), its codes checked.
std::int64_t locate(const ledger_columns& rows, std::size_t i,
                    const bucket_table& bucket_of, const cell_space& space) {
    if(rows.day[i] == std::numeric_limits<std::int64_t>::min())
        throw input_error(row_text(i) + " has no date");
    const auto b = bucket_of(rows.day[i]);
    if(b == no_bucket) return b;
    const auto bad = [&](const char* what, std::int32_t code, std::uint64_t n) {
        if(code < 0 || static_cast<std::uint64_t>(code) >= n)
            throw input_error(row_text(i) + ": " + what + " code " +
                              std::to_string(code) + " is outside 0-" +
                              std::to_string(n) +
                              " (codes changed after they were made?)");
    };
    bad("unit", rows.unit[i], space.units);
    bad("programme", rows.programme[i], space.programmes);
    bad("source", rows.source[i], space.sources);
    return b;
}

// Running totals of one cell.
struct cell_sums {
    std::int64_t disbursed = 0, reversals = 0, beneficiaries = 0;
    bool paid = false, reversed = false;

    /// Adds payment `i`; false when a total would leave the int64 range.
    bool add(const ledger_columns& rows, std::size_t i) {
        const bool reversal = rows.reversal && rows.reversal[i];
        const auto amount = rows.amount[i];
        const auto people = rows.beneficiaries ? rows.beneficiaries[i] : 0;
        paid = true;
        reversed |= reversal;
        return !(__builtin_add_overflow(disbursed, amount, &disbursed) ||
                 (reversal && __builtin_add_overflow(reversals, amount, &reversals)) ||
                 __builtin_add_overflow(beneficiaries, people, &beneficiaries));
    }
};

[[noreturn]] void overflow(std::size_t i, const period& bucket) {
    throw overflow_error(row_text(i) +
                         ": the total of its unit, programme and source in " +
                         bucket.to_string() + " exceeds the int64 range");
}

class emitter {
public:
    emitter(ledger_totals& out, const ledger_grain& grain, const cell_space& space)
        : out_(out), grain_(grain), space_(space) {}
    void operator()(std::uint64_t within, std::uint64_t b, const cell_sums& c) {
        const auto s = within % space_.sources;
        const auto p = within / space_.sources % space_.programmes;
        const auto u = within / space_.sources / space_.programmes;
        const auto id = grain_.unit_ids[u];
        if(id < 0)
            throw input_error("ledger unit code " + std::to_string(u) +
                              " has no unit in the hierarchy");
        out_.unit.push_back(id);
        out_.programme.push_back(static_cast<std::int32_t>(p));
        out_.source.push_back(static_cast<std::int32_t>(s));
        out_.bucket.push_back(static_cast<std::int32_t>(b));
        out_.disbursed.push_back(c.disbursed);
        out_.reversals.push_back(c.reversals);
        out_.beneficiaries.push_back(c.beneficiaries);
        out_.has_reversals.push_back(c.reversed);
    }

private:
    ledger_totals& out_;
    const ledger_grain& grain_;
    const cell_space& space_;
};

// A table per bucket: payments come roughly by date, so one bucket's table is
// the working set at a time.
void total_dense(const ledger_columns& rows, const ledger_grain& grain,
                 const cell_space& space, const bucket_table& bucket_of,
                 emitter& emit) {
    const auto keys = space.keys();
    std::vector<cell_sums> table(keys * space.buckets);
    // Rows a block at a time: every cell of the block is located and fetched
    // before the first is added to, so the cache misses overlap.
    constexpr std::size_t block = 64;
    std::uint64_t cell[block];
    for(std::size_t start = 0; start < rows.size; start += block) {
        const auto n = std::min(block, rows.size - start);
        for(std::size_t j = 0; j < n; ++j) {
            const auto b = locate(rows, start + j, bucket_of, space);
            cell[j] = b == no_bucket ? no_cell
                                     : static_cast<std::uint64_t>(b) * keys +
                                           space.within(rows, start + j);
            if(cell[j] != no_cell) __builtin_prefetch(&table[cell[j]], 1);
        }
        for(std::size_t j = 0; j < n; ++j)
            if(cell[j] != no_cell && !table[cell[j]].add(rows, start + j))
                overflow(start + j, grain.buckets[cell[j] / keys]);
    }
    for(std::uint64_t k = 0; k < keys; ++k)
        for(std::uint64_t b = 0; b < space.buckets; ++b)
            if(table[b * keys + k].paid) emit(k, b, table[b * keys + k]);
}

// The rows in key order (a stable sort of their indices), then one run per cell.
void total_sorted(const ledger_columns& rows, const ledger_grain& grain,
                  const cell_space& space, const bucket_table& bucket_of,
                  emitter& emit) {
    std::vector<std::pair<std::uint64_t, std::size_t>> keyed;
    for(std::size_t i = 0; i < rows.size; ++i) {
        const auto b = locate(rows, i, bucket_of, space);
        if(b != no_bucket)
            keyed.emplace_back(
                space.within(rows, i) * space.buckets + static_cast<std::uint64_t>(b),
                i);
    }
    std::sort(keyed.begin(), keyed.end());  // (key, row): row order within a cell
    for(std::size_t j = 0; j < keyed.size();) {
        cell_sums c;
        const auto key = keyed[j].first;
        for(; j < keyed.size() && keyed[j].first == key; ++j)
            if(!c.add(rows, keyed[j].second))
                overflow(keyed[j].second, grain.buckets[key % space.buckets]);
        emit(key / space.buckets, key % space.buckets, c);
    }
}

}  // namespace

ledger_totals total_ledger(const ledger_columns& rows, const ledger_grain& grain) {
    if(grain.n_programmes < 0 || grain.n_sources < 0)
        throw input_error("ledger grain: negative number of programmes or sources");
    const cell_space space{grain.unit_ids.size(),
                           static_cast<std::uint64_t>(grain.n_programmes),
                           static_cast<std::uint64_t>(grain.n_sources),
                           grain.buckets.size()};
    const long double cells = static_cast<long double>(space.units) *
                              static_cast<long double>(space.programmes) *
                              static_cast<long double>(space.sources) *
                              static_cast<long double>(space.buckets);
    if(cells >= static_cast<long double>(std::numeric_limits<std::uint64_t>::max()))
        throw input_error(
            "ledger grain: too many unit x programme x source x bucket "
            "cells to number");
    const bucket_table bucket_of(grain.buckets);
    ledger_totals out;
    emitter emit(out, grain, space);
    if(cells <=
       static_cast<long double>(std::max<std::uint64_t>(dense_limit, rows.size)))
        total_dense(rows, grain, space, bucket_of, emit);
    else
        total_sorted(rows, grain, space, bucket_of, emit);
    return out;
}

std::vector<std::uint8_t> allocated_at_or_above(const hierarchy& units,
                                                const ledger_keys& allocations,
                                                const ledger_keys& cells) {
    const auto pack = [](std::int32_t u, std::int32_t p, std::int32_t s) {
        // 31 bits of unit id, 16 of each code: codes beyond are never allocated.
        return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(u)) << 32) |
               (static_cast<std::uint64_t>(static_cast<std::uint16_t>(p)) << 16) |
               static_cast<std::uint64_t>(static_cast<std::uint16_t>(s));
    };
    const auto in_range = [](std::int32_t p, std::int32_t s) {
        return p >= 0 && s >= 0 && p <= 0xffff && s <= 0xffff;
    };
    std::unordered_set<std::uint64_t> have;
    for(std::size_t i = 0; i < allocations.unit.size(); ++i)
        if(in_range(allocations.programme[i], allocations.source[i]))
            have.insert(pack(
                allocations.unit[i], allocations.programme[i], allocations.source[i]));
    const auto n = cells.unit.size();
    std::vector<std::uint8_t> out(n);
    for(std::size_t i = 0; i < n; ++i) {
        const auto p = cells.programme[i], s = cells.source[i];
        if(i > 0 && cells.unit[i] == cells.unit[i - 1] && p == cells.programme[i - 1] &&
           s == cells.source[i - 1]) {
            out[i] = out[i - 1];  // cells come ordered: one walk per key
            continue;
        }
        bool found = false;
        for(auto u = cells.unit[i]; u >= 0 && !found && in_range(p, s);
            u = units.parent(u))
            found = have.count(pack(u, p, s)) > 0;
        out[i] = found;
    }
    return out;
}

}  // namespace chitieu
