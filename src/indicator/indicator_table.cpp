// Catalogs from tables: the columns of an indicator CSV (code, name, unit,
// value_type, direction, preset or time_rule/space_rule or formula, cumulative).
#include <chitieu/detail/csv.hpp>
#include <chitieu/detail/message.hpp>
#include <chitieu/indicator.hpp>

#include "indicator/indicator_parts.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace chitieu {

using detail::quoted;
using detail::trim;

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
                ind = detail::make_indicator(code,
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
