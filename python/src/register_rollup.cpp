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

template <class T>
py::array_t<T> copy_of(const std::vector<T>& v) {
    return py::array_t<T>(static_cast<py::ssize_t>(v.size()), v.data());
}

template <class T>
std::vector<T> vector_of(const py::handle& h) {
    const auto a = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(h);
    if(!a) throw py::value_error("corrupt pickled rollup result");
    return std::vector<T>(a.data(), a.data() + a.size());
}

// Pickling: the tables as lists, the row columns as numpy arrays.
py::tuple result_state(const rollup_result& r) {
    std::vector<std::string> periods;
    for(const auto& p : r.periods) periods.push_back(p.to_string());
    return py::make_tuple(r.indicator_codes, r.unit_codes, r.unit_ids, r.unit_levels,
                          r.level_names, periods, copy_of(r.indicator), copy_of(r.unit),
                          copy_of(r.bucket), copy_of(r.value), copy_of(r.money),
                          copy_of(r.exact), copy_of(r.n_reporting), copy_of(r.n_expected));
}

rollup_result result_from(const py::tuple& t) {
    if(t.size() != 14) throw py::value_error("corrupt pickled rollup result");
    rollup_result r;
    r.indicator_codes = t[0].cast<std::vector<std::string>>();
    r.unit_codes = t[1].cast<std::vector<std::string>>();
    r.unit_ids = t[2].cast<std::vector<std::int32_t>>();
    r.unit_levels = t[3].cast<std::vector<std::int32_t>>();
    r.level_names = t[4].cast<std::vector<std::string>>();
    for(const auto& p : t[5].cast<std::vector<std::string>>()) r.periods.push_back(period::parse(p));
    r.indicator = vector_of<std::int32_t>(t[6]);
    r.unit = vector_of<std::int32_t>(t[7]);
    r.bucket = vector_of<std::int32_t>(t[8]);
    r.value = vector_of<double>(t[9]);
    r.money = vector_of<std::int64_t>(t[10]);
    r.exact = vector_of<std::uint8_t>(t[11]);
    r.n_reporting = vector_of<std::int32_t>(t[12]);
    r.n_expected = vector_of<std::int32_t>(t[13]);
    const auto n = r.value.size();
    if(r.indicator.size() != n || r.unit.size() != n || r.bucket.size() != n ||
       r.money.size() != n || r.exact.size() != n || r.n_reporting.size() != n ||
       r.n_expected.size() != n)
        throw py::value_error("corrupt pickled rollup result");
    return r;
}

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
            "Read-only views of the row columns.")
        .def(py::pickle(&result_state, &result_from));

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
