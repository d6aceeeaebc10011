// Plans: target checks, version order and choice (phasing: phasing.cpp).
#include <chitieu/detail/enum_names.hpp>
#include <chitieu/detail/message.hpp>
#include <chitieu/plan.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace greg = boost::gregorian;

namespace chitieu {
namespace {

constexpr auto kind_names =
    detail::make_enum_names<target_kind>("target kind", "total", "level", "change");
constexpr auto bound_names = detail::make_enum_names<target_bound>(
    "target bound", "at_least", "at_most", "exact", "range", "by_direction");
constexpr auto change_names =
    detail::make_enum_names<change_unit>("unit of change", "", "points", "percent");
constexpr auto source_names = detail::make_enum_names<target_source>(
    "target source", "direct", "rolled_up", "partial", "none");

using detail::number;

// A target's identity within one version: (indicator, unit, plan period, kind),
// its codes by their numbers in the plan.
struct target_key {
    std::int32_t indicator, unit;
    period plan_period;
    target_kind kind;
    bool operator==(const target_key& o) const {
        return indicator == o.indicator && unit == o.unit &&
               plan_period == o.plan_period && kind == o.kind;
    }
};

struct target_key_hash {
    std::size_t operator()(const target_key& k) const noexcept {
        std::size_t h = static_cast<std::uint32_t>(k.indicator);
        h = h * 1000003u ^ static_cast<std::uint32_t>(k.unit);
        h = h * 1000003u ^ std::hash<period>{}(k.plan_period);
        return h * 31u ^ static_cast<std::size_t>(k.kind);
    }
};

// Numbers the codes of `added` after those of `codes`.
void number_codes(plan_codes& codes, const std::vector<target>& added) {
    const auto numbering = [](std::vector<std::string>& names,
                              std::vector<std::int32_t>& numbers,
                              const std::vector<target>& ts,
                              std::string target::* code) {
        std::unordered_map<std::string_view, std::int32_t> known;
        for(std::size_t k = 0; k < names.size(); ++k)
            known.emplace(names[k], static_cast<std::int32_t>(k));
        std::vector<std::string> fresh;  // names' views stay valid meanwhile
        for(const auto& t : ts) {
            const auto& text = t.*code;
            auto it = known.find(text);
            if(it == known.end()) {
                fresh.push_back(text);
                it = known
                         .emplace(
                             text,
                             static_cast<std::int32_t>(names.size() + fresh.size() - 1))
                         .first;
            }
            numbers.push_back(it->second);
        }
        names.insert(names.end(), fresh.begin(), fresh.end());
    };
    numbering(codes.indicators, codes.indicator, added, &target::indicator);
    numbering(codes.units, codes.unit, added, &target::unit);
    numbering(codes.versions, codes.version, added, &target::version);
}

[[noreturn]] void bad_target(const target& t, const std::string& why) {
    throw input_error(t.describe() + ": " + why);
}

void check_target(const target& t) {
    if(t.indicator.empty()) bad_target(t, "the indicator code is empty");
    if(t.unit.empty()) bad_target(t, "the unit code is empty");
    if(t.version.empty()) bad_target(t, "the version name is empty");
    const auto finite_or_missing = [&](double x, const char* name) {
        if(std::isinf(x)) bad_target(t, std::string(name) + " is infinite");
    };
    finite_or_missing(t.value, "the target value");
    if(t.bound == target_bound::range) {
        if(!std::isnan(t.value))
            bad_target(
                t,
                "a range target has lo and hi, not a value (" + number(t.value) + ")");
        if(!std::isfinite(t.lo) || !std::isfinite(t.hi))
            bad_target(t,
                       "a range target needs finite lo and hi (got lo=" + number(t.lo) +
                           ", hi=" + number(t.hi) + ")");
        if(t.lo > t.hi)
            bad_target(
                t, "range lo " + number(t.lo) + " is greater than hi " + number(t.hi));
    } else if(!std::isnan(t.lo) || !std::isnan(t.hi)) {
        bad_target(
            t,
            std::string("lo and hi are for range targets, not ") + to_string(t.bound));
    }
    if(t.kind == target_kind::change) {
        if(!t.baseline) bad_target(t, "a change target needs a baseline period");
        if(t.unit_of_change == change_unit::none)
            bad_target(t, "a change target needs a unit of change: points or percent");
        if(t.baseline->last() >= t.plan_period.first())
            bad_target(t,
                       "the baseline period " + t.baseline->to_string() +
                           " must end before the plan period " +
                           t.plan_period.to_string() + " starts");
    } else {
        if(t.baseline)
            bad_target(t,
                       std::string("a baseline period is only for change targets, "
                                   "not ") +
                           to_string(t.kind));
        if(t.unit_of_change != change_unit::none)
            bad_target(t,
                       std::string("a unit of change is only for change targets, "
                                   "not ") +
                           to_string(t.kind));
    }
}

std::string key_of(const target& t) {
    const char sep = '\x1f';
    return t.indicator + sep + t.unit + sep + t.plan_period.to_string() + sep +
           to_string(t.kind) + sep + t.version;
}

}  // namespace

const char* to_string(target_kind k) noexcept {
    return kind_names.name(k);
}
const char* to_string(target_bound b) noexcept {
    return bound_names.name(b);
}
const char* to_string(change_unit c) noexcept {
    return change_names.name(c);
}
const char* to_string(target_source s) noexcept {
    return source_names.name(s);
}
target_kind parse_target_kind(std::string_view s) {
    return kind_names.parse(s);
}
target_bound parse_target_bound(std::string_view s) {
    return bound_names.parse(s);
}
change_unit parse_change_unit(std::string_view s) {
    return change_names.parse(s);
}

target target::total(std::string indicator, std::string unit, period p, double value,
                     target_bound bound) {
    target t;
    t.indicator = std::move(indicator);
    t.unit = std::move(unit);
    t.plan_period = p;
    t.kind = target_kind::total;
    t.bound = bound;
    t.value = value;
    return t;
}

target target::level(std::string indicator, std::string unit, period p, double value,
                     target_bound bound) {
    target t = total(std::move(indicator), std::move(unit), p, value, bound);
    t.kind = target_kind::level;
    return t;
}

target target::change(std::string indicator, std::string unit, period p, double value,
                      period baseline, change_unit units, target_bound bound) {
    target t = total(std::move(indicator), std::move(unit), p, value, bound);
    t.kind = target_kind::change;
    t.baseline = baseline;
    t.unit_of_change = units;
    return t;
}

target& target::between(double low, double high) {
    bound = target_bound::range;
    value = missing;
    lo = low;
    hi = high;
    return *this;
}

std::string target::describe() const {
    return "target " + indicator + " x " + unit + " x " + plan_period.to_string() +
           " (" + to_string(kind) + ", version " + version + ")";
}

// ---------------------------------------------------------------- plan

void plan::add(target t) {
    add(std::vector<target>{std::move(t)});
}

void plan::add(std::vector<target> ts) {
    std::unordered_set<std::string> keys;
    keys.reserve(targets_.size() + ts.size());
    for(const auto& t : targets_) keys.insert(key_of(t));
    for(const auto& t : ts) {
        check_target(t);
        if(!keys.insert(key_of(t)).second)
            bad_target(t,
                       "a duplicate: the plan already has this target in this "
                       "version");
    }
    number_codes(codes_, ts);
    targets_.insert(targets_.end(),
                    std::make_move_iterator(ts.begin()),
                    std::make_move_iterator(ts.end()));
}

std::vector<std::string> plan::versions() const {
    // Default order: earliest effective date (undated first), then first
    // appearance (the order of the versions' numbers).
    const auto& names = codes_.versions;
    std::vector<std::optional<greg::date>> earliest(names.size());
    std::vector<char> seen(names.size(), 0);
    for(std::size_t i = 0; i < targets_.size(); ++i) {
        const auto v = static_cast<std::size_t>(codes_.version[i]);
        const auto& when = targets_[i].effective;
        if(!seen[v]) {
            seen[v] = 1;
            earliest[v] = when;
        } else if(earliest[v] && (!when || *when < *earliest[v])) {
            earliest[v] = when;
        }
    }
    std::vector<std::size_t> order(names.size());
    for(std::size_t v = 0; v < order.size(); ++v) order[v] = v;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const auto &x = earliest[a], &y = earliest[b];
        return x != y && (!x || (y && *x < *y));
    });
    std::vector<std::string> out = version_order_;
    for(const auto v : order)
        if(std::find(out.begin(), out.end(), names[v]) == out.end())
            out.push_back(names[v]);
    return out;
}

