// A rollup plan as bytes: states carry their plan, so a state shipped to another
// process can be merged and finished there without the hierarchy or catalog.
#include <chitieu/detail/rollup_plan.hpp>

#include "rollup_io.hpp"

#include <algorithm>

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
        const bool parts_fit = !derived[k]                     ? s.parts.empty()
                               : s.formula == formula_kind::sum ? s.parts.size() >= 2
                                                                : s.parts.size() == 2;
        if(!parts_fit) corrupt("formula parts");
        if(derived[k] && (s.dense >= 0 || s.sparse >= 0)) corrupt("derived slot");
        if(!derived[k] && (s.dense >= 0) == (s.sparse >= 0)) corrupt("slot kind");
        if(s.dense >= static_cast<std::int64_t>(dense_slots[t]) ||
           s.sparse >= static_cast<std::int64_t>(sparse_slots[t]))
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
    for(const auto& ts : time_sets)
        if(ts.kind > period_kind::range) corrupt("period type");
    if(fine_kind > period_kind::range) corrupt("fine period type");
}

}  // namespace chitieu::detail
