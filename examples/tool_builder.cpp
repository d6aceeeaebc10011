// The C++ API end to end on a hierarchy of a few rows: units from rows,
// observations from codes, a rollup to provinces by quarter, rows printed with
// their codes and periods. Plain C++17: every struct is filled by a brace list
// in field order or by name, never by designated initialisers.
//
//   example_tool_builder
#include <chitieu/chitieu.hpp>

#include <iostream>

int main() try {
    // 1. Units, one row each: code, name, level, parent code ("" at the top).
    const auto units = chitieu::hierarchy::build({
        {"01", "Thành phố Hà Nội", "province", ""},
        {"001", "Quận Ba Đình", "district", "01"},
        {"00001", "Phường Phúc Xá", "commune", "001"},
        {"00004", "Phường Trúc Bạch", "commune", "001"},
        {"79", "Thành phố Hồ Chí Minh", "province", ""},
        {"760", "Quận 1", "district", "79"},
        {"26734", "Phường Tân Định", "commune", "760"},
    });

    // 2. Indicators: how each combines over time and over units.
    chitieu::catalog indicators;
    indicators.add(chitieu::indicator::flow("jobs_created", "Việc làm mới", "người"));
    indicators.add(chitieu::indicator::flow(
        "paid", "Giải ngân", "VND", chitieu::value_type::money));

    // 3. Observations by their codes; periods as values or as text.
    chitieu::observations_builder reports(indicators, units);
    reports.add("jobs_created", "00001", chitieu::period::month(2024, 1), 12)
        .add("jobs_created", "00004", "202402", 7)
        .add("jobs_created", "26734", "tháng 4 năm 2024", 30)
        .add("paid", "00001", "2024Q1", std::int64_t{1'250'000'000})
        .add("paid", "26734", "2024Q2", std::int64_t{9'007'199'254'740'993});
    const chitieu::observations obs = reports.build();

    // 4. A rollup: every province, by quarter. Fields are set by name.
    chitieu::rollup_request request;
    request.levels = {"province"};
    request.kinds = {chitieu::period_kind::quarter};
    const auto result = chitieu::rollup(obs, units, indicators, request);

    // 5. Rows with codes and periods resolved; money exact in đồng.
    for(const auto& row : result.rows()) {
        std::cout << row.indicator << " " << row.unit << " " << row.when << ": ";
        if(row.money)
            std::cout << *row.money << " đồng";
        else
            std::cout << row.value;
        std::cout << " (" << row.n_reporting << " of " << row.n_expected
                  << " communes reported)\n";
    }
    return result.size() == 4 ? 0 : 1;
} catch(const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
}
