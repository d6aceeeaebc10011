#include <chitieu/crosswalk.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

namespace chitieu {

crosswalk crosswalk::build(const hierarchy& from, const hierarchy& to,
                           const std::vector<std::string>& old_codes,
                           const std::vector<std::string>& new_codes,
                           const std::vector<double>& weights) {
    const auto n = old_codes.size();
    if(new_codes.size() != n || weights.size() != n)
        throw input_error("crosswalk columns differ in length: " + std::to_string(n) +
                          " old codes, " + std::to_string(new_codes.size()) +
                          " new codes, " + std::to_string(weights.size()) + " weights");
    std::vector<std::string> unknown_old, unknown_new, bad_weight, bad_sum;
    std::vector<std::vector<target>> by_old(from.size());
    for(std::size_t i = 0; i < n; ++i) {
        const auto o = from.find(old_codes[i]);
        const auto t = to.find(new_codes[i]);
        if(!o) unknown_old.push_back("'" + old_codes[i] + "'");
        if(!t) unknown_new.push_back("'" + new_codes[i] + "'");
        if(!(weights[i] > 0.0) || !std::isfinite(weights[i]))
            bad_weight.push_back("'" + old_codes[i] + "' -> '" + new_codes[i] + "' (" +
                                 std::to_string(weights[i]) + ")");
        if(o && t) by_old[static_cast<std::size_t>(*o)].push_back({*t, weights[i]});
    }
    if(!unknown_old.empty())
        throw unknown_code(detail::list_culprits(
            "crosswalk codes not in the old hierarchy", unknown_old));
    if(!unknown_new.empty())
        throw unknown_code(detail::list_culprits(
            "crosswalk codes not in the new hierarchy", unknown_new));
    if(!bad_weight.empty())
        throw input_error(
            detail::list_culprits("crosswalk weights must be positive", bad_weight));
    crosswalk cw;
    cw.n_new_ = to.size();
    cw.offsets_.push_back(0);
    for(std::size_t u = 0; u < by_old.size(); ++u) {
        auto& ts = by_old[u];
        std::sort(ts.begin(), ts.end(), [](const target& a, const target& b) {
            return a.unit < b.unit;
        });
        for(std::size_t k = 1; k < ts.size(); ++k)
            if(ts[k].unit == ts[k - 1].unit)
                throw input_error("crosswalk maps '" +
                                  from.code(static_cast<std::int32_t>(u)) + "' to '" +
                                  to.code(ts[k].unit) + "' twice");
        double sum = 0;
        for(const auto& t : ts) sum += t.weight;
        if(!ts.empty() && std::abs(sum - 1.0) > 1e-9)
            bad_sum.push_back("'" + from.code(static_cast<std::int32_t>(u)) + "' (" +
                              std::to_string(sum) + ")");
        cw.targets_.insert(cw.targets_.end(), ts.begin(), ts.end());
        cw.offsets_.push_back(cw.targets_.size());
        cw.old_codes_.push_back(from.code(static_cast<std::int32_t>(u)));
    }
    if(!bad_sum.empty())
        throw input_error(
            detail::list_culprits("crosswalk weights do not sum to 1 for", bad_sum));
    return cw;
}

std::vector<crosswalk::target> crosswalk::targets(std::int32_t old_unit) const {
    if(old_unit < 0 || static_cast<std::size_t>(old_unit) >= n_old())
        throw unknown_code("old unit id " + std::to_string(old_unit) +
                           " is outside the crosswalk");
    const auto u = static_cast<std::size_t>(old_unit);
    return {targets_.begin() + static_cast<std::ptrdiff_t>(offsets_[u]),
            targets_.begin() + static_cast<std::ptrdiff_t>(offsets_[u + 1])};
}

std::vector<std::int32_t> crosswalk::split_units() const {
    std::vector<std::int32_t> out;
    for(std::size_t u = 0; u + 1 < offsets_.size(); ++u)
        if(offsets_[u + 1] - offsets_[u] > 1)
            out.push_back(static_cast<std::int32_t>(u));
    return out;
}

std::vector<std::int32_t> crosswalk::merged_units() const {
    std::vector<int> sources(n_new_, 0);
    for(const auto& t : targets_) ++sources[static_cast<std::size_t>(t.unit)];
    std::vector<std::int32_t> out;
    for(std::size_t v = 0; v < sources.size(); ++v)
        if(sources[v] > 1) out.push_back(static_cast<std::int32_t>(v));
    return out;
}

namespace {

// Accumulator for one (key, new unit): sum (or weighted sum), weight, min, max.
template <class T>
struct cell {
    T sum{};
    double weighted = 0, weight = 0;
    T lo{}, hi{};
    bool any = false;
};

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
std::vector<std::int64_t> split_exactly(std::int64_t v, const std::vector<double>& w) {
    const bool negative = v < 0;
    const long double whole =
        negative ? -static_cast<long double>(v) : static_cast<long double>(v);
    std::vector<std::int64_t> parts(w.size());
    std::vector<std::pair<long double, std::size_t>> frac(w.size());
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
    return parts;
}

template <class T>
crosswalk_rows<T> apply_impl(const crosswalk& cw, const std::vector<std::int64_t>& keys,
                             const std::vector<std::int32_t>& old_units,
                             const std::vector<T>& values, crosswalk_rule rule,
                             const std::vector<std::string>& old_codes) {
    if(keys.size() != old_units.size() || values.size() != old_units.size())
        throw input_error(
            "crosswalk input columns differ in length: " + std::to_string(keys.size()) +
            " keys, " + std::to_string(old_units.size()) + " units, " +
            std::to_string(values.size()) + " values");
    std::map<std::pair<std::int64_t, std::int32_t>, cell<T>> cells;
    std::vector<std::string> unmapped;
    std::vector<char> split_seen(cw.n_old(), 0);
    std::vector<double> weights;
    for(std::size_t i = 0; i < old_units.size(); ++i) {
        const auto u = old_units[i];
        if(u < 0 || static_cast<std::size_t>(u) >= cw.n_old())
            throw input_error("row " + std::to_string(i) + ": old unit id " +
                              std::to_string(u) + " is outside the old hierarchy");
        const auto ts = cw.targets(u);
        if(ts.empty()) {
            unmapped.push_back("'" + old_codes[static_cast<std::size_t>(u)] + "'");
            continue;
        }
        if(ts.size() > 1) split_seen[static_cast<std::size_t>(u)] = 1;
        std::vector<T> shares(ts.size(), values[i]);
        if(rule == crosswalk_rule::sum) {
            if constexpr(std::is_same_v<T, std::int64_t>) {
                weights.clear();
                for(const auto& t : ts) weights.push_back(t.weight);
                shares = split_exactly(values[i], weights);
            } else {
                for(std::size_t k = 0; k < ts.size(); ++k)
                    shares[k] = values[i] * ts[k].weight;
            }
        }
        for(std::size_t k = 0; k < ts.size(); ++k) {
            auto& c = cells[{keys[i], ts[k].unit}];
            const T v = shares[k];
            add_checked(c.sum, v);
            c.weighted += static_cast<double>(v) * ts[k].weight;
            c.weight += ts[k].weight;
            c.lo = c.any ? std::min(c.lo, v) : v;
            c.hi = c.any ? std::max(c.hi, v) : v;
            c.any = true;
        }
    }
    if(!unmapped.empty()) {
        std::sort(unmapped.begin(), unmapped.end());
        unmapped.erase(std::unique(unmapped.begin(), unmapped.end()), unmapped.end());
        throw input_error(
            detail::list_culprits("old units without a crosswalk entry", unmapped));
    }
    crosswalk_rows<T> out;
    for(const auto& [k, c] : cells) {
        out.key.push_back(k.first);
        out.unit.push_back(k.second);
        switch(rule) {
            case crosswalk_rule::sum:
                out.value.push_back(c.sum);
                break;
            case crosswalk_rule::min:
                out.value.push_back(c.lo);
                break;
            case crosswalk_rule::max:
                out.value.push_back(c.hi);
                break;
            case crosswalk_rule::mean:
                if constexpr(std::is_same_v<T, std::int64_t>)
                    throw input_error(
                        "a mean cannot stay exact money: re-express it as float "
                        "values");
                else
                    out.value.push_back(c.weighted / c.weight);
                break;
        }
    }
    for(std::size_t u = 0; u < split_seen.size(); ++u)
        if(split_seen[u]) out.split_units.push_back(static_cast<std::int32_t>(u));
    return out;
}

}  // namespace

crosswalk_rows<double> crosswalk::apply(const std::vector<std::int64_t>& keys,
                                        const std::vector<std::int32_t>& old_units,
                                        const std::vector<double>& values,
                                        crosswalk_rule rule) const {
    return apply_impl(*this, keys, old_units, values, rule, old_codes_);
}

crosswalk_rows<std::int64_t> crosswalk::apply(
    const std::vector<std::int64_t>& keys, const std::vector<std::int32_t>& old_units,
    const std::vector<std::int64_t>& values, crosswalk_rule rule) const {
    return apply_impl(*this, keys, old_units, values, rule, old_codes_);
}

}  // namespace chitieu
