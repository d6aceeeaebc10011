// Plan-side columns out to numpy: owned arrays, enum codes, the targets of a
// level (shared by the plan and assessment bindings).
#pragma once

#include "binding.hpp"

#include <chitieu/plan.hpp>

#include <optional>
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

/// Periods as their text; rows come in runs of one plan period, so a run's
/// text is made once (period text is dates, formatted).
inline std::vector<std::string> period_texts(
    const std::vector<std::optional<chitieu::period>>& periods) {
    std::vector<std::string> out;
    out.reserve(periods.size());
    for(std::size_t i = 0; i < periods.size(); ++i)
        if(i > 0 && periods[i] == periods[i - 1])
            out.push_back(out.back());
        else
            out.push_back(periods[i] ? periods[i]->to_string() : "");
    return out;
}

inline py::dict level_target_columns(chitieu::level_targets&& t) {
    py::dict d;
    const auto plan_period = period_texts({t.plan_period.begin(), t.plan_period.end()});
    const auto baseline = period_texts(t.baseline);
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
