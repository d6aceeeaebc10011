// Rollup plans and states as bytes: states carry their plan, so a state shipped
// to another process can be merged and finished there without the hierarchy or
// catalog. Bytes read back are untrusted and checked; so is the identity of the
// hierarchy and catalog observations are rolled up with.
#include <chitieu/rollup.hpp>

#include "rollup/rollup_data.hpp"
#include "rollup/rollup_io.hpp"
#include "rollup/rollup_plan.hpp"

#include <algorithm>
#include <cstdio>
#include <type_traits>

namespace chitieu::detail {

std::string rollup_plan::serialize() const {
    writer w;
    w.put<std::uint64_t>(n_units);
    w.put_strings(level_names);
    w.put<std::uint64_t>(slots.size());
    for(const auto& s : slots) {
        w.put(s.id);
        w.put_string(s.code);
        w.put(s.type);
        w.put(s.time);
        w.put(s.space);
        w.put(s.formula);
        w.put_vector(s.parts);
        w.put(s.factor);
        w.put<std::uint8_t>(s.reported);
        w.put(s.dense);
        w.put(s.sparse);
        w.put(s.sparse_count);
    }
    w.put_vector(evaluation);
    for(int t = 0; t < 2; ++t) {
        w.put<std::uint64_t>(dense_slots[t]);
        w.put<std::uint64_t>(sparse_slots[t]);
    }
    w.put_vector(unit_dom);
    w.put_vector(unit_ru);
    w.put_vector(ru_unit);
    w.put_vector(ru_dom);
    w.put_vector(ru_level);
    w.put<std::uint64_t>(doms);
    w.put<std::uint64_t>(target_sets.size());
    for(const auto& ts : target_sets) {
        w.put_vector(ts.targets);
        w.put_strings(ts.codes);
        w.put_vector(ts.levels);
        w.put_vector(ts.start);
        w.put_vector(ts.members);
        w.put_vector(ts.expected);
    }
    w.put<std::uint64_t>(time_sets.size());
    for(const auto& ts : time_sets) {
        w.put<std::uint8_t>(ts.by_kind);
        w.put(ts.kind);
        w.put_periods(ts.periods);
    }
    w.put<std::uint8_t>(has_fine_kind);
    w.put(fine_kind);
    w.put_periods(scope);
    w.put<std::uint64_t>(memory_limit);
    w.put_vector(series_slot);
    w.put_vector(series_sparse);
    return w.take();
}

rollup_plan rollup_plan::deserialize(std::string_view bytes) {
    reader r(bytes);
    rollup_plan p;
    p.n_units = r.get<std::uint64_t>();
    p.level_names = r.get_strings();
    const auto n_slots = r.get<std::uint64_t>();
    for(std::uint64_t i = 0; i < n_slots && i < bytes.size(); ++i) {
        slot_info s;
        s.id = r.get<std::int32_t>();
        s.code = r.get_string();
        s.type = r.get<value_type>();
        s.time = r.get<time_rule>();
        s.space = r.get<space_rule>();
        s.formula = r.get<formula_kind>();
        s.parts = r.get_vector<std::int32_t>();
        s.factor = r.get<double>();
        s.reported = (r.get<std::uint8_t>() != 0);
        s.dense = r.get<std::int32_t>();
        s.sparse = r.get<std::int32_t>();
        s.sparse_count = r.get<std::int32_t>();
        if(s.type > value_type::money || s.time > time_rule::max ||
           s.space > space_rule::max || s.formula > formula_kind::sum)
            throw input_error("corrupt rollup state bytes (rules)");
        p.slots.push_back(std::move(s));
    }
    p.evaluation = r.get_vector<std::int32_t>();
    for(int t = 0; t < 2; ++t) {
        p.dense_slots[t] = r.get<std::uint64_t>();
        p.sparse_slots[t] = r.get<std::uint64_t>();
    }
    p.unit_dom = r.get_vector<std::int32_t>();
    p.unit_ru = r.get_vector<std::int32_t>();
    p.ru_unit = r.get_vector<std::int32_t>();
    p.ru_dom = r.get_vector<std::int32_t>();
    p.ru_level = r.get_vector<std::int32_t>();
    p.doms = r.get<std::uint64_t>();
    const auto n_targets = r.get<std::uint64_t>();
    for(std::uint64_t i = 0; i < n_targets && i < bytes.size(); ++i) {
        target_set ts;
        ts.targets = r.get_vector<std::int32_t>();
        ts.codes = r.get_strings();
        ts.levels = r.get_vector<std::int32_t>();
        ts.start = r.get_vector<std::int32_t>();
        ts.members = r.get_vector<std::int32_t>();
        ts.expected = r.get_vector<std::int32_t>();
        p.target_sets.push_back(std::move(ts));
    }
    const auto n_times = r.get<std::uint64_t>();
    for(std::uint64_t i = 0; i < n_times && i < bytes.size(); ++i) {
        time_set ts;
        ts.by_kind = (r.get<std::uint8_t>() != 0);
        ts.kind = r.get<period_kind>();
        ts.periods = r.get_periods();
        p.time_sets.push_back(std::move(ts));
    }
    p.has_fine_kind = (r.get<std::uint8_t>() != 0);
    p.fine_kind = r.get<period_kind>();
    p.scope = r.get_periods();
    p.memory_limit = r.get<std::uint64_t>();
    p.series_slot = r.get_vector<std::int32_t>();
    p.series_sparse = r.get_vector<std::int32_t>();
    r.expect_end();
    p.validate();
    return p;
}

namespace {

[[noreturn]] void corrupt(const std::string& what) {
    throw input_error("corrupt rollup state bytes (" + what + ")");
}

template <class T>
void all_within(const std::vector<T>& v, std::int64_t lo, std::int64_t hi,
                const char* what) {
    for(const auto x : v)
        if(static_cast<std::int64_t>(x) < lo || static_cast<std::int64_t>(x) >= hi)
            corrupt(what);
}

}  // namespace

// Bytes come from disk or a network: every index finish() follows is checked
// here, so a forged state is an input_error, never an out-of-bounds access.
void rollup_plan::validate() const {
    const auto levels = static_cast<std::int64_t>(level_names.size());
    const auto n_slots = static_cast<std::int64_t>(slots.size());
    if(levels == 0 && !slots.empty()) corrupt("no levels");
    std::vector<char> derived(slots.size(), 0), seen(slots.size(), 0);
    for(std::size_t k = 0; k < slots.size(); ++k) {
        const auto& s = slots[k];
        const auto t = static_cast<std::size_t>(s.type);
        if(s.id < 0 || s.id >= max_slot_id) corrupt("indicator id");
        all_within(s.parts, 0, n_slots, "parts");
        derived[k] = s.formula != formula_kind::none;
        const bool parts_fit = !derived[k]                      ? s.parts.empty()
                               : s.formula == formula_kind::sum ? s.parts.size() >= 2
                                                                : s.parts.size() == 2;
        if(!parts_fit) corrupt("formula parts");
        if(derived[k] && (s.dense >= 0 || s.sparse >= 0)) corrupt("derived slot");
        if(!derived[k] && (s.dense >= 0) == (s.sparse >= 0)) corrupt("slot kind");
        if(s.sparse_count < 1 || s.dense >= static_cast<std::int64_t>(dense_slots[t]) ||
           static_cast<std::int64_t>(s.sparse) + s.sparse_count >
               static_cast<std::int64_t>(sparse_slots[t]) + (s.sparse < 0 ? 1 : 0))
            corrupt("slot index");
    }
    for(const auto k : evaluation) {  // derived slots, each after its derived parts
        if(k < 0 || k >= n_slots || !derived[static_cast<std::size_t>(k)] ||
           seen[static_cast<std::size_t>(k)])
            corrupt("evaluation order");
        for(const auto part : slots[static_cast<std::size_t>(k)].parts)
            if(derived[static_cast<std::size_t>(part)] &&
               !seen[static_cast<std::size_t>(part)])
                corrupt("evaluation order");
        seen[static_cast<std::size_t>(k)] = 1;
    }
    for(std::size_t k = 0; k < slots.size(); ++k)
        if(derived[k] && !seen[k]) corrupt("evaluation order");

    const auto rus = static_cast<std::int64_t>(ru_unit.size());
    const auto n_doms = static_cast<std::int64_t>(doms);
    if(unit_dom.size() != n_units || unit_ru.size() != n_units ||
       ru_dom.size() != ru_unit.size() || ru_level.size() != ru_unit.size())
        corrupt("unit tables");
    all_within(unit_dom, -1, n_doms, "unit domains");
    all_within(unit_ru, -1, rus, "reporting units");
    all_within(ru_unit, 0, static_cast<std::int64_t>(n_units), "reporting units");
    all_within(ru_dom, 0, n_doms, "reporting unit domains");
    all_within(ru_level, 0, levels, "reporting unit levels");
    for(const auto& ts : target_sets) {
        const auto n = ts.targets.size();
        if(ts.codes.size() != n || ts.levels.size() != n ||
           ts.start.size() != doms + 1 || ts.start.front() != 0 ||
           ts.start.back() != static_cast<std::int64_t>(ts.members.size()) ||
           !std::is_sorted(ts.start.begin(), ts.start.end()) ||
           ts.expected.size() != n * level_names.size())
            corrupt("target set");
        all_within(ts.levels, -1, levels, "target levels");
        all_within(ts.members, 0, static_cast<std::int64_t>(n), "target members");
    }
    if(series_sparse.size() != series_slot.size()) corrupt("series");
    all_within(series_slot, -1, n_slots, "series");
    all_within(series_sparse,
               -1,
               static_cast<std::int64_t>(std::max(sparse_slots[0], sparse_slots[1])),
               "series");
    for(const auto& ts : time_sets)
        if(ts.kind > period_kind::range) corrupt("period type");
    if(fine_kind > period_kind::range) corrupt("fine period type");
}

}  // namespace chitieu::detail

