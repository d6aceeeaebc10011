// What the observations build does after its scan (observation_scan.hpp), one
// step a file: the rows in blocks by value type, duplicates combined
// (duplicates.cpp), year-to-date values turned into flows (cumulative.cpp).
#pragma once

#include <chitieu/detail/message.hpp>
#include <chitieu/observations.hpp>

#include "observation_scan.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace chitieu::detail {

/// Names rows by their codes for error messages.
struct namer {
    const catalog& cat;
    const hierarchy& units;
    const period_index& periods;

    std::string operator()(std::int32_t ind, std::int32_t unit,
                           std::int32_t per) const {
        return "(indicator '" + cat[ind].code + "', unit '" + units.code(unit) +
               "', period '" + periods.at(per).to_string() + "')";
    }
};

/// A block under construction: its columns and, when rows were moved between
/// blocks, the input row each came from (for the error messages of the steps up
/// to combining duplicates, which renumbers the rows and drops it).
template <class V>
struct block {
    observation_columns<V> cols;
    std::vector<std::size_t> origin;
    std::size_t row(std::size_t i) const { return origin.empty() ? i : origin[i]; }
};

template <class V>
bool finite(V v) {
    if constexpr(std::is_floating_point_v<V>)
        return std::isfinite(v);
    else
        return true;
}

/// Combines the block's rows that share (indicator, unit, period) by `policy`
/// (or refuses them under duplicate_policy::error). `repeated` are the keys the
/// scan marked twice in its bit set of `words` words; without a bit set
/// (`sorting`) every row's key is sorted to find them.
template <class V>
void combine_duplicates(block<V>& blk, const key_space& ks,
                        const std::vector<std::uint64_t>& repeated, std::size_t words,
                        bool sorting, duplicate_policy policy, const namer& name);

/// Year-to-date totals -> per-period flows for the indicators marked in
/// `cumulative` (per catalog id), per (indicator, unit) in period order.
template <class V>
void convert_cumulative(block<V>& blk, const std::vector<char>& cumulative,
                        gap_policy gaps, const period_index& periods,
                        const namer& name);

}  // namespace chitieu::detail
