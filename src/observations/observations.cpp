#include <chitieu/detail/enum_names.hpp>
#include <chitieu/detail/message.hpp>
#include <chitieu/observations.hpp>

#include "common/huge_pages.hpp"
#include "common/parallel.hpp"
#include "observations/build_steps.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <memory>
#include <mutex>
#include <string>

namespace chitieu {
namespace {

constexpr auto duplicate_names = detail::make_enum_names<duplicate_policy>(
    "duplicates policy", "error", "last", "sum");
constexpr auto nan_names =
    detail::make_enum_names<nan_policy>("NaN policy", "error", "skip");
constexpr auto gap_names =
    detail::make_enum_names<gap_policy>("cumulative gap policy", "error", "carry");

using detail::block;
using detail::key_space;
using detail::namer;
using detail::number;

// The first row (lowest index) for which bad(i) holds, or n; threads split the rows.
template <class Bad>
std::size_t first_row_where(std::size_t n, unsigned threads, Bad bad) {
    std::vector<std::size_t> first(threads, n);
    detail::run_parallel(threads, [&](unsigned t) {
        const auto [b, e] = detail::slice(n, t, threads);
        for(std::size_t i = b; i < e; ++i)
            if(bad(i)) {
                first[t] = i;
                return;
            }
    });
    return *std::min_element(first.begin(), first.end());
}

template <class V>
void check_lengths(const observation_columns<V>& c) {
    const std::size_t n = c.indicator.size();
    if(c.unit.size() != n || c.period.size() != n || c.value.size() != n ||
       (!c.revision.empty() && c.revision.size() != n))
        throw input_error(
            "observation columns differ in length: indicator " + std::to_string(n) +
            ", unit " + std::to_string(c.unit.size()) + ", period " +
            std::to_string(c.period.size()) + ", value " +
            std::to_string(c.value.size()) +
            (c.revision.empty() ? std::string()
                                : ", revision " + std::to_string(c.revision.size())));
}

template <class V>
void check_ids(const observation_columns<V>& c, const catalog& cat,
               const hierarchy& units, const period_index& periods, unsigned threads) {
    const auto check = [&](const column<std::int32_t>& col,
                           std::size_t limit,
                           const char* what,
                           const char* owner) {
        const auto bad = first_row_where(col.size(), threads, [&](std::size_t i) {
            return col[i] < 0 || static_cast<std::size_t>(col[i]) >= limit;
        });
        if(bad < col.size())
            throw input_error(std::string(what) + " id " + std::to_string(col[bad]) +
                              " at row " + std::to_string(bad) + " is out of range (" +
                              owner + " has " + std::to_string(limit) + ")");
    };
    check(c.indicator, cat.size(), "indicator", "the catalog");
    check(c.unit, units.size(), "unit", "the hierarchy");
    check(c.period, periods.size(), "period", "the period index");
    const auto derived = first_row_where(c.size(), threads, [&](std::size_t i) {
        return cat[c.indicator[i]].derived();
    });
    if(derived < c.size()) {
        const auto& ind = cat[c.indicator[derived]];
        throw input_error("indicator '" + ind.code + "' at row " +
                          std::to_string(derived) + " is derived (" +
                          ind.formula_string() +
                          "): it is computed from its parts and takes no observations");
    }
}

// A dictionary-encoded unit column: the dictionary's entries are checked once;
// the checking scan reads the positions through it (a block's ids gathered in a
// loop of their own), so the rows keep the positions and no mapped column is
// written (4 bytes a row less at the peak, and its pages never first-touched).
// Unit ids are made here only when a build step rewrites rows, when a check
// fails (to name the culprit: `name_bad` says which row for a position beyond),
// and when real() or money() are first asked for.
struct unit_mapping {
    const std::vector<std::int32_t>& dictionary;
    bool mapped = false;

