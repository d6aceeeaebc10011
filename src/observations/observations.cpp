#include <chitieu/detail/parallel.hpp>
#include <chitieu/detail/radix_sort.hpp>
#include <chitieu/observations.hpp>

#include "observation_scan.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>
#include <sstream>
#include <string>

namespace chitieu {
namespace {

constexpr std::array<std::string_view, 3> duplicate_names{"error", "last", "sum"};
constexpr std::array<std::string_view, 2> nan_names{"error", "skip"};
constexpr std::array<std::string_view, 2> gap_names{"error", "carry"};

template <class Enum, std::size_t N>
Enum parse_name(std::string_view s, const std::array<std::string_view, N>& names,
                const char* what) {
    for(std::size_t i = 0; i < N; ++i)
        if(names[i] == s) return static_cast<Enum>(i);
    throw input_error("unknown " + std::string(what) + " '" + std::string(s) + "' (" +
                      detail::list_culprits("expected one of", names) + ")");
}

std::string number(double v) {
    std::ostringstream os;
    os.precision(17);
    os << v;
    return os.str();
}
std::string number(std::int64_t v) {
    return std::to_string(v);
}

// Names rows by their codes for error messages.
struct namer {
    const catalog& cat;
    const hierarchy& units;
    const period_index& periods;

    std::string operator()(std::int32_t ind, std::int32_t unit,
                           std::int32_t per) const {
        return "(indicator '" + cat[ind].code + "', unit '" + units.code(unit) +
               "', period '" + periods.at(per).to_string() + "')";
    }
};

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

// A block under construction: its columns and, when rows were moved between
// blocks, the input row each came from (for error messages).
template <class V>
struct block {
    observation_columns<V> cols;
    std::vector<std::size_t> origin;
    std::size_t row(std::size_t i) const { return origin.empty() ? i : origin[i]; }
};

template <class V>
bool finite(V v) {
    if constexpr(std::is_floating_point_v<V>)
        return std::isfinite(v);
    else
        return true;
}

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

// Duplicate detection and resolution over one block.
using detail::key_space;

struct keyed_row {
    std::uint64_t key;
    std::uint64_t row;
};

// Rows that share their key with another row, sorted by (key, row): the rows
// whose key is among `repeated` (from the scan's bit set), or, without a bit
// set (`sorting`), found by sorting every row's key.
template <class V>
std::vector<keyed_row> duplicate_rows(const observation_columns<V>& c,
                                      const key_space& ks,
                                      const std::vector<std::uint64_t>& repeated,
                                      std::size_t words, bool sorting) {
    const std::size_t n = c.size();
    const int key_bits = detail::bits_for(ks.total);
    std::vector<keyed_row> out;
    if(!sorting) {
        if(repeated.empty()) return out;
        std::vector<std::uint64_t> dup_bits(words, 0);
        for(const auto k : repeated) dup_bits[k >> 6] |= std::uint64_t{1} << (k & 63);
        for(std::size_t i = 0; i < n; ++i) {
            if(!finite(c.value[i])) continue;
            const auto k = ks(c, i);
            if((dup_bits[k >> 6] >> (k & 63)) & 1u) out.push_back({k, i});
        }
        detail::radix_sort(out, key_bits, [](const keyed_row& r) { return r.key; });
        return out;
    }
    std::vector<keyed_row> all;
    all.reserve(n);
    for(std::size_t i = 0; i < n; ++i)
        if(finite(c.value[i])) all.push_back({ks(c, i), i});
    detail::radix_sort(all, key_bits, [](const keyed_row& r) { return r.key; });
    for(std::size_t i = 0; i < all.size();) {
        std::size_t j = i + 1;
        while(j < all.size() && all[j].key == all[i].key) ++j;
        if(j - i > 1)
            out.insert(out.end(),
                       all.begin() + static_cast<std::ptrdiff_t>(i),
                       all.begin() + static_cast<std::ptrdiff_t>(j));
        i = j;
    }
    return out;
}

template <class V>
V add_checked(V a, V b, const std::string& where) {
    if constexpr(std::is_floating_point_v<V>)
        return a + b;
    else {
        V out;
        if(__builtin_add_overflow(a, b, &out))
            throw overflow_error("money sum of duplicates " + where +
                                 " overflows int64 (" + number(a) + " + " + number(b) +
                                 ")");
        return out;
    }
}

template <class V>
void resolve_duplicates(block<V>& blk, const std::vector<keyed_row>& dups,
                        duplicate_policy policy, const namer& name) {
    const auto& c = blk.cols;
    const auto codes = [&](std::size_t i) {
        return name(c.indicator[i], c.unit[i], c.period[i]);
    };
    if(policy == duplicate_policy::error) {
        // The first duplicate: the smallest row that repeats an earlier row's key.
        std::size_t best = 0, best_first = 0, groups = 0;
        bool found = false;
        for(std::size_t i = 0; i < dups.size();) {
            std::size_t j = i + 1;
            while(j < dups.size() && dups[j].key == dups[i].key) ++j;
            ++groups;
            if(!found || dups[i + 1].row < best) {
                best = dups[i + 1].row;
                best_first = dups[i].row;
                found = true;
            }
            i = j;
        }
        throw input_error(
            "duplicate observations " + codes(best) + " at rows " +
            std::to_string(blk.row(best_first)) + " and " +
            std::to_string(blk.row(best)) + "; " + std::to_string(groups) +
            " (indicator, unit, period) combinations have more than one row "
            "(duplicates='error'; choose 'last' or 'sum' to combine them)");
    }
    // One resolved row per group, written where the group's first row was.
    std::vector<std::pair<std::size_t, std::size_t>> keep;  // (first row, chosen row)
    std::vector<V> value_of_group;
    std::vector<std::int64_t> revision_of_group;
    std::vector<char> drop(c.size(), 0);
    const bool has_rev = !c.revision.empty();
    for(std::size_t i = 0; i < dups.size();) {
        std::size_t j = i + 1;
        while(j < dups.size() && dups[j].key == dups[i].key) ++j;
        std::size_t chosen = dups[i].row;
        V total = c.value[dups[i].row];
        std::int64_t rev = has_rev ? c.revision[dups[i].row] : 0;
        for(std::size_t k = i + 1; k < j; ++k) {
            const auto r = dups[k].row;
            drop[r] = 1;
            if(policy == duplicate_policy::sum)
                total = add_checked(total, c.value[r], codes(r));
            if(!has_rev || c.revision[r] >= c.revision[chosen]) chosen = r;
            if(has_rev) rev = std::max(rev, c.revision[r]);
        }
        keep.emplace_back(dups[i].row, chosen);
        value_of_group.push_back(policy == duplicate_policy::sum ? total
                                                                 : c.value[chosen]);
        revision_of_group.push_back(policy == duplicate_policy::sum ? rev
                                    : has_rev                       ? c.revision[chosen]
                                                                    : 0);
        i = j;
    }
    std::vector<std::size_t> order(keep.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return keep[a].first < keep[b].first;
    });
    std::vector<std::int32_t> ind, unit, per;
    std::vector<V> val;
    std::vector<std::int64_t> revs;
    std::vector<std::size_t> origin;
    std::size_t g = 0;
    for(std::size_t i = 0; i < c.size(); ++i) {
        if(drop[i]) continue;
        ind.push_back(c.indicator[i]);
        unit.push_back(c.unit[i]);
        per.push_back(c.period[i]);
        origin.push_back(blk.row(i));
        if(g < order.size() && keep[order[g]].first == i) {
            val.push_back(value_of_group[order[g]]);
            if(has_rev) revs.push_back(revision_of_group[order[g]]);
            ++g;
        } else {
            val.push_back(c.value[i]);
            if(has_rev) revs.push_back(c.revision[i]);
        }
    }
    blk.cols = {
        column<std::int32_t>(std::move(ind)),
        column<std::int32_t>(std::move(unit)),
        column<std::int32_t>(std::move(per)),
        column<V>(std::move(val)),
        has_rev ? column<std::int64_t>(std::move(revs)) : column<std::int64_t>()};
    blk.origin = std::move(origin);
}

// Year-to-date totals -> per-period flows, per (indicator, unit) in period order.
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

}  // namespace

