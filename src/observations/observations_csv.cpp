// observations_builder::add_csv: a CSV file of codes, periods and values read
// by the one CSV reader (detail/csv.hpp); every refused field is named by file,
// line, column and value.
#include <chitieu/detail/csv.hpp>
#include <chitieu/detail/message.hpp>
#include <chitieu/observations_builder.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>

namespace chitieu {
namespace {

using detail::quoted;

// Spaces and tabs around a number ("1e3 ") are layout, not part of the value.
std::string_view strip(std::string_view s) {
    const auto first = s.find_first_not_of(" \t");
    if(first == std::string_view::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

// Line breaks inside a record's quoted fields: the record after it starts that
// many lines further down than its record number.
std::size_t line_breaks(const std::vector<std::string>& fields) {
    std::size_t n = 0;
    for(const auto& f : fields)
        for(std::size_t i = 0; i < f.size(); ++i)
            n += f[i] == '\n' ||
                 (f[i] == '\r' && (i + 1 == f.size() || f[i + 1] != '\n'));
    return n;
}

std::optional<std::int64_t> whole_number(std::string_view s) {
    if(!s.empty() && s.front() == '+') s.remove_prefix(1);
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if(ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return v;
}

// "1.250" reads as 1250 with Vietnamese grouping and as 1.25 without: a value
// of that shape is refused rather than guessed.
bool grouped_digits(std::string_view s) {
    if(!s.empty() && (s.front() == '+' || s.front() == '-')) s.remove_prefix(1);
    const auto dot = s.find('.');
    if(dot == 0 || dot > 3 || s.front() == '0') return false;
    for(std::size_t i = 0; i < s.size(); ++i) {
        const bool at_dot = i >= dot && (i - dot) % 4 == 0;
        if(at_dot ? s[i] != '.' : !(s[i] >= '0' && s[i] <= '9')) return false;
    }
    return (s.size() - dot) % 4 == 0;
}

// A plain number as the indicator keeps it, or why not.
std::string parse_value(std::string_view text, value_type type, reported_value& out) {
    if(text.empty())
        return "is blank: a value is required (leave out the row of a value not "
               "reported)";
    if(grouped_digits(text))
        return "has grouped digits or three decimals (1250 or 1.25?): write the "
               "plain number";
    if(const auto v = whole_number(text)) {
        out = *v;
        return {};
    }
    if(type == value_type::money) {
        // Whole đồng with zero decimals ("1200.00") is still read as text, exactly.
        const auto dot = text.find('.');
        if(dot != std::string_view::npos && dot + 1 < text.size() &&
           text.find_first_not_of('0', dot + 1) == std::string_view::npos)
            if(const auto v = whole_number(text.substr(0, dot))) {
                out = *v;
                return {};
            }
        return "is not a whole number of đồng (the indicator is money)";
    }
    auto body = text;
    if(body.front() == '+') body.remove_prefix(1);
    double v = 0;
    const auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), v);
    if(ec != std::errc() || end != body.data() + body.size())
        return "is not a plain number (1234, -0.5, 1e6)";
    if(!std::isfinite(v)) return "is not a finite number";
    out = v;
    return {};
}

}  // namespace

observations_builder& observations_builder::add_csv(
    const std::string& path, const observation_csv_columns& columns) {
    return add_csv_text(detail::read_file(path), "CSV file '" + path + "'", columns);
}

observations_builder& observations_builder::add_csv_text(
    std::string text, const std::string& source,
    const observation_csv_columns& columns) {
    const auto table = detail::parse_csv(std::move(text), source);
    const auto column_of = [&](const std::string& name) {
        const auto k = static_cast<std::size_t>(
            std::find(table.header.begin(), table.header.end(), name) -
            table.header.begin());
        if(k == table.header.size())
            throw input_error(source + " has no column " + quoted(name));
        return k;
    };
    const auto ind_col = column_of(columns.indicator);
    const auto unit_col = column_of(columns.unit);
    const auto per_col = column_of(columns.period);
    const auto value_col = column_of(columns.value);
    const auto rev_col =
        columns.revision.empty() ? table.header.size() : column_of(columns.revision);

    const auto rows_before = size();
    const auto periods_before = periods_.size();
    try {
        reserve(rows_before + table.rows.size());
        std::size_t shift = line_breaks(table.header);
        for(std::size_t r = 0; r < table.rows.size(); ++r) {
            const auto& fields = table.rows[r];
            const auto line = table.row_numbers[r] + shift;
            const auto where = [&](std::size_t k) {
                return source + ", line " + std::to_string(line) + ", column " +
                       std::to_string(k + 1) + " (" + table.header[k] + ")";
            };
            const auto refuse = [&](std::size_t k, const std::string& why) {
                return input_error(where(k) + ": " + quoted(fields[k]) + " " + why);
            };
            // Messages are written only for a refused row: the usual row pays
            // two lookups, not two strings.
            auto ind = indicators_->find(fields[ind_col]).value_or(-1);
            if(ind < 0 || (*indicators_)[ind].derived())
                ind = indicator_id(fields[ind_col], where(ind_col));
            auto unit = units_->find(fields[unit_col]).value_or(-1);
            if(unit < 0) unit = unit_id(fields[unit_col], where(unit_col));
            reported_value value;
            const auto value_text = strip(fields[value_col]);
            if(auto why = parse_value(value_text, (*indicators_)[ind].type, value);
               !why.empty())
                throw refuse(value_col, why);
            stored_value stored;
            if(auto why = store(ind, value, stored); !why.empty())
                throw refuse(value_col, "(" + why + ")");
            std::int64_t revision = 0;
            if(rev_col < table.header.size()) {
                const auto rev = whole_number(strip(fields[rev_col]));
                if(!rev) throw refuse(rev_col, "is not a whole number (a revision)");
                revision = *rev;
            }
            std::int32_t per = 0;
            try {
                per = period_id(fields[per_col]);
            } catch(const input_error& e) {
                throw input_error(where(per_col) + ": " + e.what());
            }
            push(ind, unit, per, stored, revision);
            shift += line_breaks(fields);
        }
    } catch(...) {
        truncate(rows_before, periods_before);
        throw;
    }
    return *this;
}

}  // namespace chitieu
