// hierarchy::build from one row per unit: the columns build() checks, taken
// apart from the rows (no check of its own, so every rule stays in one place).
#include <chitieu/hierarchy.hpp>

#include <utility>

namespace chitieu {

hierarchy hierarchy::build(std::vector<unit_row> rows,
                           std::vector<std::string> level_names) {
    const auto n = rows.size();
    std::vector<std::string> codes, names, levels, parent_codes;
    codes.reserve(n);
    names.reserve(n);
    levels.reserve(n);
    parent_codes.reserve(n);
    for(auto& row : rows) {
        codes.push_back(std::move(row.code));
        names.push_back(std::move(row.name));
        levels.push_back(std::move(row.level));
        parent_codes.push_back(std::move(row.parent_code));
    }
    return build(std::move(level_names),
                 std::move(codes),
                 std::move(names),
                 levels,
                 parent_codes);
}

}  // namespace chitieu