    explicit unit_mapping(const std::vector<std::int32_t>& dict)
        : dictionary(dict), mapped(!dict.empty()) {}
    /// Checks every entry is a unit of `units`.
    unit_mapping(const std::vector<std::int32_t>& dict, const hierarchy& units)
        : unit_mapping(dict) {
        for(std::size_t p = 0; p < dict.size(); ++p)
            if(dict[p] < 0 || static_cast<std::size_t>(dict[p]) >= units.size())
                throw input_error("unit dictionary entry " + std::to_string(p) +
                                  " is " + std::to_string(dict[p]) +
                                  ", not a unit id of the hierarchy (it has " +
                                  std::to_string(units.size()) + " units)");
    }
    /// The unit ids of `positions`, mapped with `threads` threads; a position
    /// beyond the dictionary becomes `beyond`.
    column<std::int32_t> map(const column<std::int32_t>& positions, std::int32_t beyond,
                             unsigned threads) const {
        const std::size_t n = positions.size();
        std::shared_ptr<std::int32_t[]> out(
            new std::int32_t[std::max<std::size_t>(n, 1)]);  // not zeroed
        detail::advise_huge_pages(out.get(), n * sizeof(std::int32_t));
        const auto size = static_cast<std::uint32_t>(
            std::min<std::size_t>(dictionary.size(), UINT32_MAX));
        threads =
            std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(n >> 16)));
        detail::run_parallel(threads, [&](unsigned t) {
            const auto [r0, r1] = detail::slice(n, t, threads);
            const std::int32_t* in = positions.data();
            const std::int32_t* dict = dictionary.data();
            std::int32_t* to = out.get();
            for(std::size_t i = r0; i < r1; ++i) {
                const auto at = static_cast<std::uint32_t>(in[i]);
                to[i] = at < size ? dict[at] : beyond;
            }
        });
        return {out.get(), n, std::shared_ptr<const void>(out, out.get())};
    }
    /// Throws for the first position beyond the dictionary, if any.
    void name_bad(const column<std::int32_t>& positions) const {
        for(std::size_t i = 0; i < positions.size(); ++i) {
            const auto p = positions[i];
            if(p < 0 || static_cast<std::size_t>(p) >= dictionary.size())
                throw input_error("unit position " + std::to_string(p) + " at row " +
                                  std::to_string(i) +
                                  " is beyond the unit dictionary (" +
                                  std::to_string(dictionary.size()) + " entries)");
        }
    }
};

// Moves the rows whose indicator's value type differs from the input's into the
// other block, converting exactly or refusing.
template <class V, class W>
void split_by_type(const observation_columns<V>& in,
                   const std::vector<value_type>& types, value_type own,
                   const catalog& cat, block<V>& same, block<W>& other) {
    std::vector<std::int32_t> ind[2], unit[2], per[2];
    std::vector<V> vs;
    std::vector<W> ws;
    std::vector<std::int64_t> rev[2];
    const bool has_rev = !in.revision.empty();
    for(std::size_t i = 0; i < in.size(); ++i) {
        const int k = types[static_cast<std::size_t>(in.indicator[i])] == own ? 0 : 1;
        if(k == 1) {
            const V v = in.value[i];
            if constexpr(std::is_floating_point_v<V>) {  // real input, money indicator
                if(!std::isfinite(v)) continue;          // skipped by policy
                if(v != std::trunc(v) || std::abs(v) >= 9.2233720368547758e18)
                    throw input_error("money indicator '" + cat[in.indicator[i]].code +
                                      "' at row " + std::to_string(i) + " has value " +
                                      number(v) +
                                      ", not a whole number of đồng in int64");
                ws.push_back(static_cast<W>(v));
            } else {  // int64 input, real indicator
                if(v > (std::int64_t{1} << 53) || v < -(std::int64_t{1} << 53))
                    throw input_error(
                        "indicator '" + cat[in.indicator[i]].code + "' at row " +
                        std::to_string(i) + " has value " + number(v) +
                        ", which float64 cannot hold exactly; declare it money");
                ws.push_back(static_cast<W>(v));
            }
            other.origin.push_back(i);
        } else {
            vs.push_back(in.value[i]);
            same.origin.push_back(i);
        }
        ind[k].push_back(in.indicator[i]);
        unit[k].push_back(in.unit[i]);
        per[k].push_back(in.period[i]);
        if(has_rev) rev[k].push_back(in.revision[i]);
    }
    same.cols = {
        column<std::int32_t>(std::move(ind[0])),
        column<std::int32_t>(std::move(unit[0])),
        column<std::int32_t>(std::move(per[0])),
        column<V>(std::move(vs)),
        has_rev ? column<std::int64_t>(std::move(rev[0])) : column<std::int64_t>()};
    other.cols = {
        column<std::int32_t>(std::move(ind[1])),
        column<std::int32_t>(std::move(unit[1])),
        column<std::int32_t>(std::move(per[1])),
        column<W>(std::move(ws)),
        has_rev ? column<std::int64_t>(std::move(rev[1])) : column<std::int64_t>()};
}

}  // namespace