namespace chitieu {
namespace {

std::string described(std::uint64_t fingerprint, std::size_t size, const char* what) {
    char hex[17];
    std::snprintf(
        hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fingerprint));
    return std::to_string(size) + " " + what + ", fingerprint " + hex;
}

}  // namespace

namespace detail {

void check_built_with(const observations& obs, const hierarchy& h, const catalog& cat) {
    // Ids are positions: the same sizes in another order would silently swap
    // units or indicators, so the identity (a fingerprint) is compared.
    if(obs.hierarchy_fingerprint() != h.fingerprint())
        throw input_error(
            "the observations were built with another hierarchy (" +
            described(obs.hierarchy_fingerprint(), obs.n_units(), "units") +
            ") than the one given (" + described(h.fingerprint(), h.size(), "units") +
            "); build them again with this hierarchy");
    if(obs.catalog_fingerprint() != cat.fingerprint())
        throw input_error(
            "the observations were built with another catalog (" +
            described(obs.catalog_fingerprint(), obs.n_indicators(), "indicators") +
            ") than the one given (" +
            described(cat.fingerprint(), cat.size(), "indicators") +
            "); build them again with this catalog");
}

}  // namespace detail

// ---------------------------------------------------------------------------
// rollup states as bytes

std::string rollup_state::to_bytes() const {
    detail::writer w;
    w.put_string("chitieu.rollup_state/3");
    w.put_string(plan_ ? plan_->serialize() : std::string());
    w.put_periods(buckets_);
    const auto& data = data_ ? *data_ : detail::rollup_data::empty();
    w.put_partial(data.real);
    w.put_partial(data.money);
    w.put(rows_);
    return w.take();
}

