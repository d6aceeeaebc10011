// rollup_rows: a row of a rollup_result with its table lookups done.
#include <chitieu/rollup.hpp>

#include <stdexcept>
#include <string>

namespace chitieu {

std::size_t rollup_rows::size() const noexcept {
    return result_->size();
}

rollup_row rollup_rows::at(std::size_t i) const {
    const auto& r = *result_;
    if(i >= r.size())
        throw std::out_of_range("rollup row " + std::to_string(i) +
                                " is past the end (" + std::to_string(r.size()) +
                                " rows)");
    const auto unit = static_cast<std::size_t>(r.unit[i]);
    const auto level = r.unit_levels.at(unit);
    rollup_row row;
    row.indicator = r.indicator_codes.at(static_cast<std::size_t>(r.indicator[i]));
    row.unit = r.unit_codes.at(unit);
    row.level = level < 0 ? std::string_view()
                          : r.level_names.at(static_cast<std::size_t>(level));
    row.when = r.periods.at(static_cast<std::size_t>(r.bucket[i]));
    row.value = r.value[i];
    if(i < r.exact.size() && r.exact[i]) row.money = r.money.at(i);
    row.n_reporting = i < r.n_reporting.size() ? r.n_reporting[i] : 0;
    row.n_expected = i < r.n_expected.size() ? r.n_expected[i] : 0;
    return row;
}

}  // namespace chitieu