std::string_view to_string(duplicate_policy p) {
    return duplicate_names.name(p);
}
std::string_view to_string(nan_policy p) {
    return nan_names.name(p);
}
std::string_view to_string(gap_policy p) {
    return gap_names.name(p);
}
duplicate_policy parse_duplicate_policy(std::string_view s) {
    return duplicate_names.parse(s);
}
nan_policy parse_nan_policy(std::string_view s) {
    return nan_names.parse(s);
}
gap_policy parse_gap_policy(std::string_view s) {
    return gap_names.parse(s);
}

observations observations::build(const catalog& cat, const hierarchy& units,
                                 period_index periods, observation_columns<double> cols,
                                 const observation_options& options) {
    return build_impl(cat, units, std::move(periods), std::move(cols), options);
}

observations observations::build(const catalog& cat, const hierarchy& units,
                                 period_index periods,
                                 observation_columns<std::int64_t> cols,
                                 const observation_options& options) {
    return build_impl(cat, units, std::move(periods), std::move(cols), options);
}

template <class V>
observations observations::build_impl(const catalog& cat, const hierarchy& units,
                                      period_index periods, observation_columns<V> in,
                                      const observation_options& options) {
    using W = std::conditional_t<std::is_floating_point_v<V>, std::int64_t, double>;
    const unsigned threads = detail::resolve_threads(options.threads);
    const namer name{cat, units, periods};
    check_lengths(in);

    observations out;
    out.n_units_ = units.size();
    out.hierarchy_fingerprint_ = units.fingerprint();
    out.catalog_fingerprint_ = cat.fingerprint();
    out.nans_ = options.nans;
    for(std::size_t k = 0; k < cat.size(); ++k)
        out.value_types_.push_back(cat[static_cast<std::int32_t>(k)].type);

    // One pass for every row check; only when it finds a problem do the
    // specific checks run again, to name the first culprit of each kind.
    const value_type own =
        std::is_floating_point_v<V> ? value_type::real : value_type::money;
    std::vector<std::uint8_t> flags(cat.size());  // 1: derived, 2: other value type
    for(std::size_t k = 0; k < cat.size(); ++k)
        flags[k] = static_cast<std::uint8_t>(
            (cat[static_cast<std::int32_t>(k)].derived() ? 1 : 0) |
            (out.value_types_[k] != own ? 2 : 0));
    const bool nan_is_error = options.nans == nan_policy::error;
    const key_space ks{
        units.size(), periods.size(), cat.size() * units.size() * periods.size()};
    std::vector<std::uint64_t> bits;
    if((ks.total + 7) / 8 <= options.bitmap_limit)
        detail::assign_huge(bits, (ks.total + 63) / 64, std::uint64_t{0});
    std::vector<char> cumulative(cat.size(), 0);
    for(std::size_t k = 0; k < cat.size(); ++k)
        cumulative[k] = cat[static_cast<std::int32_t>(k)].cumulative;
    for(const auto id : options.cumulative) {
        const auto& ind = cat.at(id);
        if(ind.derived())
            throw input_error("derived indicator '" + ind.code +
                              "' cannot be cumulative");
        cumulative[static_cast<std::size_t>(id)] = 1;
    }
    // The scan reads unit positions through the dictionary (checking them); the
    // rows keep them unless a step below needs unit ids: rewriting rows, or
    // finding duplicates by sorting when there is no bit set.
    const unit_mapping mapping(options.unit_dictionary, units);
    detail::scan_limits limits{static_cast<std::uint32_t>(cat.size()),
                               static_cast<std::uint32_t>(units.size()),
                               static_cast<std::uint32_t>(periods.size()),
                               flags.data(),
                               nan_is_error};
    if(mapping.mapped) {
        limits.unit_dictionary = mapping.dictionary.data();
        limits.units = static_cast<std::uint32_t>(
            std::min<std::size_t>(mapping.dictionary.size(), UINT32_MAX));
    }
    const auto scan = detail::scan_rows(in, limits, ks, bits, threads);
    const bool rewrites =
        scan.foreign || !scan.repeated.empty() || bits.empty() ||
        std::find(cumulative.begin(), cumulative.end(), 1) != cumulative.end();
    const bool keeps_positions =
        mapping.mapped && scan.first_bad == in.size() && !rewrites;
    if(mapping.mapped && !keeps_positions) {
        if(scan.first_bad < in.size()) mapping.name_bad(in.unit);
        in.unit =
            mapping.map(in.unit, static_cast<std::int32_t>(units.size()), threads);
    }
    if(scan.first_bad < in.size()) {
        check_ids(in, cat, units, periods, threads);
        if constexpr(std::is_floating_point_v<V>) {
            const auto bad = first_row_where(in.size(), threads, [&](std::size_t i) {
                return !std::isfinite(in.value[i]);
            });
            if(bad < in.size())
                throw input_error(
                    "value " + number(in.value[bad]) + " at row " +
                    std::to_string(bad) + " " +
                    name(in.indicator[bad], in.unit[bad], in.period[bad]) +
                    " is not finite (nan_policy='error'; 'skip' leaves such "
                    "values out of every total)");
        }
    }
    block<V> same;
    block<W> other;
    if(!scan.foreign)
        same.cols = std::move(in);
    else
        split_by_type(in, out.value_types_, own, cat, same, other);

    const auto dedup = [&](auto& blk) {
        detail::combine_duplicates(blk,
                                   ks,
                                   scan.repeated,
                                   bits.size(),
                                   bits.empty(),
                                   options.duplicates,
                                   name);
    };
    dedup(same);
    dedup(other);

    detail::convert_cumulative(same, cumulative, options.gaps, periods, name);
    detail::convert_cumulative(other, cumulative, options.gaps, periods, name);

    if constexpr(std::is_floating_point_v<V>) {
        out.real_ = std::move(same.cols);
        out.money_ = std::move(other.cols);
    } else {
        out.real_ = std::move(other.cols);
        out.money_ = std::move(same.cols);
    }
    const auto& r = out.real_;
    // Under nan_policy='error' the checks above made sure there are none.
    const auto nf = nan_is_error
                        ? r.size()
                        : first_row_where(r.size(), threads, [&](std::size_t i) {
                              return !std::isfinite(r.value[i]);
                          });
    out.first_nonfinite_ = nf < r.size() ? static_cast<std::int64_t>(nf) : -1;
    out.presence_ = std::move(bits);
    out.periods_ = std::move(periods);
    if(keeps_positions) {
        out.unit_dictionary_ = options.unit_dictionary;
        out.mapped_ = std::make_shared<mapped_units>();
    }
    return out;
}

struct observations::mapped_units {
    std::once_flag once;
    observation_columns<double> real;
    observation_columns<std::int64_t> money;
};

void observations::map_units() const {
    std::call_once(mapped_->once, [&] {
        const unit_mapping mapping{unit_dictionary_};
        const auto ids = [&](auto cols) {
            // Positions the build checked: one beyond the dictionary now was
            // changed by the caller since.
            const auto positions = cols.unit;
            cols.unit = mapping.map(positions, -1, 1);
            for(std::size_t i = 0; i < cols.size(); ++i)
                if(cols.unit[i] < 0)
                    throw input_error(
                        "unit position " + std::to_string(positions[i]) + " at row " +
                        std::to_string(i) +
                        " is beyond the unit dictionary: the arrays given to the "
                        "observations were modified after they were built");
            return cols;
        };
        mapped_->real = ids(real_);
        mapped_->money = ids(money_);
    });
}

const observation_columns<double>& observations::real() const {
    if(unit_dictionary_.empty()) return real_;
    map_units();
    return mapped_->real;
}

const observation_columns<std::int64_t>& observations::money() const {
    if(unit_dictionary_.empty()) return money_;
    map_units();
    return mapped_->money;
}

}  // namespace chitieu