namespace {

using detail::rollup_plan;

// A state's tables must have the shape its plan gives them: finish() indexes
// them by the plan's slots, domain and reporting units and the fine periods.
template <class V>
void check_partial(const rollup_plan& plan, const detail::partial<V>& p,
                   value_type type, std::size_t fine, std::uint64_t rows) {
    const auto t = static_cast<std::size_t>(type);
    const auto& d = p.dense;
    const auto bad = [] { throw input_error("corrupt rollup state bytes (tables)"); };
    // Exact shapes even for a value type without data: merge() walks the
    // dimensions (fuzzer finding: a forged slot count over empty tables).
    std::size_t cells = 0, bits = 0, keys = 0;
    if(d.slots != plan.dense_slots[t] || d.doms != plan.doms ||
       d.rus != plan.ru_unit.size() || d.fine != fine ||
       __builtin_mul_overflow(d.slots, d.doms, &cells) ||
       __builtin_mul_overflow(cells, d.fine, &cells) || cells != d.sum.size() ||
       __builtin_mul_overflow(d.slots, d.rus, &bits) ||
       __builtin_mul_overflow(bits, d.fine, &bits) ||
       d.presence.size() != bits / 64 + (bits % 64 != 0) ||
       __builtin_mul_overflow(plan.sparse_slots[t], plan.ru_unit.size(), &keys) ||
       __builtin_mul_overflow(keys, fine, &keys))
        bad();
    // Counts and money sums within what `rows` int64 rows can give, in total:
    // adding them up in finish() or a merge never overflows (rows < 2^62,
    // |sums| < rows x 2^63 < 2^125).
    std::uint64_t counted = 0;
    [[maybe_unused]] detail::int128 magnitude = 0;
    const auto limit = static_cast<detail::int128>(rows) << 63;
    const auto add_sum = [&](const detail::acc_t<V>& sum) {
        if constexpr(!std::is_floating_point_v<V>) {
            if(sum > limit || sum < -limit) bad();
            magnitude += sum < 0 ? -sum : sum;
            if(magnitude > limit) bad();
        }
    };
    for(const auto& sum : d.sum) add_sum(sum);
    const auto& sp = p.sparse;
    if(!sp.key.empty() && sp.fields != plan.time_fields(type)) bad();
    const auto& k = sp.key;
    const bool counts = sp.fields & detail::sum_count;
    if(k.size() > rows) bad();  // a cell holds at least one row
    for(std::size_t i = 0; i < k.size(); ++i) {
        if(k[i] >= keys || (i > 0 && k[i] <= k[i - 1])) bad();
        if(!counts) continue;
        const auto count = sp.count[i];
        if(count < 1 || static_cast<std::uint64_t>(count) > rows - counted) bad();
        counted += static_cast<std::uint64_t>(count);
        add_sum(sp.sum[i]);
    }
}

}  // namespace

