// observations_builder: codes resolved through the catalog and hierarchy,
// periods interned, values kept as their indicator's type; build() hands the
// columns to observations::build, which does every check of the rows as a whole
// (duplicates, NaN, cumulative chains).
#include <chitieu/detail/message.hpp>
#include <chitieu/observations_builder.hpp>

#include <cmath>
#include <utility>

namespace chitieu {
namespace {

using detail::number;
using detail::quoted;

// Integers from -2^53 to 2^53 are exact in float64.
constexpr std::int64_t exact_in_double = std::int64_t{1} << 53;

std::string row_name(std::size_t row) {
    return "row " + std::to_string(row);
}

}  // namespace

observations_builder::observations_builder(const catalog& indicators,
                                           const hierarchy& units)
    : indicators_(&indicators), units_(&units) {}

void observations_builder::reserve(std::size_t rows) {
    indicator_.reserve(rows);
    unit_.reserve(rows);
    period_.reserve(rows);
    real_.reserve(rows);
    money_.reserve(rows);
    revision_.reserve(rows);
}

std::int32_t observations_builder::indicator_id(std::string_view code,
                                                const std::string& where) const {
    const auto id = indicators_->find(code);
    if(!id)
        throw unknown_code(where + ": indicator code " + quoted(code) +
                           " is not in the catalog");
    const auto& ind = (*indicators_)[*id];
    if(ind.derived())
        throw input_error(where + ": indicator " + quoted(code) + " is derived (" +
                          ind.formula_string() +
                          "): it is computed from its parts and takes no observations");
    return *id;
}

std::int32_t observations_builder::unit_id(std::string_view code,
                                           const std::string& where) const {
    const auto id = units_->find(code);
    if(!id)
        throw unknown_code(where + ": unit code " + quoted(code) +
                           " is not in the hierarchy");
    return *id;
}

std::string observations_builder::store(std::int32_t indicator, reported_value value,
                                        stored_value& out) const {
    if((*indicators_)[indicator].type == value_type::money) {
        if(value.is_integer()) {
            out.money = value.integer();
            return {};
        }
        const double v = value.real();
        // Whole and inside int64 (2^63 itself is not): then the cast is exact.
        if(!(std::trunc(v) == v && v >= -9223372036854775808.0 &&
             v < 9223372036854775808.0))
            return "value " + number(v) + " is not a whole number of đồng (" +
                   quoted((*indicators_)[indicator].code) + " is a money indicator)";
        out.money = static_cast<std::int64_t>(v);
        return {};
    }
    if(!value.is_integer()) {
        out.real = value.real();
        return {};
    }
    const auto v = value.integer();
    if(v < -exact_in_double || v > exact_in_double)
        return "value " + std::to_string(v) +
               " is beyond 2^53, not exact in float64 (" +
               quoted((*indicators_)[indicator].code) + " is a real indicator)";
    out.real = static_cast<double>(v);
    return {};
}

std::int32_t observations_builder::period_id(std::string_view text) {
    const auto found = period_text_ids_.find(std::string(text));
    if(found != period_text_ids_.end()) return found->second;
    const auto id = periods_.intern(period::parse(text));
    period_text_ids_.emplace(std::string(text), id);
    return id;
}

void observations_builder::push(std::int32_t indicator, std::int32_t unit,
                                std::int32_t period, stored_value value,
                                std::int64_t revision) {
    indicator_.push_back(indicator);
    unit_.push_back(unit);
    period_.push_back(period);
    real_.push_back(value.real);
    money_.push_back(value.money);
    revision_.push_back(revision);
    if((*indicators_)[indicator].type == value_type::money) ++money_rows_;
    if(revision != 0) has_revision_ = true;
}

observations_builder::checked_row observations_builder::check(
    std::string_view indicator, std::string_view unit, reported_value value) const {
    const auto where = row_name(size());
    checked_row row{indicator_id(indicator, where), unit_id(unit, where), {}};
    if(auto why = store(row.indicator, value, row.value); !why.empty())
        throw input_error(where + ": " + why);
    return row;
}

observations_builder& observations_builder::add(std::string_view indicator,
                                                std::string_view unit,
                                                const period& when,
                                                reported_value value,
                                                std::int64_t revision) {
    const auto row = check(indicator, unit, value);
    push(row.indicator, row.unit, periods_.intern(when), row.value, revision);
    return *this;
}

observations_builder& observations_builder::add(std::string_view indicator,
                                                std::string_view unit,
                                                std::string_view when,
                                                reported_value value,
                                                std::int64_t revision) {
    const auto row = check(indicator, unit, value);
    std::int32_t per = 0;
    try {
        per = period_id(when);
    } catch(const input_error& e) {
        throw input_error(row_name(size()) + ": " + e.what());
    }
    push(row.indicator, row.unit, per, row.value, revision);
    return *this;
}

void observations_builder::truncate(std::size_t rows, std::size_t periods) {
    for(std::size_t i = rows; i < indicator_.size(); ++i)
        if((*indicators_)[indicator_[i]].type == value_type::money) --money_rows_;
    for(auto* ids : {&indicator_, &unit_, &period_}) ids->resize(rows);
    real_.resize(rows);
    money_.resize(rows);
    revision_.resize(rows);
    if(periods_.size() == periods) return;
    const auto& all = periods_.periods();
    periods_ = period_index(std::vector<period>(
        all.begin(), all.begin() + static_cast<std::ptrdiff_t>(periods)));
    for(auto it = period_text_ids_.begin(); it != period_text_ids_.end();)
        it = static_cast<std::size_t>(it->second) >= periods
                 ? period_text_ids_.erase(it)
                 : std::next(it);
}

observations observations_builder::build(const observation_options& options) const {
    observation_columns<double> real_columns;
    observation_columns<std::int64_t> money_columns;
    const auto ids = [&](auto& cols) {
        cols.indicator = column<std::int32_t>(indicator_);
        cols.unit = column<std::int32_t>(unit_);
        cols.period = column<std::int32_t>(period_);
        if(has_revision_) cols.revision = column<std::int64_t>(revision_);
    };
    const auto n = size();
    if(money_rows_ == n && n > 0) {  // every row money: exact int64 throughout
        ids(money_columns);
        money_columns.value = column<std::int64_t>(money_);
        return observations::build(
            *indicators_, *units_, periods_, std::move(money_columns), options);
    }
    ids(real_columns);
    if(money_rows_ == 0) {
        real_columns.value = column<double>(real_);
        return observations::build(
            *indicators_, *units_, periods_, std::move(real_columns), options);
    }
    // Both kinds: one column crosses. float64 holds every money value up to 2^53
    // đồng exactly (build converts it back to the same int64); else int64 holds
    // every real value that is a whole number up to 2^53.
    std::vector<double> as_real(n);
    std::size_t too_large = n;
    for(std::size_t i = 0; i < n; ++i) {
        if((*indicators_)[indicator_[i]].type != value_type::money) {
            as_real[i] = real_[i];
        } else if(money_[i] < -exact_in_double || money_[i] > exact_in_double) {
            too_large = i;
            break;
        } else {
            as_real[i] = static_cast<double>(money_[i]);
        }
    }
    if(too_large == n) {
        real_columns.value = column<double>(std::move(as_real));
        return observations::build(
            *indicators_, *units_, periods_, std::move(real_columns), options);
    }
    std::vector<std::int64_t> as_money(n);
    for(std::size_t i = 0; i < n; ++i) {
        if((*indicators_)[indicator_[i]].type == value_type::money) {
            as_money[i] = money_[i];
            continue;
        }
        const double v = real_[i];
        if(!(std::trunc(v) == v &&
             std::fabs(v) <= static_cast<double>(exact_in_double)))
            throw input_error(
                row_name(too_large) + ": money value " +
                std::to_string(money_[too_large]) + " is beyond 2^53 đồng, and " +
                row_name(i) + " holds the real value " + number(v) +
                ": observations::build takes one value column, exact for both only "
                "when the money values stay within 2^53 or the real values are whole");
        as_money[i] = static_cast<std::int64_t>(v);
    }
    ids(money_columns);
    money_columns.value = column<std::int64_t>(std::move(as_money));
    return observations::build(
        *indicators_, *units_, periods_, std::move(money_columns), options);
}

}  // namespace chitieu
