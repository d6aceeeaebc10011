// chitieu._core.indicator and chitieu._core.catalog. Enums cross as their names
// ("sum", "money", ...); chitieu.Indicator and chitieu.Catalog wrap these.
#include "binding.hpp"

#include <chitieu/detail/csv.hpp>

#include <chitieu/indicator.hpp>

using namespace chitieu;

namespace {

template <class Enum, class Parse>
void def_enum_property(py::class_<indicator>& cls, const char* name,
                       Enum indicator::* field, Parse parse) {
    cls.def_property(
        name,
        [field](const indicator& i) { return std::string(to_string(i.*field)); },
        [field, parse](indicator& i, const std::string& s) { i.*field = parse(s); });
}

}  // namespace

void register_indicator(py::module_& m) {
    py::class_<indicator> ind(
        m, "indicator", "One indicator: code, names and aggregation rules.");
    ind.def(py::init([](std::string code,
                        std::string name,
                        std::string unit,
                        const std::string& type,
                        const std::string& better,
                        const std::string& time,
                        const std::string& space,
                        bool cumulative) {
                indicator i;
                i.code = std::move(code);
                i.name = std::move(name);
                i.unit = std::move(unit);
                i.type = parse_value_type(type);
                i.better = parse_direction(better);
                i.time = parse_time_rule(time);
                i.space = parse_space_rule(space);
                i.cumulative = cumulative;
                return i;
            }),
            "code"_a,
            "name"_a = "",
            "unit"_a = "",
            "value_type"_a = "real",
            "direction"_a = "higher_is_better",
            "time_rule"_a = "sum",
            "space_rule"_a = "sum",
            "cumulative"_a = false)
        .def_readwrite("code", &indicator::code)
        .def_readwrite("name", &indicator::name)
        .def_readwrite("unit", &indicator::unit)
        .def_readwrite("cumulative", &indicator::cumulative)
        .def_readonly("parts", &indicator::parts)
        .def_readonly("factor", &indicator::factor)
        .def_property_readonly("derived", &indicator::derived)
        .def_property_readonly("is_flow", &indicator::is_flow)
        .def_property_readonly("formula", &indicator::formula_string)
        .def_property_readonly(
            "formula_kind",
            [](const indicator& i) { return std::string(to_string(i.formula)); })
        .def_property_readonly("preset",
                               [](const indicator& i) -> std::optional<std::string> {
                                   if(auto p = i.preset()) return std::string(*p);
                                   return std::nullopt;
                               })
        .def_static(
            "from_preset",
            [](const std::string& preset,
               std::string code,
               std::string name,
               std::string unit,
               const std::string& type) {
                return indicator::from_preset(preset,
                                              std::move(code),
                                              std::move(name),
                                              std::move(unit),
                                              parse_value_type(type));
            },
            "preset"_a,
            "code"_a,
            "name"_a = "",
            "unit"_a = "",
            "value_type"_a = "real")
        .def("__copy__", [](const indicator& i) { return i; })
        .def("__deepcopy__", [](const indicator& i, py::dict) { return i; });
    // Derived indicators: (code, what they are made of..., name = "", unit = "").
    const auto def_derived = [&ind](const char* what, auto make, auto... parts) {
        ind.def_static(what, make, "code"_a, parts..., "name"_a = "", "unit"_a = "");
    };
    def_derived(
        "ratio", &indicator::ratio, "numerator"_a, "denominator"_a, "factor"_a = 100.0);
    def_derived("difference", &indicator::difference, "a"_a, "b"_a);
    def_derived("sum", &indicator::sum, "parts"_a);
    def_derived("from_formula", &indicator::from_formula, "formula"_a);
    def_enum_property(ind, "value_type", &indicator::type, parse_value_type);
    def_enum_property(ind, "direction", &indicator::better, parse_direction);
    def_enum_property(ind, "time_rule", &indicator::time, parse_time_rule);
    def_enum_property(ind, "space_rule", &indicator::space, parse_space_rule);

    py::class_<catalog>(m, "catalog", "Indicators interned to dense ids.")
        .def(py::init<>())
        .def(py::init<std::vector<indicator>>(), "indicators"_a)
        .def("add", py::overload_cast<indicator>(&catalog::add), "indicator"_a)
        .def("add_all",
             py::overload_cast<std::vector<indicator>>(&catalog::add),
             "indicators"_a)
        .def("__len__", &catalog::size)
        .def("id", &catalog::id, "code"_a)
        .def("find", &catalog::find, "code"_a)
        .def("at", &catalog::at, "id"_a)
        .def("parts", &catalog::parts, "id"_a)
        .def("evaluation_order", &catalog::evaluation_order)
        .def("closure", &catalog::closure, "ids"_a)
        .def("codes",
             [](const catalog& c) {
                 std::vector<std::string> out;
                 for(std::size_t k = 0; k < c.size(); ++k)
                     out.push_back(c[static_cast<std::int32_t>(k)].code);
                 return out;
             })
        .def_static("from_table", &catalog::from_table, "columns"_a, "rows"_a)
        .def_static("from_csv", &catalog::from_csv, "path"_a)
        .def_static(
            "from_csv_text",
            [](std::string text, const std::string& source) {
                // The same C++ reader as from_csv, for text already in memory.
                auto table = chitieu::detail::parse_csv(std::move(text), source);
                return catalog::from_table(table.header, table.rows);
            },
            "text"_a,
            "source"_a)
        .def_property_readonly("fingerprint", &catalog::fingerprint)
        .def("__copy__", [](const catalog& c) { return c; })
        .def("__deepcopy__", [](const catalog& c, py::dict) { return c; });
}