std::size_t rollup_state::result_cells() const {
    if(!plan_) return 0;
    std::size_t targets = 0, periods = 0, cells = 0;
    for(const auto& ts : plan_->target_sets) targets += ts.targets.size();
    for(const auto& ts : plan_->time_sets)
        periods += ts.by_kind ? buckets_.size() : ts.periods.size();
    if(__builtin_mul_overflow(targets, periods, &cells) ||
       __builtin_mul_overflow(cells, plan_->slots.size(), &cells))
        return SIZE_MAX;
    return cells;
}

rollup_state rollup_state::from_bytes(std::string_view bytes) {
    detail::reader r(bytes);
    if(r.get_string() != "chitieu.rollup_state/3")
        throw input_error("not a chitieu rollup state (or one of another version)");
    rollup_state s;
    const auto plan = r.get_string();
    if(!plan.empty())
        s.plan_ = std::make_shared<const rollup_plan>(rollup_plan::deserialize(plan));
    s.buckets_ = r.get_periods();
    auto data = std::make_shared<detail::rollup_data>();
    r.get_partial(data->real);
    r.get_partial(data->money);
    s.rows_ = r.get<std::uint64_t>();
    r.expect_end();
    if(!std::is_sorted(s.buckets_.begin(), s.buckets_.end()) ||
       std::adjacent_find(s.buckets_.begin(), s.buckets_.end()) != s.buckets_.end())
        throw input_error("corrupt rollup state bytes (periods)");
    if(s.plan_) {
        if(s.rows_ >= (std::uint64_t{1} << 62))
            throw input_error("corrupt rollup state bytes (row count)");
        check_partial(
            *s.plan_, data->real, value_type::real, s.buckets_.size(), s.rows_);
        check_partial(
            *s.plan_, data->money, value_type::money, s.buckets_.size(), s.rows_);
    } else if(!data->real.sparse.key.empty() || !data->money.sparse.key.empty() ||
              !data->real.dense.sum.empty() || !data->money.dense.sum.empty()) {
        throw input_error("corrupt rollup state bytes (data without a plan)");
    }
    s.data_ = std::move(data);
    return s;
}

}  // namespace chitieu
