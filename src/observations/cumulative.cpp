#include "build_steps.hpp"

#include <algorithm>

namespace chitieu::detail {

template <class V>
void convert_cumulative(block<V>& blk, const std::vector<char>& cumulative,
                        gap_policy gaps, const period_index& periods,
                        const namer& name) {
    // Most catalogs have no cumulative indicator: then no row needs a look.
    if(std::find(cumulative.begin(), cumulative.end(), 1) == cumulative.end()) return;
    const auto& c = blk.cols;
    std::vector<std::size_t> rows;
    for(std::size_t i = 0; i < c.size(); ++i)
        if(cumulative[static_cast<std::size_t>(c.indicator[i])] && finite(c.value[i]))
            rows.push_back(i);
    if(rows.empty()) return;
    const auto first_day = [&](std::size_t i) {
        return periods.at(c.period[i]).first();
    };
    std::sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
        if(c.indicator[a] != c.indicator[b]) return c.indicator[a] < c.indicator[b];
        if(c.unit[a] != c.unit[b]) return c.unit[a] < c.unit[b];
        return first_day(a) < first_day(b);
    });
    std::vector<V> value(c.value.begin(), c.value.end());
    const auto str = [&](std::size_t i) { return periods.at(c.period[i]).to_string(); };
    std::size_t prev = rows.size();  // index into rows of the previous row in the chain
    for(std::size_t k = 0; k < rows.size(); ++k) {
        const auto i = rows[k];
        const auto& p = periods.at(c.period[i]);
        const auto where = [&] {
            return "cumulative indicator '" + name.cat[c.indicator[i]].code +
                   "' at unit '" + name.units.code(c.unit[i]) + "'";
        };
        if(p.first().year() != p.last().year())
            throw input_error(where() + ": period '" + str(i) +
                              "' spans two years; year-to-date values need periods "
                              "inside one calendar year");
        const bool same_chain =
            prev < rows.size() && c.indicator[rows[prev]] == c.indicator[i] &&
            c.unit[rows[prev]] == c.unit[i] &&
            periods.at(c.period[rows[prev]]).last().year() == p.first().year();
        bool gap;
        V base{};
        if(same_chain) {
            const auto& q = periods.at(c.period[rows[prev]]);
            if(p.first() <= q.last())
                throw input_error(where() + ": periods '" + str(rows[prev]) +
                                  "' and '" + str(i) + "' overlap");
            gap = q.last() + boost::gregorian::days(1) != p.first();
            base = c.value[rows[prev]];
        } else {
            gap = !(p.first().month() == 1 && p.first().day() == 1);
        }
        if(gap && gaps == gap_policy::error)
            throw input_error(where() + " has no value for the period just before '" +
                              str(i) +
                              "' (cumulative values need every period from the "
                              "start of the year; gaps='carry' subtracts the latest "
                              "earlier value instead)");
        if constexpr(std::is_floating_point_v<V>)
            value[i] = c.value[i] - base;
        else if(__builtin_sub_overflow(c.value[i], base, &value[i]))
            throw overflow_error(where() + ": " + number(c.value[i]) + " - " +
                                 number(base) + " overflows int64");
        prev = k;
    }
    blk.cols.value = column<V>(std::move(value));
}

template void convert_cumulative(block<double>&, const std::vector<char>&, gap_policy,
                                 const period_index&, const namer&);
template void convert_cumulative(block<std::int64_t>&, const std::vector<char>&,
                                 gap_policy, const period_index&, const namer&);

}  // namespace chitieu::detail
