// A C++ tool builder's view of chitieu: parse the periods a provincial report
// speaks of, and walk Vietnam's administrative hierarchy by ancestor lookup.
//
//   example_reporting_calendar [path/to/vn_admin_2024.csv]
#include <chitieu/chitieu.hpp>

#include <iostream>

int main(int argc, char** argv) {
    for(const char* text : {"quý III năm 2017",
                            "6 tháng đầu năm 2020",
                            "9 tháng năm 2020",
                            "giai đoạn 2016 - 2020"}) {
        const auto p = chitieu::period::parse(text);
        std::cout << text << " -> " << p.to_string() << " ("
                  << chitieu::to_string(p.kind()) << "), cùng kỳ "
                  << p.same_period_last_year().to_string() << "\n";
    }
    if(argc < 2) return 0;
    try {
        const auto vn = chitieu::hierarchy::from_csv(argv[1]);
        const auto province = vn.level_index("province");
        for(const auto level : {"province", "district", "commune"})
            std::cout << level << ": "
                      << vn.units_at_level(vn.level_index(level)).size() << "\n";
        const auto commune = vn.id("00001");
        std::cout << vn.name(commune) << " lies in "
                  << vn.name(vn.ancestor_table()(commune, province)) << "\n";
    } catch(const std::exception& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