void plan::set_version_order(std::vector<std::string> names) {
    std::set<std::string> distinct(names.begin(), names.end());
    if(distinct.size() != names.size())
        throw input_error(
            detail::list_culprits("the version order names a version twice", names));
    std::vector<std::string> missing;
    for(const auto& t : targets_)
        if(!distinct.count(t.version) &&
           std::find(missing.begin(), missing.end(), t.version) == missing.end())
            missing.push_back(t.version);
    if(!missing.empty())
        throw input_error(detail::list_culprits(
            "the version order leaves out versions of the plan", missing));
    version_order_ = std::move(names);
}

int plan::version_rank(const std::string& name) const {
    const auto names = versions();
    const auto it = std::find(names.begin(), names.end(), name);
    if(it == names.end())
        throw unknown_code("unknown plan version '" + name + "' (" +
                           detail::list_culprits("the plan has", names) + ")");
    return static_cast<int>(it - names.begin());
}

const phasing& plan::phasing_for(std::string_view indicator) const {
    const auto it = phasings_.find(indicator);
    return it == phasings_.end() ? default_phasing_ : it->second;
}

std::vector<period> plan::plan_periods() const {
    std::set<period> ps;
    for(const auto& t : targets_) ps.insert(t.plan_period);
    return {ps.begin(), ps.end()};
}

