#include <chitieu/detail/csv.hpp>
#include <chitieu/error.hpp>

#include <fstream>
#include <sstream>

namespace chitieu::detail {
namespace {

// Split one record starting at `pos`; quoted fields may hold commas, quotes ("")
// and newlines. Returns false at end of input.
bool next_record(const std::string& text, std::size_t& pos,
                 std::vector<std::string>& fields, std::size_t row,
                 const std::string& path) {
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
        throw input_error(path + ": row " + std::to_string(row) +
                          " has an unclosed quote");
    fields.push_back(std::move(field));
    return true;
}

}  // namespace

std::vector<std::vector<std::string>> read_csv(
    const std::string& path, const std::vector<std::string>& columns) {
    std::ifstream in(path, std::ios::binary);
    if(!in) throw input_error("cannot open CSV file '" + path + "'");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    std::string text = buffer.str();
    if(text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // UTF-8 byte order mark

    std::size_t pos = 0, row = 1;
    std::vector<std::string> fields;
    if(!next_record(text, pos, fields, row, path))
        throw input_error("CSV file '" + path + "' is empty");
    std::vector<std::size_t> where;
    for(const auto& want : columns) {
        std::size_t k = 0;
        while(k < fields.size() && fields[k] != want) ++k;
        if(k == fields.size())
            throw input_error("CSV file '" + path + "' has no column '" + want + "'");
        where.push_back(k);
    }
    const auto width = fields.size();
    std::vector<std::vector<std::string>> out(columns.size());
    while(next_record(text, pos, fields, ++row, path)) {
        if(fields.size() == 1 && fields[0].empty()) continue;  // blank line
        if(fields.size() != width)
            throw input_error("CSV file '" + path + "': row " + std::to_string(row) +
                              " has " + std::to_string(fields.size()) +
                              " fields, the header " + std::to_string(width));
        for(std::size_t c = 0; c < columns.size(); ++c)
            out[c].push_back(std::move(fields[where[c]]));
    }
    return out;
}

}  // namespace chitieu::detail
