// Crosswalks between two versions of a hierarchy (e.g. Vietnam before and after
// the July 2025 reform): each old unit maps to one or more new units with
// weights summing to 1 (a split), and several old units may map to one new
// unit (a merge). Applying one re-expresses old data on the new structure.
//
// A split may come without shares (the official 2024 -> 2025 table says only
// "part of the commune went here"). Such a crosswalk refuses to split additive
// values until the caller resolves it: with their own weights (population,
// households) or a named fallback (equal shares, all to the largest
// recipient). Every value resting on a resolved split is reported as estimated.
#pragma once

#include <chitieu/hierarchy.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace chitieu {

/// How values combine across units when re-expressed: `sum` values are additive
/// (split by weight; money split exactly, largest remainder first); the others
/// are carried whole to every new unit, and old units merging into one new unit
/// combine by weighted mean, min or max.
enum class crosswalk_rule : std::uint8_t { sum, mean, min, max };

/// How a split without shares is resolved when the caller gives no weights:
/// `equal` shares among the recipients, or all of it to the `largest`
/// recipient (the one formed from the most old units; ties: the lowest code).
enum class split_fallback : std::uint8_t { none, equal, largest };

/// Rows re-expressed on the new hierarchy: one per (key, new unit), sorted.
template <class T>
struct crosswalk_rows {
    std::vector<std::int64_t> key;
    std::vector<std::int32_t> unit;  ///< id in the new hierarchy
    std::vector<T> value;
    /// The part of `value` that comes from splits with estimated shares (user
    /// weights or a fallback), and its share of the value (0 when none; 1 when
    /// the value is 0 but estimated parts cancel out).
    std::vector<T> estimated;
    std::vector<double> estimated_share;
    std::vector<std::int32_t>
        split_units;  ///< old unit ids split among several new ones
};

class crosswalk {
public:
    /// From (old code, new code, weight) rows. A NaN weight means "share not
    /// known"; an old unit's weights are either all known (non-negative, sum 1
    /// within 1e-9) or all unknown. Throws unknown_code for codes missing from
    /// either hierarchy and input_error naming the codes for anything else.
    static crosswalk build(const hierarchy& from, const hierarchy& to,
                           const std::vector<std::string>& old_codes,
                           const std::vector<std::string>& new_codes,
                           const std::vector<double>& weights);

    /// A copy whose splits without shares take the given weights (any positive
    /// scale, e.g. households; normalised per old unit) and, where none are
    /// given, the fallback. Weights must name pairs of this crosswalk whose
    /// shares are unknown (input_error naming the others). The resolved units
    /// are marked estimated.
    crosswalk resolved(const std::vector<std::string>& old_codes,
                       const std::vector<std::string>& new_codes,
                       const std::vector<double>& weights,
                       split_fallback fallback) const;

    /// Re-express rows (an opaque grouping key, an old unit id, a value). Every
    /// old unit must have an entry (input_error naming those without one); a
    /// `sum` or `mean` over a split without shares throws input_error listing
    /// the first such units and the ways to resolve them. Money sums that
    /// overflow int64 throw overflow_error.
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
    /// Old ids split without known shares (before resolution).
    std::vector<std::int32_t> unknown_share_units() const;
    /// Old ids whose shares were estimated by resolved().
    std::vector<std::int32_t> estimated_units() const;
    std::size_t n_old() const noexcept {
        return offsets_.empty() ? 0 : offsets_.size() - 1;
    }
    std::size_t n_new() const noexcept { return new_codes_.size(); }

    struct target {
        std::int32_t unit;
        double weight;  ///< NaN when the share is not known
    };
    /// The targets of an old unit id (empty when it has no entry).
    std::vector<target> targets(std::int32_t old_unit) const;
    /// The same without a copy: [first, last) into the crosswalk (unchecked id).
    std::pair<const target*, const target*> target_range(std::int32_t old_unit) const {
        const auto u = static_cast<std::size_t>(old_unit);
        return {targets_.data() + offsets_[u], targets_.data() + offsets_[u + 1]};
    }
    /// Whether old unit `u` is split without known shares / with estimated ones.
    bool unknown_shares(std::int32_t u) const {
        return unknown_[static_cast<std::size_t>(u)] != 0;
    }
    bool estimated(std::int32_t u) const {
        return estimated_[static_cast<std::size_t>(u)] != 0;
    }
    const std::string& old_code(std::int32_t u) const {
        return old_codes_[static_cast<std::size_t>(u)];
    }
    const std::string& new_code(std::int32_t v) const {
        return new_codes_[static_cast<std::size_t>(v)];
    }
    /// Why old units have no entry, for the message that refuses their rows
    /// (e.g. "not in the official conversion table"); empty by default.
    void set_unmapped_reason(std::string reason) { unmapped_reason_ = std::move(reason); }
    const std::string& unmapped_reason() const noexcept { return unmapped_reason_; }

private:
    std::vector<std::size_t> offsets_;  // CSR over old unit ids
    std::vector<target> targets_;
    std::vector<char> unknown_, estimated_;  // per old unit id
    std::vector<std::string> old_codes_, new_codes_;  // for messages
    std::string unmapped_reason_;
};

}  // namespace chitieu
