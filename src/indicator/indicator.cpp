#include <chitieu/detail/csv.hpp>
#include <chitieu/detail/enum_names.hpp>
#include <chitieu/detail/message.hpp>
#include <chitieu/indicator.hpp>

#include "common/fingerprint.hpp"

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

std::string_view trim(std::string_view s) {
    const auto space = [](char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    };
    while(!s.empty() && space(s.front())) s.remove_prefix(1);
    while(!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

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

indicator make(std::string code, std::string name, std::string unit, value_type type,
               time_rule t, space_rule s) {
    indicator ind;
    ind.code = std::move(code);
    ind.name = std::move(name);
    ind.unit = std::move(unit);
    ind.type = type;
    ind.time = t;
    ind.space = s;
    return ind;
}

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
            return make(std::move(code),
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

// ---------------------------------------------------------------------------
// catalog

catalog::catalog(std::vector<indicator> indicators) {
    add(std::move(indicators));
}

std::int32_t catalog::add(indicator ind) {
    std::vector<indicator> one;
    one.push_back(std::move(ind));
    add(std::move(one));
    return static_cast<std::int32_t>(items_.size() - 1);
}

void catalog::add(std::vector<indicator> batch) {
    const auto base = static_cast<std::int32_t>(items_.size());
    std::unordered_map<std::string, std::int32_t> new_ids;
    std::vector<std::string> duplicates, empty_rows;
    for(std::size_t i = 0; i < batch.size(); ++i) {
        const auto& code = batch[i].code;
        if(code.empty())
            empty_rows.push_back(std::to_string(i + 1));
        else if(ids_.count(code) ||
                !new_ids.emplace(code, base + static_cast<std::int32_t>(i)).second)
            duplicates.push_back(quoted(code));
    }
    if(!empty_rows.empty())
        throw input_error(
            detail::list_culprits("indicator without a code at position", empty_rows));
    if(!duplicates.empty())
        throw input_error(
            detail::list_culprits("duplicate indicator code", duplicates));

    const auto lookup = [&](const std::string& code) -> std::optional<std::int32_t> {
        if(auto it = new_ids.find(code); it != new_ids.end()) return it->second;
        return find(code);
    };
    std::vector<std::vector<std::int32_t>> parts(batch.size());
    std::vector<std::string> missing;
    for(std::size_t i = 0; i < batch.size(); ++i) {
        for(const auto& p : batch[i].parts) {
            if(auto id = lookup(p))
                parts[i].push_back(*id);
            else
                missing.push_back(quoted(p) + " (needed by " + quoted(batch[i].code) +
                                  ")");
        }
        if(batch[i].derived() && batch[i].parts.empty())
            missing.push_back("the parts of " + quoted(batch[i].code));
    }
    if(!missing.empty())
        throw input_error(detail::list_culprits(
            "derived indicator part not in the catalog", missing));

    // Depth-first topological order of the new derived indicators; a grey node met
    // again closes a cycle, reported as the path around it.
    std::vector<std::int32_t> order;
    std::vector<char> mark(batch.size(), 0);  // 0 new, 1 on the stack, 2 done
    std::vector<std::int32_t> stack;
    std::function<void(std::size_t)> visit = [&](std::size_t i) {
        if(mark[i] == 2) return;
        if(mark[i] == 1) {
            std::vector<std::string> path;
            const auto from =
                std::find(stack.begin(), stack.end(), static_cast<std::int32_t>(i));
            for(auto it = from; it != stack.end(); ++it)
                path.push_back(batch[static_cast<std::size_t>(*it)].code);
            path.push_back(batch[i].code);
            std::string text;
            for(std::size_t k = 0; k < path.size(); ++k)
                text += (k ? " -> " : "") + path[k];
            throw input_error("derived indicators form a cycle: " + text);
        }
        mark[i] = 1;
        stack.push_back(static_cast<std::int32_t>(i));
        for(const auto p : parts[i])
            if(p >= base) visit(static_cast<std::size_t>(p - base));
        stack.pop_back();
        mark[i] = 2;
        if(batch[i].derived()) order.push_back(base + static_cast<std::int32_t>(i));
    };
    for(std::size_t i = 0; i < batch.size(); ++i) visit(i);

    // A difference or sum of money parts is money; anything else derived is real.
    const auto type_of = [&](std::int32_t id) {
        return id >= base ? batch[static_cast<std::size_t>(id - base)].type
                          : items_[static_cast<std::size_t>(id)].type;
    };
    for(const auto id : order) {
        auto& ind = batch[static_cast<std::size_t>(id - base)];
        const auto& ps = parts[static_cast<std::size_t>(id - base)];
        const bool money = ind.formula != formula_kind::ratio &&
                           std::all_of(ps.begin(), ps.end(), [&](std::int32_t p) {
                               return type_of(p) == value_type::money;
                           });
        ind.type = money ? value_type::money : value_type::real;
        ind.cumulative = false;
    }

    for(std::size_t i = 0; i < batch.size(); ++i) {
        ids_.emplace(batch[i].code, base + static_cast<std::int32_t>(i));
        items_.push_back(std::move(batch[i]));
        parts_.push_back(std::move(parts[i]));
    }
    order_.insert(order_.end(), order.begin(), order.end());
}

std::int32_t catalog::id(std::string_view code) const {
    if(auto id = find(code)) return *id;
    throw unknown_code("unknown indicator code " + quoted(code));
}

std::optional<std::int32_t> catalog::find(std::string_view code) const {
    const auto it = ids_.find(std::string(code));
    if(it == ids_.end()) return std::nullopt;
    return it->second;
}

const indicator& catalog::at(std::int32_t id) const {
    if(id < 0 || static_cast<std::size_t>(id) >= items_.size())
        throw unknown_code("indicator id " + std::to_string(id) + " out of range (" +
                           std::to_string(items_.size()) + " indicators)");
    return items_[static_cast<std::size_t>(id)];
}

const std::vector<std::int32_t>& catalog::parts(std::int32_t id) const {
    at(id);
    return parts_[static_cast<std::size_t>(id)];
}

std::vector<std::int32_t> catalog::closure(const std::vector<std::int32_t>& ids) const {
    std::vector<char> seen(items_.size(), 0);
    std::vector<std::int32_t> todo;
    for(const auto id : ids) {
        at(id);
        todo.push_back(id);
    }
    while(!todo.empty()) {
        const auto id = todo.back();
        todo.pop_back();
        if(seen[static_cast<std::size_t>(id)]) continue;
        seen[static_cast<std::size_t>(id)] = 1;
        for(const auto p : parts_[static_cast<std::size_t>(id)]) todo.push_back(p);
    }
    std::vector<std::int32_t> out;
    for(std::size_t i = 0; i < seen.size(); ++i)
        if(seen[i]) out.push_back(static_cast<std::int32_t>(i));
    return out;
}

std::uint64_t catalog::fingerprint() const {
    detail::fingerprinter fp;
    fp.add(items_.size());
    for(const auto& ind : items_) {
        fp.add(ind.code);
        fp.add(static_cast<std::uint64_t>(ind.type));
        fp.add(static_cast<std::uint64_t>(ind.time));
        fp.add(static_cast<std::uint64_t>(ind.space));
        fp.add(static_cast<std::uint64_t>(ind.cumulative));
        fp.add(ind.derived() ? ind.formula_string() : std::string());
    }
    return fp.value();
}

catalog catalog::from_table(const std::vector<std::string>& columns,
                            const std::vector<std::vector<std::string>>& rows) {
    static const std::array<std::string_view, 10> known{"code",
                                                        "name",
                                                        "unit",
                                                        "value_type",
                                                        "direction",
                                                        "preset",
                                                        "time_rule",
                                                        "space_rule",
                                                        "formula",
                                                        "cumulative"};
    std::array<int, known.size()> col{};
    col.fill(-1);
    std::vector<std::string> unknown;
    for(std::size_t c = 0; c < columns.size(); ++c) {
        const auto name = trim(columns[c]);
        const auto it = std::find(known.begin(), known.end(), name);
        if(it == known.end())
            unknown.push_back(quoted(columns[c]));
        else
            col[static_cast<std::size_t>(it - known.begin())] = static_cast<int>(c);
    }
    if(!unknown.empty())
        throw input_error(
            detail::list_culprits("unknown indicator table column", unknown) + " (" +
            detail::list_culprits("known columns", known) + ")");
    if(col[0] < 0) throw input_error("indicator table has no 'code' column");

    std::vector<indicator> out;
    out.reserve(rows.size());
    for(std::size_t r = 0; r < rows.size(); ++r) {
        const auto& row = rows[r];
        if(row.size() != columns.size())
            throw input_error("indicator table row " + std::to_string(r + 1) + " has " +
                              std::to_string(row.size()) + " fields, expected " +
                              std::to_string(columns.size()));
        const auto field = [&](std::size_t k) -> std::string {
            return col[k] < 0
                       ? std::string()
                       : std::string(trim(row[static_cast<std::size_t>(col[k])]));
        };
        const auto code = field(0);
        try {
            const auto type =
                field(3).empty() ? value_type::real : parse_value_type(field(3));
            indicator ind;
            if(!field(8).empty()) {
                if(!field(5).empty() || !field(6).empty() || !field(7).empty())
                    throw input_error("give a formula or aggregation rules, not both");
                ind = indicator::from_formula(code, field(8), field(1), field(2));
            } else if(!field(5).empty()) {
                if(!field(6).empty() || !field(7).empty())
                    throw input_error(
                        "give a preset or time_rule/space_rule, not both");
                ind = indicator::from_preset(field(5), code, field(1), field(2), type);
            } else if(!field(6).empty() && !field(7).empty()) {
                ind = make(code,
                           field(1),
                           field(2),
                           type,
                           parse_time_rule(field(6)),
                           parse_space_rule(field(7)));
            } else {
                throw input_error(
                    "needs a preset, both time_rule and space_rule, or a formula");
            }
            if(!field(4).empty()) ind.better = parse_direction(field(4));
            const auto cum = field(9);
            if(cum == "true" || cum == "True" || cum == "TRUE" || cum == "1")
                ind.cumulative = true;
            else if(!(cum.empty() || cum == "false" || cum == "False" ||
                      cum == "FALSE" || cum == "0"))
                throw input_error("cumulative must be true or false, not " +
                                  quoted(cum));
            out.push_back(std::move(ind));
        } catch(const input_error& e) {
            throw input_error("indicator table row " + std::to_string(r + 1) + " (" +
                              quoted(code) + "): " + e.what());
        }
    }
    return catalog(std::move(out));
}

catalog catalog::from_csv(const std::string& path) {
    auto table = detail::parse_csv(detail::read_file(path), "CSV file '" + path + "'");
    return from_table(table.header, table.rows);
}

}  // namespace chitieu
