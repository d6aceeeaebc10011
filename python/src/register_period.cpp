#include "binding.hpp"
#include "elapsed_by.hpp"

#include <chitieu/period.hpp>
#include <chitieu/period_dhis2.hpp>

using chitieu::period;
using chitieu::period_index;
using chitieu::period_kind;
namespace greg = boost::gregorian;

namespace {

greg::date to_date(const py::handle& d) {
    if(!py::hasattr(d, "year") || !py::hasattr(d, "month") || !py::hasattr(d, "day"))
        throw chitieu::input_error("expected a date, got " +
                                   py::str(py::repr(d)).cast<std::string>());
    return period::day(d.attr("year").cast<int>(),
                       d.attr("month").cast<int>(),
                       d.attr("day").cast<int>())
        .first();
}

py::object to_py(greg::date d) {
    return py::module_::import("datetime")
        .attr("date")(int(d.year()), int(d.month()), int(d.day()));
}

// Periods arrive as Period objects or identifier strings.
period as_period(const py::handle& h) {
    if(py::isinstance<period>(h)) return h.cast<period>();
    if(py::isinstance<py::str>(h)) return period::parse(h.cast<std::string>());
    throw chitieu::input_error("expected a Period or a period identifier, got " +
                               py::str(py::repr(h)).cast<std::string>());
}

py::array_t<std::int32_t> to_numpy(std::vector<std::int32_t> v) {
    auto* owner = new std::vector<std::int32_t>(std::move(v));
    py::capsule free_when_done(
        owner, [](void* p) { delete static_cast<std::vector<std::int32_t>*>(p); });
    return py::array_t<std::int32_t>(
        {owner->size()}, {sizeof(std::int32_t)}, owner->data(), free_when_done);
}

// Whether `other` (a Period, an identifier or a date) lies wholly inside `p`.
bool contains(const period& p, const py::object& other) {
    if(py::isinstance<period>(other) || py::isinstance<py::str>(other))
        return p.contains(as_period(other));
    return p.contains(to_date(other));
}

// The first or last day of a run of days: a date. A Period or an identifier here is
// the old `Period.range(start, end)` (now `sequence`): said, not misread.
greg::date run_end(const py::handle& d, const char* which) {
    if(py::isinstance<period>(d) || py::isinstance<py::str>(d))
        throw py::type_error(
            std::string("Period.range(first, last) takes dates (a run of "
                        "days); got ") +
            which + " " + py::str(py::repr(d)).cast<std::string>() +
            ": to list consecutive periods use Period.sequence(start, end)");
    return to_date(d);
}

py::tuple bucket_tuple(chitieu::bucket_map m) {
    return py::make_tuple(to_numpy(std::move(m.bucket_of)),
                          py::cast(m.buckets),
                          to_numpy(std::move(m.not_nested)));
}

}  // namespace

