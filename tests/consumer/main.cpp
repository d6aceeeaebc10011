// Proves the installed package is usable the way a C++ tool builder uses it:
// headers found, library linked, dependencies (Eigen, Boost.Date_Time) found
// through chitieuConfig.cmake, the shipped Vietnamese units found under
// <prefix>/share/chitieu, and the tool-builder API (units from rows,
// observations from codes and CSV text, result rows, period output) at work.
#include <chitieu/chitieu.hpp>
#include <chitieu/vietnam.hpp>

#include <iostream>
#include <sstream>

namespace {

int fail(const std::string& what) {
    std::cerr << "consumer: " << what << "\n";
    return 1;
}

}  // namespace

int main() try {
    std::cout << "chitieu " << chitieu::version << " linked\n";
    const auto vn = chitieu::vietnam_hierarchy(2025);
    const auto provinces = vn.units_at_level(vn.level_index("province")).size();
    const auto communes = vn.units_at_level(vn.level_index("commune")).size();
    std::cout << "Vietnam 2025: " << provinces << " provinces, " << communes
              << " communes\n";
    if(provinces != 34 || communes != 3321) return fail("unexpected unit counts");

    const auto units = chitieu::hierarchy::build({{"T", "Tỉnh", "province", ""},
                                                  {"X1", "Xã 1", "commune", "T"},
                                                  {"X2", "Xã 2", "commune", "T"}});
    const chitieu::catalog indicators({chitieu::indicator::flow(
        "paid", "Giải ngân", "VND", chitieu::value_type::money)});
    chitieu::observations_builder reports(indicators, units);
    reports.add("paid", "X1", chitieu::period::month(2025, 7), std::int64_t{1'000'000});
    reports.add_csv_text(
        "indicator,unit,period,value\npaid,X2,tháng 8 năm 2025,2500000\n",
        "inline.csv");
    chitieu::rollup_request request;
    request.levels = {"province"};
    request.periods = {chitieu::period::quarter(2025, 3)};
    const auto result = chitieu::rollup(reports.build(), units, indicators, request);
    std::ostringstream out;
    for(const auto& row : result.rows())
        out << row.indicator << " " << row.unit << " " << row.when << " "
            << row.money.value_or(-1) << " " << row.coverage_pct().value_or(-1);
    std::cout << out.str() << "\n";
    if(out.str() != "paid T 2025Q3 3500000 100") return fail("unexpected rollup rows");

    try {
        reports.add_csv_text("indicator,unit,period,value\npaid,X1,2025,1.5\n",
                             "bad.csv");
        return fail("a fractional money value was accepted");
    } catch(const chitieu::input_error& e) {
        std::cout << "refused: " << e.what() << "\n";
    }
    return 0;
} catch(const std::exception& e) {
    return fail(e.what());
}