std::vector<std::size_t> plan::choose(const version_choice& choice) const {
    const auto names = versions();
    std::vector<int> rank(codes_.versions.size());  // by version number
    for(std::size_t v = 0; v < rank.size(); ++v)
        rank[v] = static_cast<int>(
            std::find(names.begin(), names.end(), codes_.versions[v]) - names.begin());
    const int limit =
        choice.version ? version_rank(*choice.version) : static_cast<int>(names.size());
    const auto rank_of = [&](std::size_t i) {
        return rank[static_cast<std::size_t>(codes_.version[i])];
    };
    // Per key (indicator, unit, plan period, kind), in the order keys first
    // appear: the best row so far.
    std::unordered_map<target_key, std::size_t, target_key_hash> slot;
    slot.reserve(targets_.size());
    std::vector<std::size_t> best;
    const auto better = [&](std::size_t a, std::size_t b) {  // a replaces b?
        if(choice.version) return rank_of(a) > rank_of(b);
        const auto &x = targets_[a].effective, &y = targets_[b].effective;
        if(x != y) return y < x;  // undated (nullopt) is the earliest
        return rank_of(a) > rank_of(b);
    };
    for(std::size_t i = 0; i < targets_.size(); ++i) {
        const auto& t = targets_[i];
        if(choice.version) {
            if(rank_of(i) > limit) continue;
        } else if(choice.as_of && t.effective && *t.effective > *choice.as_of) {
            continue;
        }
        const auto [it, fresh] = slot.try_emplace(
            target_key{codes_.indicator[i], codes_.unit[i], t.plan_period, t.kind},
            best.size());
        if(fresh)
            best.push_back(i);
        else if(better(i, best[it->second]))
            best[it->second] = i;
    }
    return best;
}

void plan::check(const hierarchy& units, const catalog& indicators) const {
    std::set<std::string> bad_indicators, bad_units;
    for(const auto& code : codes_.indicators)
        if(!indicators.find(code)) bad_indicators.insert(code);
    for(const auto& code : codes_.units)
        if(!units.find(code)) bad_units.insert(code);
    if(!bad_indicators.empty())
        throw unknown_code(detail::list_culprits(
            "the plan has targets for indicators not in the catalog", bad_indicators));
    if(!bad_units.empty())
        throw unknown_code(detail::list_culprits(
            "the plan has targets for units not in the hierarchy", bad_units));
    std::vector<char> flows;  // by indicator number
    for(const auto& code : codes_.indicators)
        flows.push_back(sums_over_time(indicators, indicators.id(code)));
    std::vector<std::string> not_flows, bad_baselines;
    for(std::size_t i = 0; i < targets_.size(); ++i) {
        const auto& t = targets_[i];
        const bool flow = flows[static_cast<std::size_t>(codes_.indicator[i])];
        if(t.kind == target_kind::total && !flow) not_flows.push_back(t.describe());
        if(t.kind == target_kind::change && flow &&
           (t.baseline->kind() != t.plan_period.kind() ||
            t.plan_period.kind() == period_kind::range ||
            t.plan_period.kind() == period_kind::week))
            bad_baselines.push_back(t.describe() + " baseline " +
                                    t.baseline->to_string());
    }
    if(!not_flows.empty())
        throw input_error(detail::list_culprits(
            "total targets need an indicator that sums over time (a flow)", not_flows));
    if(!bad_baselines.empty())
        throw input_error(detail::list_culprits(
            "a change of a flow compares the year to date with the same span of the "
            "baseline, so the baseline must be a calendar period of the plan "
            "period's kind",
            bad_baselines));
}

}  // namespace chitieu
