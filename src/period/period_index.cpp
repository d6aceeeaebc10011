// Period ids (period_index) and the maps of indexed periods onto target periods
// (bucket_map), the tables a rollup places rows with.
#include <chitieu/period.hpp>

#include <algorithm>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace chitieu {

std::size_t period_index::hasher::operator()(const period& p) const noexcept {
    return std::hash<period>{}(p);
}

std::int32_t period_index::intern(const period& p) {
    const auto it = ids_.find(p);
    if(it != ids_.end()) return it->second;
    if(periods_.size() >=
       static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
        throw input_error("period index is full");
    const auto id = static_cast<std::int32_t>(periods_.size());
    periods_.push_back(p);
    ids_.emplace(p, id);
    return id;
}

std::optional<std::int32_t> period_index::find(const period& p) const {
    const auto it = ids_.find(p);
    if(it == ids_.end()) return std::nullopt;
    return it->second;
}

const period& period_index::at(std::int32_t id) const {
    if(id < 0 || static_cast<std::size_t>(id) >= periods_.size())
        throw unknown_code("period id " + std::to_string(id) +
                           " is not in the index (size " +
                           std::to_string(periods_.size()) + ")");
    return periods_[static_cast<std::size_t>(id)];
}

std::vector<std::int32_t> period_index::intern_all(
    const std::vector<std::string>& texts) {
    std::unordered_map<std::string, std::int32_t> seen;
    std::vector<std::int32_t> out;
    out.reserve(texts.size());
    for(const auto& t : texts) {
        auto it = seen.find(t);
        if(it == seen.end()) it = seen.emplace(t, intern(period::parse(t))).first;
        out.push_back(it->second);
    }
    return out;
}

namespace {

// Turn per-period targets (possibly repeated) into a sorted bucket table.
bucket_map finish_buckets(const period_index& index,
                          const std::vector<std::optional<period>>& target) {
    bucket_map out;
    for(const auto& t : target)
        if(t) out.buckets.push_back(*t);
    std::sort(out.buckets.begin(), out.buckets.end());
    out.buckets.erase(std::unique(out.buckets.begin(), out.buckets.end()),
                      out.buckets.end());
    out.bucket_of.assign(index.size(), -1);
    for(std::size_t i = 0; i < target.size(); ++i) {
        if(!target[i]) {
            out.not_nested.push_back(static_cast<std::int32_t>(i));
            continue;
        }
        const auto pos =
            std::lower_bound(out.buckets.begin(), out.buckets.end(), *target[i]);
        out.bucket_of[i] = static_cast<std::int32_t>(pos - out.buckets.begin());
    }
    return out;
}

}  // namespace

bucket_map map_to_kind(const period_index& index, period_kind target) {
    if(target == period_kind::span || target == period_kind::range)
        throw input_error(std::string("cannot bucket by ") + to_string(target) +
                          ": give the target periods explicitly (map_to_periods)");
    std::vector<std::optional<period>> parents(index.size());
    for(std::size_t i = 0; i < index.size(); ++i) {
        const auto& p = index.periods()[i];
        const auto candidate = period::day(p.first()).parent(target);
        if(candidate.contains(p)) parents[i] = candidate;
    }
    return finish_buckets(index, parents);
}

bucket_map map_to_periods(const period_index& index,
                          const std::vector<period>& targets) {
    std::vector<std::optional<period>> chosen(index.size());
    for(std::size_t i = 0; i < index.size(); ++i) {
        const auto& p = index.periods()[i];
        for(const auto& t : targets)
            if(t.contains(p) && (!chosen[i] || t.days() < chosen[i]->days()))
                chosen[i] = t;
    }
    return finish_buckets(index, chosen);
}

}  // namespace chitieu