std::string_view to_string(duplicate_policy p) {
    return duplicate_names[static_cast<std::size_t>(p)];
}
std::string_view to_string(nan_policy p) {
    return nan_names[static_cast<std::size_t>(p)];
}
std::string_view to_string(gap_policy p) {
    return gap_names[static_cast<std::size_t>(p)];
}
duplicate_policy parse_duplicate_policy(std::string_view s) {
    return parse_name<duplicate_policy>(s, duplicate_names, "duplicates policy");
}
nan_policy parse_nan_policy(std::string_view s) {
    return parse_name<nan_policy>(s, nan_names, "NaN policy");
}
gap_policy parse_gap_policy(std::string_view s) {
    return parse_name<gap_policy>(s, gap_names, "cumulative gap policy");
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
    if((ks.total + 7) / 8 <= options.bitmap_limit) bits.assign((ks.total + 63) / 64, 0);
    const detail::scan_limits limits{static_cast<std::uint32_t>(cat.size()),
                                     static_cast<std::uint32_t>(units.size()),
                                     static_cast<std::uint32_t>(periods.size()),
                                     flags.data(),
                                     nan_is_error};
    const auto scan =
        detail::scan_rows(in, limits, ks, bits, threads, options.bitmap_limit);
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
    // (The scan stops at a bad row: it has thrown above.)
    block<V> same;
    block<W> other;
    if(!scan.foreign)
        same.cols = std::move(in);
    else
        split_by_type(in, out.value_types_, own, cat, same, other);

    const auto dedup = [&](auto& blk) {
        const auto dups =
            duplicate_rows(blk.cols, ks, scan.repeated, bits.size(), bits.empty());
        if(!dups.empty()) resolve_duplicates(blk, dups, options.duplicates, name);
    };
    dedup(same);
    dedup(other);

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
    convert_cumulative(same, cumulative, options.gaps, periods, name);
    convert_cumulative(other, cumulative, options.gaps, periods, name);

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
    return out;
}

}  // namespace chitieu
