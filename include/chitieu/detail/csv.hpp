// A small RFC 4180 CSV reader for the cold paths (hierarchies, catalogs): the
// one reader behind every hierarchy and catalog file, so a ragged row or bad
// UTF-8 is refused the same way whichever door the file comes in by.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace chitieu::detail {

struct csv_table {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::size_t> row_numbers;  ///< of each row in the file (header = 1)
};

/// Parse CSV text (a leading byte order mark skipped, blank lines skipped).
/// Throws input_error naming `source` and the row: an unclosed quote, a row
/// with another number of fields than the header ("row N has K fields"),
/// a field that is not valid UTF-8.
csv_table parse_csv(std::string text, const std::string& source);

/// The whole file; input_error if it cannot be opened.
std::string read_file(const std::string& path);

/// The named columns of a table, in the order asked for; other columns are
/// ignored. Throws input_error naming `source` and a missing column.
std::vector<std::vector<std::string>> select_columns(
    csv_table table, const std::vector<std::string>& columns,
    const std::string& source);

/// The named columns of a CSV file with a header row (read_file, parse_csv,
/// select_columns).
std::vector<std::vector<std::string>> read_csv(const std::string& path,
                                               const std::vector<std::string>& columns);

}  // namespace chitieu::detail
