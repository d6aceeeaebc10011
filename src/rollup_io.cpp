// A rollup plan as bytes: states carry their plan, so a state shipped to another
// process can be merged and finished there without the hierarchy or catalog.
#include <chitieu/detail/rollup_plan.hpp>

#include "rollup_io.hpp"

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
    return p;
}

}  // namespace chitieu::detail