void register_period(py::module_& m) {
    py::class_<period>(
        m, "Period", "A reporting period: its kind and first and last day.")
        .def(py::init([](const std::string& text) { return period::parse(text); }),
             "text"_a)
        .def_static(
            "parse",
            &period::parse,
            "text"_a,
            "Parse an identifier (2020Q3, 202007, 2020W05, 2016-2020, ...) or a "
            "Vietnamese phrase ('quý III năm 2017', '6 tháng đầu năm 2020', ...).")
        .def_static("parse_dhis2",
                    &chitieu::dhis2::parse_period,
                    "id"_a,
                    "Parse a DHIS2 period id (2020W5, 2020WedW5, 2020BiW1, 202001B, "
                    "2020NovQ1, 2020AprilS1, 2020NovS1, 2020April, 2020July, 2020Oct, "
                    "2020Nov, ...) with DHIS2's exact dates.")
        .def("to_dhis2",
             &chitieu::dhis2::format_period,
             "The DHIS2 period id; ValueError when no DHIS2 period type has exactly "
             "this period's dates.")
        .def_property_readonly(
            "dhis2_type",
            [](const period& p) -> std::optional<std::string> {
                if(auto t = chitieu::dhis2::type_of(p))
                    return chitieu::dhis2::to_string(*t);
                return std::nullopt;
            },
            "DHIS2's name of the period type with exactly these dates (e.g. "
            "'FinancialApril'), or None.")
        .def_static(
            "day",
            [](int y, int mo, int d) { return period::day(y, mo, d); },
            "year"_a,
            "month"_a,
            "day"_a)
        .def_static("week", &period::week, "iso_year"_a, "week"_a)
        .def_static("month", &period::month, "year"_a, "month"_a)
        .def_static("quarter", &period::quarter, "year"_a, "quarter"_a)
        .def_static("half", &period::half, "year"_a, "half"_a)
        .def_static("year", &period::year, "year"_a)
        .def_static("span", &period::span, "first_year"_a, "last_year"_a)
        .def_static(
            "range",
            [](const py::object& a, const py::object& b) {
                return period::range(run_end(a, "first"), run_end(b, "last"));
            },
            "first"_a,
            "last"_a,
            "A period of kind 'range': an arbitrary run of days, first and last "
            "inclusive (C++ period::range).")
        .def_static(
            "sequence",
            [](const py::object& a, const py::object& b) {
                return period::sequence(as_period(a), as_period(b));
            },
            "start"_a,
            "end"_a,
            "Consecutive periods of one kind from start to end inclusive (C++ "
            "period::sequence).")
        .def_property_readonly(
            "kind", [](const period& p) { return chitieu::to_string(p.kind()); })
        .def_property_readonly("first",
                               [](const period& p) { return to_py(p.first()); })
        .def_property_readonly("last", [](const period& p) { return to_py(p.last()); })
        .def_property_readonly("days", &period::days)
        .def("contains",
             &contains,
             "other"_a,
             "Whether a period or date lies wholly inside this period.")
        .def("__contains__", &contains)
        .def(
            "overlaps",
            [](const period& p, const py::object& o) {
                return p.overlaps(as_period(o));
            },
            "other"_a)
        .def("shift", &period::shift, "years"_a = 0, "months"_a = 0)
        .def("same_period_last_year", &period::same_period_last_year)
        .def("year_to_date", &period::year_to_date)
        .def(
            "parent",
            [](const period& p, const std::string& period_type) {
                return p.parent(chitieu::parse_period_kind(period_type));
            },
            "period_type"_a)
        .def(
            "children",
            [](const period& p, const std::string& period_type) {
                return p.children(chitieu::parse_period_kind(period_type));
            },
            "period_type"_a)
        .def(
            "elapsed_fraction",
            [](const period& p, const py::object& within, const std::string& by) {
                return p.elapsed_fraction(as_period(within), elapsed_by_of(by));
            },
            "within"_a,
            py::kw_only(),
            "elapsed_by"_a = "months")
        .def("__str__", &period::to_string)
        .def("__repr__",
             [](const period& p) { return "Period('" + p.to_string() + "')"; })
        .def("__hash__", [](const period& p) { return std::hash<period>{}(p); })
        .def(py::self == py::self)
        .def(py::self != py::self)
        .def(py::self < py::self)
        .def(py::self <= py::self)
        .def(py::self > py::self)
        .def(py::self >= py::self)
        .def(py::pickle([](const period& p) { return p.to_string(); },
                        [](const std::string& s) { return period::parse(s); }));

    py::class_<period_index>(
        m, "PeriodIndex", "Interning table: period <-> dense int32 id.")
        .def(py::init([](const py::iterable& items) {
                 period_index index;
                 for(const auto& item : items) index.intern(as_period(item));
                 return index;
             }),
             "periods"_a = py::list())
        .def(
            "intern",
            [](period_index& ix, const py::object& p) {
                return ix.intern(as_period(p));
            },
            "period"_a)
        .def(
            "find",
            [](const period_index& ix, const py::object& p) {
                return ix.find(as_period(p));
            },
            "period"_a)
        .def("__len__", &period_index::size)
        .def("__getitem__", &period_index::at, "id"_a)
        .def("periods", &period_index::periods)
        .def("codes",
             [](const period_index& ix) {
                 std::vector<std::string> out;
                 for(const auto& p : ix.periods()) out.push_back(p.to_string());
                 return out;
             })
        .def(
            "map_to_kind",
            [](const period_index& ix, const std::string& kind) {
                return bucket_tuple(
                    chitieu::map_to_kind(ix, chitieu::parse_period_kind(kind)));
            },
            "kind"_a,
            "(bucket_of, buckets, not_nested): each period id's bucket of `kind` (-1 "
            "if it straddles).")
        .def(
            "map_to_periods",
            [](const period_index& ix, const py::iterable& targets) {
                std::vector<period> ts;
                for(const auto& t : targets) ts.push_back(as_period(t));
                return bucket_tuple(chitieu::map_to_periods(ix, ts));
            },
            "targets"_a)
        .def_static(
            "gather",
            [](const py::array_t<std::int32_t, py::array::c_style>& ids,
               const py::array_t<std::int32_t, py::array::c_style>& bucket_of) {
                chitieu::bucket_map map;
                map.bucket_of.assign(bucket_of.data(),
                                     bucket_of.data() + bucket_of.size());
                std::vector<std::int32_t> out(static_cast<std::size_t>(ids.size()));
                {
                    py::gil_scoped_release release;
                    chitieu::gather_buckets(map, ids.data(), out.size(), out.data());
                }
                return to_numpy(std::move(out));
            },
            "ids"_a,
            "bucket_of"_a,
            "Per row: bucket_of[ids[i]], with the GIL released.")
        .def(py::pickle(
            [](const period_index& ix) {
                std::vector<std::string> out;
                for(const auto& p : ix.periods()) out.push_back(p.to_string());
                return out;
            },
            [](const std::vector<std::string>& codes) {
                period_index ix;
                for(const auto& c : codes) ix.intern(period::parse(c));
                return ix;
            }));
}
