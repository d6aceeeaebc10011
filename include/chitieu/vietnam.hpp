// Vietnam's administrative units as shipped with chitieu (installed under
// share/chitieu/, and in the Python package's data folder): the structure in
// force through June 2025 (63 provinces, 696 districts, 10,047 communes), the
// structure from 1 July 2025 (34 provinces, 3,321 communes, no districts), and
// the official conversion table between them.
//
//   auto old_vn = chitieu::vietnam_hierarchy(2024);
//   auto new_vn = chitieu::vietnam_hierarchy(2025);
//   auto cw = chitieu::vietnam_crosswalk(old_vn, 2024, new_vn, 2025);
//   cw.resolved({}, {}, {}, chitieu::split_fallback::equal).apply(...);
#pragma once

#include <chitieu/crosswalk.hpp>
#include <chitieu/hierarchy.hpp>

#include <filesystem>

namespace chitieu {

/// The first day of the 2025 structure: 1 July 2025.
struct calendar_date {
    int year, month, day;
};
inline constexpr calendar_date vietnam_reform_date{2025, 7, 1};

/// The structure in force on a day: 2024 before 1 July 2025, 2025 from then on.
int vietnam_structure_in_force(int year, int month, int day) noexcept;

/// The folder holding the shipped files: $CHITIEU_DATA_DIR if set, else the
/// install location (<prefix>/share/chitieu).
std::filesystem::path vietnam_data_dir();

/// Units under a root "VN" (level "nation"): 2024 -> nation, province,
/// district, commune; 2025 -> nation, province, commune. Throws input_error for
/// another year and for unreadable files (naming the file).
hierarchy vietnam_hierarchy(int year,
                            const std::filesystem::path& data_dir = vietnam_data_dir());

/// The crosswalk between the two structures, on hierarchies loaded by
/// vietnam_hierarchy.
///
/// 2024 -> 2025: communes as in the official table (splits without shares
/// keep unknown weights); the five island districts without communes to their
/// đặc khu; every other district and every province whole to its new province;
/// the nation to itself. The 12 communes of the 2024 list that the table does
/// not know have no entry, and rows on them are refused with the reason.
///
/// 2025 -> 2024: to old provinces only (a new commune merged old communes in
/// unknown shares, so old communes and districts cannot be recovered). A new
/// unit whose predecessors all lay in one old province maps whole to it; the
/// others (new provinces formed from several) keep unknown weights.
crosswalk vietnam_crosswalk(const hierarchy& from, int from_year, const hierarchy& to,
                            int to_year,
                            const std::filesystem::path& data_dir = vietnam_data_dir());

}  // namespace chitieu
