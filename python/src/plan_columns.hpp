// Plan-side columns out to numpy: owned arrays, enum codes, the targets of a
// level (shared by the plan and assessment bindings).
#pragma once

#include "binding.hpp"

#include <chitieu/plan.hpp>

#include <string>
#include <vector>

namespace chitieu_py {

/// A numpy array that owns the vector's memory (moved, not copied).
template <class T>
inline py::array owned(std::vector<T>&& v) {
    if(v.empty()) return py::array_t<T>(0);
    auto* heap = new std::vector<T>(std::move(v));
    py::capsule owner(heap, [](void* p) { delete static_cast<std::vector<T>*>(p); });
    return py::array(py::dtype::of<T>(),
                     {static_cast<py::ssize_t>(heap->size())},
                     {static_cast<py::ssize_t>(sizeof(T))},
                     heap->data(),
                     owner);
}

/// Enum columns travel as uint8 codes.
template <class Enum>
inline py::array codes_of(const std::vector<Enum>& v) {
    std::vector<std::uint8_t> out(v.size());
    for(std::size_t i = 0; i < v.size(); ++i) out[i] = static_cast<std::uint8_t>(v[i]);
    return owned(std::move(out));
}

inline py::dict level_target_columns(chitieu::level_targets&& t) {
    py::dict d;
    std::vector<std::string> plan_period, baseline;
    for(const auto& p : t.plan_period) plan_period.push_back(p.to_string());
    for(const auto& b : t.baseline) baseline.push_back(b ? b->to_string() : "");
    d["indicator"] = owned(std::move(t.indicator));
    d["unit"] = owned(std::move(t.unit));
    d["plan_period"] = plan_period;
    d["kind"] = codes_of(t.kind);
    d["bound"] = codes_of(t.bound);
    d["target"] = owned(std::move(t.value));
    d["lo"] = owned(std::move(t.lo));
    d["hi"] = owned(std::move(t.hi));
    d["baseline_period"] = baseline;
    d["change_unit"] = codes_of(t.change);
    d["target_source"] = codes_of(t.source);
    d["plan_version"] = t.version;
    d["child_level"] = owned(std::move(t.child_level));
    d["n_children"] = owned(std::move(t.n_children));
    d["n_expected_children"] = owned(std::move(t.n_expected_children));
    d["reason"] = owned(std::move(t.reason));
    d["flow_like"] = owned(std::move(t.flow_like));
    d["expected"] = owned(std::move(t.expected));
    d["elapsed"] = owned(std::move(t.elapsed));
    d["final"] = owned(std::move(t.final));
    return d;
}

}  // namespace chitieu_py
