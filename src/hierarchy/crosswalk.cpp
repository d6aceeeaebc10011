#include <chitieu/crosswalk.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <utility>

namespace chitieu {

namespace {

std::string pair_text(const std::string& o, const std::string& n) {
    return "'" + o + "' -> '" + n + "'";
}

// The weights of one old unit: all known and summing to 1, or all unknown.
// Returns a culprit text, empty when fine.
std::string check_weights(const std::string& code, const std::vector<double>& ws) {
    const auto unknown =
        std::count_if(ws.begin(), ws.end(), [](double w) { return std::isnan(w); });
    if(unknown == static_cast<std::ptrdiff_t>(ws.size())) return {};
    if(unknown > 0) return "'" + code + "' (some shares given, some not)";
    double sum = 0;
    for(double w : ws) sum += w;
    if(std::abs(sum - 1.0) > 1e-9)
        return "'" + code + "' (weights sum to " + std::to_string(sum) + ")";
    return {};
}

}  // namespace

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
        if(!std::isnan(weights[i]) && (!(weights[i] >= 0.0) || !std::isfinite(weights[i])))
            bad_weight.push_back(pair_text(old_codes[i], new_codes[i]) + " (" +
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
        throw input_error(detail::list_culprits(
            "crosswalk weights must be non-negative numbers", bad_weight));
    crosswalk cw;
    cw.offsets_.push_back(0);
    for(std::size_t u = 0; u < by_old.size(); ++u) {
        auto& ts = by_old[u];
        const auto& code = from.code(static_cast<std::int32_t>(u));
        std::sort(ts.begin(), ts.end(), [](const target& a, const target& b) {
            return a.unit < b.unit;
        });
        for(std::size_t k = 1; k < ts.size(); ++k)
            if(ts[k].unit == ts[k - 1].unit)
                throw input_error("crosswalk maps " + pair_text(code, to.code(ts[k].unit)) +
                                  " twice");
        std::vector<double> ws;
        for(const auto& t : ts) ws.push_back(t.weight);
        if(auto bad = check_weights(code, ws); !bad.empty()) bad_sum.push_back(bad);
        cw.unknown_.push_back(!ts.empty() && std::isnan(ts.front().weight) ? 1 : 0);
        cw.targets_.insert(cw.targets_.end(), ts.begin(), ts.end());
        cw.offsets_.push_back(cw.targets_.size());
        cw.old_codes_.push_back(code);
    }
    if(!bad_sum.empty())
        throw input_error(detail::list_culprits(
            "crosswalk weights must sum to 1 per old unit (or all be unknown)", bad_sum));
    cw.estimated_.assign(cw.unknown_.size(), 0);
    for(std::size_t v = 0; v < to.size(); ++v)
        cw.new_codes_.push_back(to.code(static_cast<std::int32_t>(v)));
    return cw;
}

crosswalk crosswalk::resolved(const std::vector<std::string>& old_codes,
                              const std::vector<std::string>& new_codes,
                              const std::vector<double>& weights,
                              split_fallback fallback) const {
    if(new_codes.size() != old_codes.size() || weights.size() != old_codes.size())
        throw input_error("split weight columns differ in length");
    std::map<std::string, std::int32_t> old_id, new_id;
    for(std::size_t u = 0; u < old_codes_.size(); ++u)
        old_id.emplace(old_codes_[u], static_cast<std::int32_t>(u));
    for(std::size_t v = 0; v < new_codes_.size(); ++v)
        new_id.emplace(new_codes_[v], static_cast<std::int32_t>(v));
    crosswalk out = *this;
    std::vector<double> given(targets_.size(), std::numeric_limits<double>::quiet_NaN());
    std::vector<std::string> stray, fixed, bad;
    for(std::size_t i = 0; i < old_codes.size(); ++i) {
        const auto o = old_id.find(old_codes[i]);
        const auto v = new_id.find(new_codes[i]);
        const auto text = pair_text(old_codes[i], new_codes[i]);
        if(!(weights[i] >= 0.0) || !std::isfinite(weights[i])) {
            bad.push_back(text + " (" + std::to_string(weights[i]) + ")");
            continue;
        }
        std::size_t k = targets_.size();
        if(o != old_id.end() && v != new_id.end()) {
            const auto u = static_cast<std::size_t>(o->second);
            for(auto j = offsets_[u]; j < offsets_[u + 1]; ++j)
                if(targets_[j].unit == v->second) k = j;
        }
        if(k == targets_.size())
            stray.push_back(text);
        else if(!unknown_[static_cast<std::size_t>(o->second)])
            fixed.push_back(text);
        else
            given[k] = weights[i];
    }
    if(!bad.empty())
        throw input_error(
            detail::list_culprits("split weights must be non-negative numbers", bad));
    if(!stray.empty())
        throw input_error(
            detail::list_culprits("split weights for pairs not in the crosswalk", stray));
    if(!fixed.empty())
        throw input_error(detail::list_culprits(
            "split weights for units whose shares the crosswalk already fixes", fixed));
    // "Largest" recipient: formed from the most old units (a proxy for size).
    std::vector<int> sources(new_codes_.size(), 0);
    for(const auto& t : targets_) ++sources[static_cast<std::size_t>(t.unit)];
    std::vector<std::string> unresolved;
    for(std::size_t u = 0; u < unknown_.size(); ++u) {
        if(!unknown_[u]) continue;
        const auto b = offsets_[u], e = offsets_[u + 1];
        double sum = 0;
        bool any = false;
        for(auto j = b; j < e; ++j)
            if(!std::isnan(given[j])) sum += given[j], any = true;
        if(any && sum > 0) {
            for(auto j = b; j < e; ++j)
                out.targets_[j].weight = std::isnan(given[j]) ? 0.0 : given[j] / sum;
        } else if(any) {
            bad.push_back("'" + old_codes_[u] + "' (weights sum to 0)");
            continue;
        } else if(fallback == split_fallback::equal) {
            for(auto j = b; j < e; ++j)
                out.targets_[j].weight = 1.0 / static_cast<double>(e - b);
        } else if(fallback == split_fallback::largest) {
            auto best = b;
            for(auto j = b; j < e; ++j) {
                const auto sj = sources[static_cast<std::size_t>(targets_[j].unit)];
                const auto sb = sources[static_cast<std::size_t>(targets_[best].unit)];
                if(sj > sb) best = j;  // targets are sorted by id: ties keep the first
            }
            for(auto j = b; j < e; ++j) out.targets_[j].weight = j == best ? 1.0 : 0.0;
        } else {
            continue;  // stays unknown: apply() refuses it if reached
        }
        out.unknown_[u] = 0;
        out.estimated_[u] = 1;
    }
    if(!bad.empty())
        throw input_error(detail::list_culprits("split weights", bad));
    return out;
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
    std::vector<int> sources(new_codes_.size(), 0);
    for(const auto& t : targets_) ++sources[static_cast<std::size_t>(t.unit)];
    std::vector<std::int32_t> out;
    for(std::size_t v = 0; v < sources.size(); ++v)
        if(sources[v] > 1) out.push_back(static_cast<std::int32_t>(v));
    return out;
}

namespace {
std::vector<std::int32_t> flagged(const std::vector<char>& flags) {
    std::vector<std::int32_t> out;
    for(std::size_t u = 0; u < flags.size(); ++u)
        if(flags[u]) out.push_back(static_cast<std::int32_t>(u));
    return out;
}
}  // namespace

std::vector<std::int32_t> crosswalk::unknown_share_units() const {
    return flagged(unknown_);
}

std::vector<std::int32_t> crosswalk::estimated_units() const {
    return flagged(estimated_);
}

}  // namespace chitieu
