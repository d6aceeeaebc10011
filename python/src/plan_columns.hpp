// Plan-side columns out to numpy: owned arrays, enum codes, the targets of a
// level (shared by the plan and assessment bindings).
#pragma once

#include "binding.hpp"

#include <chitieu/plan.hpp>

#include <optional>
#include <string>
#include <unordered_map>
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

/// A text column as (codes, texts): each distinct text once and each row's
/// number into them, so the frame takes its column from a few Python strings,
/// not one a row. Rows come in runs (a family's share a plan period, a
/// version): a run's text is made once (period text is dates, formatted).
template <class T, class Text>
py::tuple coded_texts(const std::vector<T>& values, Text&& text_of) {
    std::vector<std::uint32_t> codes(values.size());
    std::vector<std::string> texts;
    std::unordered_map<std::string, std::uint32_t> number;
    for(std::size_t i = 0; i < values.size(); ++i) {
        if(i > 0 && values[i] == values[i - 1]) {
            codes[i] = codes[i - 1];
            continue;
        }
        auto text = text_of(values[i]);
        const auto [it, fresh] =
            number.try_emplace(text, static_cast<std::uint32_t>(texts.size()));
        if(fresh) texts.push_back(std::move(text));
        codes[i] = it->second;
    }
    return py::make_tuple(owned(std::move(codes)), texts);
}

inline py::dict level_target_columns(chitieu::level_targets&& t) {
    py::dict d;
    d["plan_period"] =
        coded_texts(t.plan_period, [](const auto& p) { return p.to_string(); });
    d["baseline_period"] = coded_texts(
        t.baseline, [](const auto& p) { return p ? p->to_string() : std::string(); });
    d["plan_version"] = coded_texts(t.version, [](const auto& v) { return v; });
    d["indicator"] = owned(std::move(t.indicator));
    d["unit"] = owned(std::move(t.unit));
    d["kind"] = codes_of(t.kind);
    d["bound"] = codes_of(t.bound);
    d["target"] = owned(std::move(t.value));
    d["lo"] = owned(std::move(t.lo));
    d["hi"] = owned(std::move(t.hi));
    d["change_unit"] = codes_of(t.change);
    d["target_source"] = codes_of(t.source);
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
