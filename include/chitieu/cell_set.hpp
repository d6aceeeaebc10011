// The set of (indicator, unit, period) cells a block of observations holds, so
// that blocks rolled up apart -- record batches of a Parquet dataset, partitions
// of a Dask DataFrame on other machines -- can still refuse a cell reported in
// two blocks. Within one block observations::build finds duplicates itself; a
// cell_set carries what it saw to the merge, where the blocks meet.
//
// A cell is a number: ((period slot * indicators) + indicator) * units + unit,
// with the ids of the shared catalog and hierarchy and the period as a value
// (its kind and its ordinal since 1900), never a block's own period ids. The
// numbers are held as a compressed bitmap in 2^16-bit chunks, each a sorted
// array of 16-bit offsets while sparse and a plain bitmap once dense: about one
// bit per cell for the dense data of monthly commune reports (12.5 MB per 10^8
// cells), never more than two bytes per cell. Sets merge exactly and
// associatively (union), counting the cells that were in both.
#pragma once

#include <chitieu/hierarchy.hpp>
#include <chitieu/indicator.hpp>
#include <chitieu/observations.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace chitieu {

class cell_set {
public:
    /// How many duplicated cells a set keeps to name in a message.
    static constexpr std::size_t kept_examples = 10;

    cell_set() = default;

    /// The cells of `obs` that hold a reported value (NaN under the `skip`
    /// policy is not reported, as in observations::build). Throws input_error for
    /// a period before 1900 or a catalog and hierarchy too large to number.
    static cell_set of(const observations& obs);

    /// The union of both; cells present in both are counted as duplicates.
    /// Throws input_error for sets of different catalog or hierarchy sizes.
    friend cell_set merge(const cell_set& a, const cell_set& b);
    /// merge() in place: `*this` becomes the union, in time and memory of the
    /// order of `other` -- what a running total over many blocks needs.
    void absorb(const cell_set& other);

    std::uint64_t size() const;
    /// Cells seen in more than one block (counted once per extra block).
    std::uint64_t duplicate_count() const { return duplicates_; }
    /// Bytes held by the chunks.
    std::size_t memory_bytes() const;

    /// Throws input_error naming the duplicated cells by their codes and periods,
    /// if any; `where` says what the blocks were ("partitions", "record batches").
    void require_no_duplicates(const hierarchy& units, const catalog& indicators,
                               std::string_view where) const;

    /// A self-contained byte string, for pickling between processes.
    std::string to_bytes() const;
    /// Throws input_error for bytes that are not a cell set of this version
    /// (wrong magic, a length the bytes do not hold, malformed chunks).
    static cell_set from_bytes(std::string_view bytes);

    /// One chunk: 2^16 cells, as sorted offsets or as a 1024-word bitmap.
    struct chunk {
        std::vector<std::uint16_t> offsets;  // sorted, unique; empty when `bits` is used
        std::vector<std::uint64_t> bits;     // 1024 words, or empty
        std::uint32_t count = 0;
    };

private:
    std::uint64_t n_indicators_ = 0, n_units_ = 0;
    std::map<std::uint64_t, chunk> chunks_;  // key: cell >> 16
    std::uint64_t duplicates_ = 0;
    std::vector<std::uint64_t> examples_;  // sorted cells, at most kept_examples
};

cell_set merge(const cell_set& a, const cell_set& b);

}  // namespace chitieu
