// chitieu._core: partial_rollup, finish, rollup, merge, rollup_state (bytes and
// pickling), rollup_result (columns as read-only numpy views, or copies made by
// several threads for a frame).
#include "binding.hpp"
#include "numpy_columns.hpp"

#include <chitieu/rollup.hpp>

#include "row_slices.hpp"

#include <algorithm>
#include <functional>
#include <limits>

using namespace chitieu;
using chitieu_py::view_of;

namespace {

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

// A column for the frame: a view, or (copy) a new array filled in `fills`.
template <class T>
py::array frame_column(
    const std::vector<T>& v, py::handle self, bool copy,
    std::vector<std::function<void(std::size_t, std::size_t)>>& fills) {
    if(!copy) return view_of(v, self);
    py::array_t<T> out(static_cast<py::ssize_t>(v.size()));
    T* to = out.mutable_data();
    if(!v.empty())
        fills.emplace_back([to, from = v.data()](std::size_t b, std::size_t e) {
            std::copy(from + b, from + e, to + b);
        });
    return out;
}

py::dict result_columns(py::object self, bool copy, int threads) {
    const auto& r = self.cast<const rollup_result&>();
    const std::size_t n = r.size();
    std::vector<std::function<void(std::size_t, std::size_t)>> fills;
    py::dict out;
    out["indicator"] = view_of(r.indicator, self);
    out["unit"] = view_of(r.unit, self);
    out["bucket"] = view_of(r.bucket, self);
    out["value"] = frame_column(r.value, self, copy, fills);
    out["money"] = frame_column(r.money, self, copy, fills);
    out["exact"] = frame_column(r.exact, self, copy, fills).attr("view")("bool");
    out["n_reporting"] = frame_column(r.n_reporting, self, copy, fills);
    out["n_expected"] = frame_column(r.n_expected, self, copy, fills);
    // Coverage in percent: reporting over expected units (NaN: none).
    py::array_t<double> coverage(static_cast<py::ssize_t>(n));
    double* c = coverage.mutable_data();
    fills.emplace_back([&r, c](std::size_t b, std::size_t e) {
        for(std::size_t i = b; i < e; ++i)
            c[i] = r.n_expected[i] > 0 ? 100.0 * r.n_reporting[i] / r.n_expected[i]
                                       : std::numeric_limits<double>::quiet_NaN();
    });
    out["coverage"] = coverage;
    {
        py::gil_scoped_release release;
        // money and exact are empty or one entry a row, like every other column
        chitieu_py::for_row_slices(n,
                                   chitieu_py::slices_for(n, threads),
                                   [&](unsigned, std::size_t b, std::size_t e) {
                                       for(const auto& fill : fills) fill(b, e);
                                       return e;
                                   });
    }
    return out;
}

// Pickling: the tables as lists, the row columns as numpy arrays.
py::tuple result_state(const rollup_result& r) {
    std::vector<std::string> periods;
    for(const auto& p : r.periods) periods.push_back(p.to_string());
    return py::make_tuple(r.indicator_codes,
                          r.unit_codes,
                          r.unit_ids,
                          r.unit_levels,
                          r.level_names,
                          periods,
                          copy_of(r.indicator),
                          copy_of(r.unit),
                          copy_of(r.bucket),
                          copy_of(r.value),
                          copy_of(r.money),
                          copy_of(r.exact),
                          copy_of(r.n_reporting),
                          copy_of(r.n_expected));
}

rollup_result result_from(const py::tuple& t) {
    if(t.size() != 14) throw py::value_error("corrupt pickled rollup result");
    rollup_result r;
    r.indicator_codes = t[0].cast<std::vector<std::string>>();
    r.unit_codes = t[1].cast<std::vector<std::string>>();
    r.unit_ids = t[2].cast<std::vector<std::int32_t>>();
    r.unit_levels = t[3].cast<std::vector<std::int32_t>>();
    r.level_names = t[4].cast<std::vector<std::string>>();
    for(const auto& p : t[5].cast<std::vector<std::string>>())
        r.periods.push_back(period::parse(p));
    r.indicator = vector_of<std::int32_t>(t[6]);
    r.unit = vector_of<std::int32_t>(t[7]);
    r.bucket = vector_of<std::int32_t>(t[8]);
    r.value = vector_of<double>(t[9]);
    r.money = vector_of<std::int64_t>(t[10]);
    r.exact = vector_of<std::uint8_t>(t[11]);
    r.n_reporting = vector_of<std::int32_t>(t[12]);
    r.n_expected = vector_of<std::int32_t>(t[13]);
    const auto n = r.value.size();
    // money and exact: one per row, or none when no row is exact
    const auto exact_rows = r.exact.empty() ? n : r.exact.size();
    if(r.indicator.size() != n || r.unit.size() != n || r.bucket.size() != n ||
       r.money.size() != r.exact.size() || exact_rows != n ||
       r.n_reporting.size() != n || r.n_expected.size() != n)
        throw py::value_error("corrupt pickled rollup result");
    return r;
}

}  // namespace

