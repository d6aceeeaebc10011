#include <chitieu/detail/csv.hpp>
#include <chitieu/error.hpp>

#include "period/period_text.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace chitieu::detail {
namespace {

// Split one record starting at `pos`; quoted fields may hold commas, quotes ("")
// and newlines. Returns false at end of input.
bool next_record(const std::string& text, std::size_t& pos,
                 std::vector<std::string>& fields, std::size_t row,
                 const std::string& source) {
    fields.clear();
    if(pos >= text.size()) return false;
    std::string field;
    bool quoted = false, was_quoted = false;
    while(pos < text.size()) {
        const char c = text[pos++];
        if(quoted) {
            if(c == '"') {
                if(pos < text.size() && text[pos] == '"') {
                    field.push_back('"');
                    ++pos;
                } else {
                    quoted = false;
                }
            } else {
                field.push_back(c);
            }
        } else if(c == '"' && field.empty() && !was_quoted) {
            quoted = was_quoted = true;
        } else if(c == ',') {
            fields.push_back(std::move(field));
            field.clear();
            was_quoted = false;
        } else if(c == '\n' || c == '\r') {
            if(c == '\r' && pos < text.size() && text[pos] == '\n') ++pos;
            break;
        } else {
            field.push_back(c);
        }
    }
    if(quoted)
        throw input_error(source + ": row " + std::to_string(row) +
                          " has an unclosed quote");
    fields.push_back(std::move(field));
    return true;
}

// Every field of a record as UTF-8, or an error naming the row and column.
void check_utf8(const std::vector<std::string>& fields, std::size_t row,
                const std::string& source) {
    for(std::size_t k = 0; k < fields.size(); ++k) try {
            decode_utf8(fields[k]);
        } catch(const input_error&) {
            throw input_error(source + ": row " + std::to_string(row) + ", column " +
                              std::to_string(k + 1) + " is not valid UTF-8");
        }
}

}  // namespace

csv_table parse_csv(std::string text, const std::string& source) {
    if(text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // UTF-8 byte order mark
    std::size_t pos = 0, row = 1;
    csv_table out;
    if(!next_record(text, pos, out.header, row, source))
        throw input_error(source + " is empty");
    check_utf8(out.header, row, source);
    std::vector<std::string> fields;
    while(next_record(text, pos, fields, ++row, source)) {
        if(fields.size() == 1 && fields[0].empty()) continue;  // blank line
        if(fields.size() != out.header.size())
            throw input_error(source + ": row " + std::to_string(row) + " has " +
                              std::to_string(fields.size()) + " fields, the header " +
                              std::to_string(out.header.size()));
        check_utf8(fields, row, source);
        out.rows.push_back(std::move(fields));
        out.row_numbers.push_back(row);
    }
    return out;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if(!in) throw input_error("cannot open CSV file '" + path + "'");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

std::vector<std::vector<std::string>> select_columns(
    csv_table table, const std::vector<std::string>& columns,
    const std::string& source) {
    std::vector<std::size_t> where;
    for(const auto& want : columns) {
        const auto k = static_cast<std::size_t>(
            std::find(table.header.begin(), table.header.end(), want) -
            table.header.begin());
        if(k == table.header.size())
            throw input_error(source + " has no column '" + want + "'");
        where.push_back(k);
    }
    std::vector<std::vector<std::string>> out(columns.size());
    for(auto& fields : table.rows)
        for(std::size_t c = 0; c < columns.size(); ++c)
            out[c].push_back(std::move(fields[where[c]]));
    return out;
}

std::vector<std::vector<std::string>> read_csv(
    const std::string& path, const std::vector<std::string>& columns) {
    const auto source = "CSV file '" + path + "'";
    return select_columns(parse_csv(read_file(path), source), columns, source);
}

}  // namespace chitieu::detail
