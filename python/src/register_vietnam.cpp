#include "binding.hpp"

#include <chitieu/vietnam.hpp>

void register_vietnam(py::module_& m) {
    m.def(
        "vietnam_hierarchy",
        [](int year, const std::string& data_dir) {
            return chitieu::vietnam_hierarchy(year, data_dir);
        },
        "year"_a,
        "data_dir"_a,
        "Vietnam's units of the 2024 or 2025 structure from the shipped files.");
    m.def(
        "vietnam_crosswalk",
        [](const chitieu::hierarchy& from, int from_year, const chitieu::hierarchy& to,
           int to_year, const std::string& data_dir) {
            return chitieu::vietnam_crosswalk(from, from_year, to, to_year, data_dir);
        },
        "old"_a,
        "old_year"_a,
        "new"_a,
        "new_year"_a,
        "data_dir"_a,
        "The official crosswalk between Vietnam's 2024 and 2025 structures.");
    m.def("vietnam_structure_in_force", &chitieu::vietnam_structure_in_force, "year"_a,
          "month"_a, "day"_a);
}
