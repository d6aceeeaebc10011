// Reports of communes read from a CSV file, rolled up to Vietnam's provinces
// for the first half-year, with coverage; a bad value in the file would be
// refused naming its file, line, column and value.
//
//   example_csv_rollup vn_admin_2024.csv examples/data/commune_reports.csv
#include <chitieu/chitieu.hpp>

#include <iomanip>
#include <iostream>

int main(int argc, char** argv) try {
    if(argc < 3) {
        std::cerr << "usage: example_csv_rollup <units.csv> <reports.csv>\n";
        return 2;
    }
    const auto vietnam = chitieu::hierarchy::from_csv(argv[1]);
    const chitieu::catalog indicators(
        {chitieu::indicator::flow("jobs_created", "Việc làm mới", "người"),
         chitieu::indicator::flow(
             "paid", "Giải ngân", "VND", chitieu::value_type::money)});

    chitieu::observations_builder reports(indicators, vietnam);
    reports.add_csv(argv[2]);  // columns indicator, unit, period, value
    std::cout << reports.size() << " rows, " << reports.periods().size()
              << " periods\n";

    chitieu::rollup_request request;
    request.levels = {"province"};
    request.periods = {chitieu::period::parse("6 tháng đầu năm 2024")};
    const auto result = chitieu::rollup(reports.build(), vietnam, indicators, request);
    for(const auto& row : result.rows()) {
        std::cout << std::left << std::setw(13) << row.indicator << std::setw(4)
                  << row.unit << row.when << std::right << std::setw(16);
        if(row.money)
            std::cout << *row.money;
        else
            std::cout << row.value;
        std::cout << "  coverage " << std::fixed << std::setprecision(2)
                  << row.coverage_pct().value_or(0) << "%\n"
                  << std::defaultfloat << std::setprecision(6);
    }
    return result.size() == 4 ? 0 : 1;
} catch(const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
}
