#include "common/radix_sort.hpp"

#include "build_steps.hpp"

#include <algorithm>
#include <numeric>

namespace chitieu::detail {
namespace {

struct keyed_row {
    std::uint64_t key;
    std::uint64_t row;
};

// Rows that share their key with another row, sorted by (key, row): the rows
// whose key is among `repeated` (from the scan's bit set), or, without a bit
// set (`sorting`), found by sorting every row's key.
template <class V>
std::vector<keyed_row> duplicate_rows(const observation_columns<V>& c,
                                      const key_space& ks,
                                      const std::vector<std::uint64_t>& repeated,
                                      std::size_t words, bool sorting) {
    const std::size_t n = c.size();
    const int key_bits = bits_for(ks.total);
    std::vector<keyed_row> out;
    if(!sorting) {
        if(repeated.empty()) return out;
        std::vector<std::uint64_t> dup_bits(words, 0);
        for(const auto k : repeated) dup_bits[k >> 6] |= std::uint64_t{1} << (k & 63);
        for(std::size_t i = 0; i < n; ++i) {
            if(!finite(c.value[i])) continue;
            const auto k = ks(c, i);
            if((dup_bits[k >> 6] >> (k & 63)) & 1u) out.push_back({k, i});
        }
        radix_sort(out, key_bits, [](const keyed_row& r) { return r.key; });
        return out;
    }
    std::vector<keyed_row> all;
    all.reserve(n);
    for(std::size_t i = 0; i < n; ++i)
        if(finite(c.value[i])) all.push_back({ks(c, i), i});
    radix_sort(all, key_bits, [](const keyed_row& r) { return r.key; });
    for(std::size_t i = 0; i < all.size();) {
        std::size_t j = i + 1;
        while(j < all.size() && all[j].key == all[i].key) ++j;
        if(j - i > 1)
            out.insert(out.end(),
                       all.begin() + static_cast<std::ptrdiff_t>(i),
                       all.begin() + static_cast<std::ptrdiff_t>(j));
        i = j;
    }
    return out;
}

template <class V>
V add_checked(V a, V b, const std::string& where) {
    if constexpr(std::is_floating_point_v<V>)
        return a + b;
    else {
        V out;
        if(__builtin_add_overflow(a, b, &out))
            throw overflow_error("money sum of duplicates " + where +
                                 " overflows int64 (" + number(a) + " + " + number(b) +
                                 ")");
        return out;
    }
}

template <class V>
void resolve_duplicates(block<V>& blk, const std::vector<keyed_row>& dups,
                        duplicate_policy policy, const namer& name) {
    const auto& c = blk.cols;
    const auto codes = [&](std::size_t i) {
        return name(c.indicator[i], c.unit[i], c.period[i]);
    };
    if(policy == duplicate_policy::error) {
        // The first duplicate: the smallest row that repeats an earlier row's key.
        std::size_t best = 0, best_first = 0, groups = 0;
        bool found = false;
        for(std::size_t i = 0; i < dups.size();) {
            std::size_t j = i + 1;
            while(j < dups.size() && dups[j].key == dups[i].key) ++j;
            ++groups;
            if(!found || dups[i + 1].row < best) {
                best = dups[i + 1].row;
                best_first = dups[i].row;
                found = true;
            }
            i = j;
        }
        throw input_error(
            "duplicate observations " + codes(best) + " at rows " +
            std::to_string(blk.row(best_first)) + " and " +
            std::to_string(blk.row(best)) + "; " + std::to_string(groups) +
            " (indicator, unit, period) combinations have more than one row "
            "(duplicates='error'; choose 'last' or 'sum' to combine them)");
    }
    // One resolved row per group, written where the group's first row was.
    std::vector<std::pair<std::size_t, std::size_t>> keep;  // (first row, chosen row)
    std::vector<V> value_of_group;
    std::vector<std::int64_t> revision_of_group;
    std::vector<char> drop(c.size(), 0);
    const bool has_rev = !c.revision.empty();
    for(std::size_t i = 0; i < dups.size();) {
        std::size_t j = i + 1;
        while(j < dups.size() && dups[j].key == dups[i].key) ++j;
        std::size_t chosen = dups[i].row;
        V total = c.value[dups[i].row];
        std::int64_t rev = has_rev ? c.revision[dups[i].row] : 0;
        for(std::size_t k = i + 1; k < j; ++k) {
            const auto r = dups[k].row;
            drop[r] = 1;
            if(policy == duplicate_policy::sum)
                total = add_checked(total, c.value[r], codes(r));
            if(!has_rev || c.revision[r] >= c.revision[chosen]) chosen = r;
            if(has_rev) rev = std::max(rev, c.revision[r]);
        }
        keep.emplace_back(dups[i].row, chosen);
        value_of_group.push_back(policy == duplicate_policy::sum ? total
                                                                 : c.value[chosen]);
        revision_of_group.push_back(policy == duplicate_policy::sum ? rev
                                    : has_rev                       ? c.revision[chosen]
                                                                    : 0);
        i = j;
    }
    std::vector<std::size_t> order(keep.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return keep[a].first < keep[b].first;
    });
    std::vector<std::int32_t> ind, unit, per;
    std::vector<V> val;
    std::vector<std::int64_t> revs;
    std::vector<std::size_t> origin;
    std::size_t g = 0;
    for(std::size_t i = 0; i < c.size(); ++i) {
        if(drop[i]) continue;
        ind.push_back(c.indicator[i]);
        unit.push_back(c.unit[i]);
        per.push_back(c.period[i]);
        origin.push_back(blk.row(i));
        if(g < order.size() && keep[order[g]].first == i) {
            val.push_back(value_of_group[order[g]]);
            if(has_rev) revs.push_back(revision_of_group[order[g]]);
            ++g;
        } else {
            val.push_back(c.value[i]);
            if(has_rev) revs.push_back(c.revision[i]);
        }
    }
    blk.cols = {
        column<std::int32_t>(std::move(ind)),
        column<std::int32_t>(std::move(unit)),
        column<std::int32_t>(std::move(per)),
        column<V>(std::move(val)),
        has_rev ? column<std::int64_t>(std::move(revs)) : column<std::int64_t>()};
    blk.origin = std::move(origin);
}

}  // namespace

template <class V>
void combine_duplicates(block<V>& blk, const key_space& ks,
                        const std::vector<std::uint64_t>& repeated, std::size_t words,
                        bool sorting, duplicate_policy policy, const namer& name) {
    const auto dups = duplicate_rows(blk.cols, ks, repeated, words, sorting);
    if(!dups.empty()) resolve_duplicates(blk, dups, policy, name);
}

template void combine_duplicates(block<double>&, const key_space&,
                                 const std::vector<std::uint64_t>&, std::size_t, bool,
                                 duplicate_policy, const namer&);
template void combine_duplicates(block<std::int64_t>&, const key_space&,
                                 const std::vector<std::uint64_t>&, std::size_t, bool,
                                 duplicate_policy, const namer&);

}  // namespace chitieu::detail
