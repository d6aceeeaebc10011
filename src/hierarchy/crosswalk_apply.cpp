// crosswalk::apply: re-express rows on the new hierarchy. Each row becomes one
// part per target (split exactly for money), then the parts are sorted by
// (key, new unit) and combined by the rule.
#include <chitieu/crosswalk.hpp>

#include "common/radix_sort.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <type_traits>

namespace chitieu {

namespace {

template <class T>
void add_checked(T& acc, T v) {
    if constexpr(std::is_same_v<T, std::int64_t>) {
        if(__builtin_add_overflow(acc, v, &acc))
            throw overflow_error("crosswalk sum exceeds int64 (adding " +
                                 std::to_string(v) + ")");
    } else {
        acc += v;
    }
}

// Exact split of an integer by weights: floors first, then the remaining units
// to the largest fractional parts, so the parts always add up to the whole.
void split_exactly(std::int64_t v, const std::vector<double>& w,
                   std::vector<std::int64_t>& parts,
                   std::vector<std::pair<long double, std::size_t>>& frac) {
    const bool negative = v < 0;
    const long double whole =
        negative ? -static_cast<long double>(v) : static_cast<long double>(v);
    parts.assign(w.size(), 0);
    frac.assign(w.size(), {0.0L, 0});
    long double given = 0;
    for(std::size_t k = 0; k < w.size(); ++k) {
        const long double exact = whole * static_cast<long double>(w[k]);
        const long double fl = std::floor(exact);
        parts[k] = static_cast<std::int64_t>(fl);
        given += fl;
        frac[k] = {exact - fl, k};
    }
    auto rest = static_cast<std::int64_t>(whole - given);
    std::stable_sort(frac.begin(), frac.end(), [](const auto& a, const auto& b) {
        return a.first > b.first;
    });
    for(std::size_t k = 0; rest > 0; k = (k + 1) % frac.size(), --rest)
        ++parts[frac[k].second];
    if(negative)
        for(auto& p : parts) p = -p;
}

template <class T>
struct part {
    std::int64_t key;
    std::int32_t unit;
    T value;
    double weight;
    bool estimated;
};

// The message that refuses a split without shares: the first units, each with
// its recipients, and the ways out.
std::string refuse_unknown_shares(const crosswalk& cw, const std::vector<char>& hit) {
    std::vector<std::string> items;
    for(std::size_t u = 0; u < hit.size(); ++u) {
        if(!hit[u]) continue;
        std::string text = "'" + cw.old_code(static_cast<std::int32_t>(u)) + "' -> ";
        const auto ts = cw.targets(static_cast<std::int32_t>(u));
        for(std::size_t k = 0; k < ts.size(); ++k)
            text += (k ? "/'" : "'") + cw.new_code(ts[k].unit) + "'";
        items.push_back(text);
    }
    return detail::list_culprits(
               "the data have values on units split among several new units without "
               "official shares, so an additive value cannot be divided yet",
               items, 5) +
           ". Choose how to split them: weights (a frame of old, new, weight, e.g. "
           "population or households), split=\"equal\" (equal shares), or "
           "split=\"largest\" (all to the recipient formed from the most old units); "
           "every figure resting on such a split is then marked estimated";
}

// Parts in (key, new unit) order: a radix sort on key x n_new + unit when the
// keys are small non-negative integers (factorized keys), else a comparison sort.
template <class T>
void sort_parts(std::vector<part<T>>& parts, std::size_t n_new) {
    std::int64_t lo = 0, hi = 0;
    for(const auto& p : parts) lo = std::min(lo, p.key), hi = std::max(hi, p.key);
    const int bits = detail::bits_for(static_cast<std::uint64_t>(hi) + 1) +
                     detail::bits_for(std::max<std::size_t>(n_new, 1));
    if(lo >= 0 && bits <= 48) {
        const auto n = static_cast<std::uint64_t>(std::max<std::size_t>(n_new, 1));
        detail::radix_sort(parts, bits, [n](const part<T>& p) {
            return static_cast<std::uint64_t>(p.key) * n + static_cast<std::uint64_t>(p.unit);
        });
        return;
    }
    std::sort(parts.begin(), parts.end(), [](const part<T>& a, const part<T>& b) {
        return a.key != b.key ? a.key < b.key : a.unit < b.unit;
    });
}

template <class T>
crosswalk_rows<T> combine(std::vector<part<T>>& parts, crosswalk_rule rule) {
    crosswalk_rows<T> out;
    for(std::size_t i = 0; i < parts.size();) {
        auto j = i;
        T sum{}, est{}, lo = parts[i].value, hi = parts[i].value;
        double weighted = 0, weight = 0;
        bool any_estimated = false;
        for(; j < parts.size() && parts[j].key == parts[i].key &&
              parts[j].unit == parts[i].unit;
            ++j) {
            const auto& p = parts[j];
            add_checked(sum, p.value);
            if(p.estimated) add_checked(est, p.value), any_estimated = true;
            weighted += static_cast<double>(p.value) * p.weight;
            weight += p.weight;
            lo = std::min(lo, p.value);
            hi = std::max(hi, p.value);
        }
        T value = sum;
        if(rule == crosswalk_rule::min) value = lo;
        if(rule == crosswalk_rule::max) value = hi;
        if(rule == crosswalk_rule::mean) {
            if constexpr(std::is_same_v<T, std::int64_t>)
                throw input_error(
                    "a mean cannot stay exact money: re-express it as float values");
            else  // equal parts keep their value exactly (no rounding through weights)
                value = lo == hi ? lo : weight > 0 ? weighted / weight : std::nan("");
        }
        if(rule != crosswalk_rule::sum && any_estimated) est = value;
        out.key.push_back(parts[i].key);
        out.unit.push_back(parts[i].unit);
        out.value.push_back(value);
        out.estimated.push_back(est);
        out.estimated_share.push_back(
            !any_estimated ? 0.0
            : value != T{} ? static_cast<double>(est) / static_cast<double>(value)
                           : 1.0);
        i = j;
    }
    return out;
}

template <class T>
crosswalk_rows<T> apply_impl(const crosswalk& cw, const std::vector<std::int64_t>& keys,
                             const std::vector<std::int32_t>& old_units,
                             const std::vector<T>& values, crosswalk_rule rule) {
    if(keys.size() != old_units.size() || values.size() != old_units.size())
        throw input_error(
            "crosswalk input columns differ in length: " + std::to_string(keys.size()) +
            " keys, " + std::to_string(old_units.size()) + " units, " +
            std::to_string(values.size()) + " values");
    const bool weighs = rule == crosswalk_rule::sum || rule == crosswalk_rule::mean;
    std::vector<char> unmapped(cw.n_old(), 0), no_shares(cw.n_old(), 0),
        split_seen(cw.n_old(), 0);
    std::vector<part<T>> parts;
    parts.reserve(old_units.size());
    std::vector<double> weights;
    std::vector<T> shares;
    std::vector<std::int64_t> money_parts;
    std::vector<std::pair<long double, std::size_t>> frac;
    for(std::size_t i = 0; i < old_units.size(); ++i) {
        const auto u = old_units[i];
        if(u < 0 || static_cast<std::size_t>(u) >= cw.n_old())
            throw input_error("row " + std::to_string(i) + ": old unit id " +
                              std::to_string(u) + " is outside the old hierarchy");
        const auto su = static_cast<std::size_t>(u);
        const auto [first, last] = cw.target_range(u);
        const auto n_targets = static_cast<std::size_t>(last - first);
        const auto* ts = first;
        if(n_targets == 0) unmapped[su] = 1;
        if(n_targets > 1) split_seen[su] = 1;
        if(weighs && cw.unknown_shares(u)) no_shares[su] = 1;
        if(n_targets == 0 || (weighs && cw.unknown_shares(u))) continue;
        const bool est = cw.estimated(u) && n_targets > 1;
        shares.assign(n_targets, values[i]);
        if(rule == crosswalk_rule::sum && n_targets > 1) {
            if constexpr(std::is_same_v<T, std::int64_t>) {
                weights.clear();
                for(std::size_t k = 0; k < n_targets; ++k) weights.push_back(ts[k].weight);
                split_exactly(values[i], weights, money_parts, frac);
                shares = money_parts;
            } else {
                for(std::size_t k = 0; k < n_targets; ++k)
                    shares[k] = values[i] * ts[k].weight;
            }
        }  // one target: the whole value (its weight is 1)
        for(std::size_t k = 0; k < n_targets; ++k) {
            if(rule == crosswalk_rule::sum && ts[k].weight == 0.0) continue;
            parts.push_back({keys[i], ts[k].unit, shares[k], ts[k].weight, est});
        }
    }
    if(std::find(unmapped.begin(), unmapped.end(), 1) != unmapped.end()) {
        std::vector<std::string> codes;
        for(std::size_t u = 0; u < unmapped.size(); ++u)
            if(unmapped[u]) codes.push_back("'" + cw.old_code(static_cast<std::int32_t>(u)) + "'");
        auto text = detail::list_culprits("old units without a crosswalk entry", codes);
        if(!cw.unmapped_reason().empty()) text += " (" + cw.unmapped_reason() + ")";
        throw input_error(text);
    }
    if(std::find(no_shares.begin(), no_shares.end(), 1) != no_shares.end())
        throw input_error(refuse_unknown_shares(cw, no_shares));
    sort_parts(parts, cw.n_new());
    auto out = combine(parts, rule);
    for(std::size_t u = 0; u < split_seen.size(); ++u)
        if(split_seen[u]) out.split_units.push_back(static_cast<std::int32_t>(u));
    return out;
}

}  // namespace

crosswalk_rows<double> crosswalk::apply(const std::vector<std::int64_t>& keys,
                                        const std::vector<std::int32_t>& old_units,
                                        const std::vector<double>& values,
                                        crosswalk_rule rule) const {
    return apply_impl(*this, keys, old_units, values, rule);
}

crosswalk_rows<std::int64_t> crosswalk::apply(
    const std::vector<std::int64_t>& keys, const std::vector<std::int32_t>& old_units,
    const std::vector<std::int64_t>& values, crosswalk_rule rule) const {
    return apply_impl(*this, keys, old_units, values, rule);
}

}  // namespace chitieu
