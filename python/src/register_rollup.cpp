// chitieu._core: partial_rollup, finish, rollup, merge, rollup_state (bytes and
// pickling), rollup_result (columns as read-only numpy views).
#include "binding.hpp"
#include "numpy_columns.hpp"

#include <chitieu/rollup.hpp>

#include <array>

using namespace chitieu;
using chitieu_py::view_of;

namespace {

// period_kind names, in the enum's order (the contract in docs/DESIGN.md).
constexpr std::array<const char*, 8> kind_names{
    "day", "week", "month", "quarter", "half", "year", "span", "range"};

period_kind kind_of(const std::string& name) {
    for(std::size_t k = 0; k < kind_names.size(); ++k)
        if(name == kind_names[k]) return static_cast<period_kind>(k);
    throw input_error("unknown period type '" + name + "' (" +
                      detail::list_culprits("expected one of", kind_names) + ")");
}

rollup_request request_of(std::vector<std::string> levels,
                          std::vector<std::string> units,
                          const std::vector<std::string>& kinds,
                          const std::vector<std::string>& periods,
                          std::vector<std::int32_t> indicators, int threads,
                          const std::optional<std::string>& nans,
                          std::size_t memory_limit) {
    rollup_request r;
    r.levels = std::move(levels);
    r.units = std::move(units);
    for(const auto& k : kinds) r.kinds.push_back(kind_of(k));
    for(const auto& p : periods) r.periods.push_back(period::parse(p));
    r.indicators = std::move(indicators);
    r.threads = threads;
    if(nans) r.nans = parse_nan_policy(*nans);
    if(memory_limit) r.memory_limit = memory_limit;
    return r;
}

// The keyword arguments shared by partial_rollup and rollup.
#define CHITIEU_ROLLUP_ARGS                                            \
    "observations"_a, "hierarchy"_a, "catalog"_a,                      \
        "levels"_a = std::vector<std::string>{},                       \
        "units"_a = std::vector<std::string>{},                        \
        "kinds"_a = std::vector<std::string>{},                        \
        "periods"_a = std::vector<std::string>{},                      \
        "indicators"_a = std::vector<std::int32_t>{}, "threads"_a = 0, \
        "nan_policy"_a = py::none(), "memory_limit"_a = 0

}  // namespace

void register_rollup(py::module_& m) {
    py::class_<rollup_state>(m, "rollup_state", "A mergeable partial rollup.")
        .def(py::init<>())
        .def_property_readonly("rows", &rollup_state::rows)
        .def("bucket_strings",
             [](const rollup_state& s) {
                 std::vector<std::string> out;
                 for(const auto& p : s.buckets()) out.push_back(p.to_string());
                 return out;
             })
        .def("to_bytes", [](const rollup_state& s) { return py::bytes(s.to_bytes()); })
        .def_static("from_bytes",
                    [](const py::bytes& b) {
                        return rollup_state::from_bytes(std::string_view(b));
                    })
        .def(py::pickle([](const rollup_state& s) { return py::bytes(s.to_bytes()); },
                        [](const py::bytes& b) {
                            return rollup_state::from_bytes(std::string_view(b));
                        }));

    m.def(
        "merge",
        [](const rollup_state& a, const rollup_state& b) {
            py::gil_scoped_release release;
            return merge(a, b);
        },
        "a"_a,
        "b"_a,
        "The state of both states' rows; b counts as the later rows.");

    py::class_<rollup_result>(m, "rollup_result", "Rows of a finished rollup.")
        .def("__len__", &rollup_result::size)
        .def_readonly("indicator_codes", &rollup_result::indicator_codes)
        .def_readonly("unit_codes", &rollup_result::unit_codes)
        .def_readonly("unit_ids", &rollup_result::unit_ids)
        .def_readonly("unit_levels", &rollup_result::unit_levels)
        .def_readonly("level_names", &rollup_result::level_names)
        .def("period_strings",
             [](const rollup_result& r) {
                 std::vector<std::string> out;
                 for(const auto& p : r.periods) out.push_back(p.to_string());
                 return out;
             })
        .def("period_kinds",
             [](const rollup_result& r) {
                 std::vector<std::string> out;
                 for(const auto& p : r.periods)
                     out.push_back(kind_names[static_cast<std::size_t>(p.kind())]);
                 return out;
             })
        .def(
            "columns",
            [](py::object self) {
                const auto& r = self.cast<const rollup_result&>();
                py::dict out;
                out["indicator"] = view_of(r.indicator, self);
                out["unit"] = view_of(r.unit, self);
                out["bucket"] = view_of(r.bucket, self);
                out["value"] = view_of(r.value, self);
                out["money"] = view_of(r.money, self);
                out["exact"] = view_of(r.exact, self).attr("view")("bool");
                out["n_reporting"] = view_of(r.n_reporting, self);
                out["n_expected"] = view_of(r.n_expected, self);
                return out;
            },
            "Read-only views of the row columns.");

    m.def(
        "partial_rollup",
        [](const observations& obs,
           const hierarchy& h,
           const catalog& cat,
           std::vector<std::string>
               levels,
           std::vector<std::string>
               units,
           const std::vector<std::string>& kinds,
           const std::vector<std::string>& periods,
           std::vector<std::int32_t>
               indicators,
           int threads,
           const std::optional<std::string>& nans,
           std::size_t memory_limit) {
            const auto req = request_of(std::move(levels),
                                        std::move(units),
                                        kinds,
                                        periods,
                                        std::move(indicators),
                                        threads,
                                        nans,
                                        memory_limit);
            py::gil_scoped_release release;
            return partial_rollup(obs, h, cat, req);
        },
        CHITIEU_ROLLUP_ARGS);

    m.def(
        "finish",
        [](const rollup_state& s, int threads) {
            py::gil_scoped_release release;
            return finish(s, threads);
        },
        "state"_a,
        "threads"_a = 0);

    m.def(
        "rollup",
        [](const observations& obs,
           const hierarchy& h,
           const catalog& cat,
           std::vector<std::string>
               levels,
           std::vector<std::string>
               units,
           const std::vector<std::string>& kinds,
           const std::vector<std::string>& periods,
           std::vector<std::int32_t>
               indicators,
           int threads,
           const std::optional<std::string>& nans,
           std::size_t memory_limit) {
            const auto req = request_of(std::move(levels),
                                        std::move(units),
                                        kinds,
                                        periods,
                                        std::move(indicators),
                                        threads,
                                        nans,
                                        memory_limit);
            py::gil_scoped_release release;
            return rollup(obs, h, cat, req);
        },
        CHITIEU_ROLLUP_ARGS);
}

#undef CHITIEU_ROLLUP_ARGS
