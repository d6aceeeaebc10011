// A small RFC 4180 CSV reader for the cold paths (hierarchies, catalogs).
#pragma once

#include <string>
#include <vector>

namespace chitieu::detail {

/// The named columns of a CSV file with a header row, in the order asked for.
/// Other columns are ignored. Throws input_error naming the file, and the row
/// (1-based, header = row 1) or the missing column.
std::vector<std::vector<std::string>> read_csv(const std::string& path,
                                               const std::vector<std::string>& columns);

}  // namespace chitieu::detail
