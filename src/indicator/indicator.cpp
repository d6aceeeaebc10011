#include <chitieu/detail/enum_names.hpp>
#include <chitieu/detail/message.hpp>
#include <chitieu/indicator.hpp>

#include "indicator/indicator_parts.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <functional>
#include <sstream>
#include <utility>

namespace chitieu {
namespace {

using detail::quoted;
using detail::trim;

constexpr auto time_names = detail::make_enum_names<time_rule>(
    "time rule", "sum", "last", "first", "mean", "min", "max");
constexpr auto space_names =
    detail::make_enum_names<space_rule>("space rule", "sum", "mean", "min", "max");
constexpr auto type_names =
    detail::make_enum_names<value_type>("value type", "real", "money");
constexpr auto direction_names = detail::make_enum_names<direction>(
    "direction", "higher_is_better", "lower_is_better");
constexpr auto formula_names =
    detail::make_enum_names<formula_kind>("formula", "", "ratio", "difference", "sum");

struct preset_rules {
    std::string_view name;
    time_rule time;
    space_rule space;
};

constexpr std::array<preset_rules, 6> presets{{
    {"flow", time_rule::sum, space_rule::sum},
    {"stock", time_rule::last, space_rule::sum},
    {"stock_average", time_rule::mean, space_rule::sum},
    {"level", time_rule::mean, space_rule::mean},
    {"max", time_rule::max, space_rule::max},
    {"min", time_rule::min, space_rule::min},
}};

indicator make_derived(std::string code, formula_kind kind,
                       std::vector<std::string> parts, double factor, std::string name,
                       std::string unit) {
    indicator ind;
    ind.code = std::move(code);
    ind.name = std::move(name);
    ind.unit = std::move(unit);
    ind.formula = kind;
    ind.parts = std::move(parts);
    ind.factor = factor;
    return ind;
}

}  // namespace

namespace detail {

std::string_view trim(std::string_view s) {
    const auto space = [](char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    };
    while(!s.empty() && space(s.front())) s.remove_prefix(1);
    while(!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

indicator make_indicator(std::string code, std::string name, std::string unit,
                         value_type type, time_rule t, space_rule s) {
    indicator ind;
    ind.code = std::move(code);
    ind.name = std::move(name);
    ind.unit = std::move(unit);
    ind.type = type;
    ind.time = t;
    ind.space = s;
    return ind;
}

}  // namespace detail

std::string_view to_string(time_rule r) {
    return time_names.name(r);
}
std::string_view to_string(space_rule r) {
    return space_names.name(r);
}
std::string_view to_string(value_type t) {
    return type_names.name(t);
}
std::string_view to_string(direction d) {
    return direction_names.name(d);
}
std::string_view to_string(formula_kind f) {
    return formula_names.name(f);
}

time_rule parse_time_rule(std::string_view s) {
    return time_names.parse(trim(s));
}
space_rule parse_space_rule(std::string_view s) {
    return space_names.parse(trim(s));
}
value_type parse_value_type(std::string_view s) {
    return type_names.parse(trim(s));
}
direction parse_direction(std::string_view s) {
    const auto t = trim(s);
    if(t == "higher") return direction::higher_is_better;
    if(t == "lower") return direction::lower_is_better;
    return direction_names.parse(t);
}

std::string indicator::formula_string() const {
    if(!derived()) return {};
    std::string out(to_string(formula));
    out += '(';
    for(std::size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
    if(formula == formula_kind::ratio) out += ", " + detail::number(factor);
    return out + ')';
}

std::optional<std::string_view> indicator::preset() const {
    if(derived()) return std::nullopt;
    for(const auto& p : presets)
        if(p.time == time && p.space == space) return p.name;
    return std::nullopt;
}

indicator indicator::flow(std::string code, std::string name, std::string unit,
                          value_type type) {
    return from_preset("flow", std::move(code), std::move(name), std::move(unit), type);
}
indicator indicator::stock(std::string code, std::string name, std::string unit,
                           value_type type) {
    return from_preset(
        "stock", std::move(code), std::move(name), std::move(unit), type);
}
indicator indicator::stock_average(std::string code, std::string name, std::string unit,
                                   value_type type) {
    return from_preset(
        "stock_average", std::move(code), std::move(name), std::move(unit), type);
}
indicator indicator::level(std::string code, std::string name, std::string unit,
                           value_type type) {
    return from_preset(
        "level", std::move(code), std::move(name), std::move(unit), type);
}
indicator indicator::max(std::string code, std::string name, std::string unit,
                         value_type type) {
    return from_preset("max", std::move(code), std::move(name), std::move(unit), type);
}
indicator indicator::min(std::string code, std::string name, std::string unit,
                         value_type type) {
    return from_preset("min", std::move(code), std::move(name), std::move(unit), type);
}

indicator indicator::from_preset(std::string_view preset, std::string code,
                                 std::string name, std::string unit, value_type type) {
    const auto t = trim(preset);
    for(const auto& p : presets)
        if(p.name == t)
            return detail::make_indicator(std::move(code),
                                          std::move(name),
                                          std::move(unit),
                                          type,
                                          p.time,
                                          p.space);
    std::vector<std::string_view> names;
    for(const auto& p : presets) names.push_back(p.name);
    throw input_error("unknown preset " + quoted(preset) + " for indicator " +
                      quoted(code) + " (" +
                      detail::list_culprits("expected one of", names) + ")");
}

indicator indicator::ratio(std::string code, std::string numerator,
                           std::string denominator, double factor, std::string name,
                           std::string unit) {
    if(!std::isfinite(factor) || factor == 0)
        throw input_error("ratio " + quoted(code) +
                          " needs a finite, non-zero factor, not " +
                          detail::number(factor));
    return make_derived(std::move(code),
                        formula_kind::ratio,
                        {std::move(numerator), std::move(denominator)},
                        factor,
                        std::move(name),
                        std::move(unit));
}

indicator indicator::difference(std::string code, std::string a, std::string b,
                                std::string name, std::string unit) {
    return make_derived(std::move(code),
                        formula_kind::difference,
                        {std::move(a), std::move(b)},
                        100,
                        std::move(name),
                        std::move(unit));
}

indicator indicator::sum(std::string code, std::vector<std::string> parts,
                         std::string name, std::string unit) {
    if(parts.size() < 2)
        throw input_error("sum " + quoted(code) + " needs at least two parts, got " +
                          std::to_string(parts.size()));
    return make_derived(std::move(code),
                        formula_kind::sum,
                        std::move(parts),
                        100,
                        std::move(name),
                        std::move(unit));
}

indicator indicator::from_formula(std::string code, std::string_view formula,
                                  std::string name, std::string unit) {
    const auto bad = [&](const std::string& why) {
        return input_error("bad formula " + quoted(formula) + " for indicator " +
                           quoted(code) + ": " + why +
                           " (expected ratio(a, b[, factor]), difference(a, b) or "
                           "sum(a, b, ...))");
    };
    const auto text = trim(formula);
    const auto open = text.find('(');
    if(open == std::string_view::npos || text.back() != ')')
        throw bad("no parenthesised argument list");
    const auto fn = trim(text.substr(0, open));
    std::vector<std::string> args;
    auto rest = text.substr(open + 1, text.size() - open - 2);
    while(true) {
        const auto comma = rest.find(',');
        const auto arg = trim(rest.substr(0, comma));
        if(arg.empty()) throw bad("empty argument");
        if(arg.find_first_of("() \t") != std::string_view::npos)
            throw bad("argument " + quoted(arg) + " is not a code");
        args.emplace_back(arg);
        if(comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
    }
    if(fn == "ratio") {
        if(args.size() != 2 && args.size() != 3)
            throw bad("ratio takes 2 or 3 arguments");
        double factor = 100;
        if(args.size() == 3) {
            const auto& f = args[2];
            const auto r = std::from_chars(f.data(), f.data() + f.size(), factor);
            if(r.ec != std::errc() || r.ptr != f.data() + f.size())
                throw bad("factor " + quoted(f) + " is not a number");
        }
        return ratio(std::move(code),
                     args[0],
                     args[1],
                     factor,
                     std::move(name),
                     std::move(unit));
    }
    if(fn == "difference") {
        if(args.size() != 2) throw bad("difference takes 2 arguments");
        return difference(
            std::move(code), args[0], args[1], std::move(name), std::move(unit));
    }
    if(fn == "sum") {
        if(args.size() < 2) throw bad("sum takes at least 2 arguments");
        return sum(std::move(code), std::move(args), std::move(name), std::move(unit));
    }
    throw bad("unknown function " + quoted(fn));
}

}  // namespace chitieu