void register_rollup(py::module_& m) {
    py::class_<rollup_state> state(m, "rollup_state", "A mergeable partial rollup.");
    state.def(py::init<>())
        .def_property_readonly("rows", &rollup_state::rows)
        .def("bucket_strings", [](const rollup_state& s) {
            std::vector<std::string> out;
            for(const auto& p : s.buckets()) out.push_back(p.to_string());
            return out;
        });
    def_bytes(state);
    def_without_gil<rollup_state, rollup_state>(
        m,
        "merge",
        [](const rollup_state& a, const rollup_state& b) { return merge(a, b); },
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
                 for(const auto& p : r.periods) out.push_back(to_string(p.kind()));
                 return out;
             })
        .def("columns",
             &result_columns,
             py::kw_only(),
             "copy"_a = false,
             "threads"_a = 1,
             "The row columns: read-only views, or with copy=True arrays of their own "
             "(value, money, exact, n_reporting, n_expected), written by `threads` "
             "threads (0: every core); coverage is always a new array.")
        .def(py::pickle(&result_state, &result_from));

    py::class_<rollup_request>(m, "rollup_request", "What a rollup aggregates to.")
        .def(py::init<>())
        .def_readwrite("levels", &rollup_request::levels)
        .def_readwrite("units", &rollup_request::units)
        .def_readwrite("groups", &rollup_request::groups)
        .def_property(
            "kinds",
            [](const rollup_request& r) {
                std::vector<std::string> out;
                for(const auto k : r.kinds) out.push_back(to_string(k));
                return out;
            },
            [](rollup_request& r, const std::vector<std::string>& names) {
                r.kinds.clear();
                for(const auto& k : names) r.kinds.push_back(parse_period_kind(k));
            })
        .def_property(
            "periods",
            [](const rollup_request& r) { return r.periods; },
            // Periods cross as values (chitieu.Period), never as text.
            [](rollup_request& r, const std::vector<period>& periods) {
                r.periods = periods;
            })
        .def_readwrite("indicators", &rollup_request::indicators)
        .def_readwrite("threads", &rollup_request::threads)
        .def_property(
            "nan_policy",
            [](const rollup_request& r) -> std::optional<std::string> {
                if(r.nans) return std::string(to_string(*r.nans));
                return std::nullopt;
            },
            [](rollup_request& r, const std::optional<std::string>& p) {
                r.nans =
                    p ? std::optional<nan_policy>(parse_nan_policy(*p)) : std::nullopt;
            })
        .def_readwrite("memory_limit", &rollup_request::memory_limit);

    // The rollup and its partial state take the same arguments.
    const auto with_catalog = [&m](const char* name, auto run) {
        def_without_gil<observations, hierarchy, catalog, rollup_request>(
            m, name, run, "observations"_a, "hierarchy"_a, "catalog"_a, "request"_a);
    };
    with_catalog("rollup", [](const auto&... a) { return rollup(a...); });
    with_catalog("partial_rollup",
                 [](const auto&... a) { return partial_rollup(a...); });
    def_without_gil<rollup_state, int>(
        m,
        "finish",
        [](const rollup_state& s, int threads) { return finish(s, threads); },
        "state"_a,
        "threads"_a = 0);
}
