// Proves the installed package is usable: headers found, library linked,
// dependencies (Eigen, Boost.Date_Time) found through chitieuConfig.cmake, and
// the shipped Vietnamese units found under <prefix>/share/chitieu.
#include <chitieu/chitieu.hpp>
#include <chitieu/vietnam.hpp>

#include <iostream>

int main() {
    std::cout << "chitieu " << chitieu::version << " linked\n";
    const auto vn = chitieu::vietnam_hierarchy(2025);
    const auto provinces = vn.units_at_level(vn.level_index("province")).size();
    const auto communes = vn.units_at_level(vn.level_index("commune")).size();
    std::cout << "Vietnam 2025: " << provinces << " provinces, " << communes << " communes\n";
    return provinces == 34 && communes == 3321 ? 0 : 1;
}
