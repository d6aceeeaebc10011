// Crosswalks between two versions of a hierarchy (e.g. Vietnam before and after
// the July 2025 reform): each old unit maps to one or more new units with
// weights summing to 1 (a split), and several old units may map to one new
// unit (a merge). Applying one re-expresses old data on the new structure.
#pragma once

#include <chitieu/hierarchy.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace chitieu {

/// How values combine across units when re-expressed: `sum` values are additive
/// (split by weight; money split exactly, largest remainder first); the others
/// are carried whole to every new unit, and old units merging into one new unit
/// combine by weighted mean, min or max.
enum class crosswalk_rule : std::uint8_t { sum, mean, min, max };

/// Rows re-expressed on the new hierarchy: one per (key, new unit), sorted.
template <class T>
struct crosswalk_rows {
    std::vector<std::int64_t> key;
    std::vector<std::int32_t> unit;  ///< id in the new hierarchy
    std::vector<T> value;
    std::vector<std::int32_t>
        split_units;  ///< old unit ids split among several new ones
};

class crosswalk {
public:
    /// From (old code, new code, weight) rows. Throws unknown_code for codes
    /// missing from either hierarchy and input_error for weights that are not
    /// positive or whose sum per old unit is not 1 within 1e-9 (naming the codes).
    static crosswalk build(const hierarchy& from, const hierarchy& to,
                           const std::vector<std::string>& old_codes,
                           const std::vector<std::string>& new_codes,
                           const std::vector<double>& weights);

    /// Re-express rows (an opaque grouping key, an old unit id, a value). Every
    /// old unit must have an entry (input_error naming those without one).
    /// Money sums that overflow int64 throw overflow_error.
    crosswalk_rows<double> apply(const std::vector<std::int64_t>& keys,
                                 const std::vector<std::int32_t>& old_units,
                                 const std::vector<double>& values,
                                 crosswalk_rule rule) const;
    crosswalk_rows<std::int64_t> apply(const std::vector<std::int64_t>& keys,
                                       const std::vector<std::int32_t>& old_units,
                                       const std::vector<std::int64_t>& values,
                                       crosswalk_rule rule) const;

    std::vector<std::int32_t> split_units()
        const;  ///< old ids with more than one target
    std::vector<std::int32_t> merged_units()
        const;  ///< new ids with more than one source
    std::size_t n_old() const noexcept {
        return offsets_.empty() ? 0 : offsets_.size() - 1;
    }

    struct target {
        std::int32_t unit;
        double weight;
    };
    /// The targets of an old unit id (empty when it has no entry).
    std::vector<target> targets(std::int32_t old_unit) const;

private:
    std::vector<std::size_t> offsets_;  // CSR over old unit ids
    std::vector<target> targets_;
    std::size_t n_new_ = 0;
    std::vector<std::string> old_codes_;  // for messages
};

}  // namespace chitieu
