// The tables finish() works on (rollup_finish.cpp): requested periods against
// the state's fine buckets, target units as runs of domain units, the output
// blocks of one slot, coverage counts. Private to the library.
#pragma once

#include <chitieu/rollup.hpp>

#include "common/bit_count.hpp"
#include "common/huge_pages.hpp"
#include "rollup/bits.hpp"
#include "rollup/rollup_data.hpp"
#include "rollup/rollup_plan.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <vector>

namespace chitieu::detail::finishing {

using detail::int128;
using detail::rollup_plan;
using detail::slot_info;
using detail::target_set;

constexpr std::int32_t out_of_scope = -1, not_nested = -2;

// One requested period set against the state's fine buckets: the output periods
// and, per fine bucket, its output period or one of the codes above.
struct time_map {
    std::vector<period> periods;
    std::vector<std::int32_t> f2o;
};

inline time_map resolve_time(const detail::time_set& ts,
                             const std::vector<period>& buckets) {
    time_map out;
    out.f2o.assign(buckets.size(), out_of_scope);
    const auto in_scope = [&](const period& p, bool whole) {
        if(ts.periods.empty()) return true;
        return std::any_of(ts.periods.begin(), ts.periods.end(), [&](const period& s) {
            return whole ? s.contains(p) : s.overlaps(p);
        });
    };
    if(ts.by_kind) {
        period_index index;
        for(const auto& b : buckets) index.intern(b);
        const auto m = map_to_kind(index, ts.kind);
        std::vector<std::int32_t> keep(m.buckets.size(), out_of_scope);
        for(std::size_t o = 0; o < m.buckets.size(); ++o)
            if(in_scope(m.buckets[o], true)) {
                keep[o] = static_cast<std::int32_t>(out.periods.size());
                out.periods.push_back(m.buckets[o]);
            }
        for(std::size_t b = 0; b < buckets.size(); ++b) {
            const auto o = m.bucket_of[b];
            out.f2o[b] = o >= 0 ? keep[static_cast<std::size_t>(o)]
                         : in_scope(buckets[b], false) ? not_nested
                                                       : out_of_scope;
        }
        return out;
    }
    out.periods = ts.periods;
    for(std::size_t b = 0; b < buckets.size(); ++b) {
        for(std::size_t o = 0; o < out.periods.size() && out.f2o[b] < 0; ++o)
            if(out.periods[o].contains(buckets[b]))
                out.f2o[b] = static_cast<std::int32_t>(o);
        if(out.f2o[b] < 0 && in_scope(buckets[b], false)) out.f2o[b] = not_nested;
    }
    return out;
}

// The final cells of one slot for one (period set, target set): [target][period].
struct block {
    bool exact = false;  // values are whole đồng, in `whole`
    std::vector<double> value;
    std::vector<int128> whole;
    std::vector<std::int32_t> n_rep, level, n_exp;

    void init(std::size_t n, bool is_exact) {
        exact = is_exact;
        assign_huge(value, n, 0.0);
        assign_huge(whole, exact ? n : 0, int128{0});
        assign_huge(n_rep, n, 0);
        assign_huge(level, n, -1);
        assign_huge(n_exp, n, 0);
    }
    bool has(std::size_t c) const { return level[c] >= 0; }
};

// Reporting units ordered by (domain unit, level), as runs: coverage counts a
// run's units together. Plans number them in that order (make_plan), so runs are
// consecutive; a state read from bytes may hold any order, hence the sort.
struct unit_runs {
    struct run {
        std::int32_t dom, level;
        std::size_t begin, end;
        bool consecutive = false;  ///< its units are order[begin] + 0, 1, ...
    };
    std::vector<std::size_t> order;
    std::vector<run> runs;
    /// The levels reporting units are at, ascending, and each level's place
    /// among them (-1: none there): coverage counts only these levels (most
    /// rollups have their data at one level, of four or five).
    std::vector<std::int32_t> levels, place;

    explicit unit_runs(const rollup_plan& plan)
        : order(plan.ru_unit.size()), place(plan.level_names.size(), -1) {
        for(const auto l : plan.ru_level) {
            // A state read from bytes may hold any level (fuzzer finding).
            if(l < 0 || static_cast<std::size_t>(l) >= place.size())
                throw input_error("corrupt rollup state: a reporting unit's level");
            place[static_cast<std::size_t>(l)] = 0;
        }
        for(std::size_t l = 0; l < place.size(); ++l)
            if(place[l] == 0) {
                place[l] = static_cast<std::int32_t>(levels.size());
                levels.push_back(static_cast<std::int32_t>(l));
            }
        for(std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        const auto key = [&](std::size_t ru) {
            return std::make_pair(plan.ru_dom[ru], plan.ru_level[ru]);
        };
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return key(a) < key(b);
        });
        for(std::size_t i = 0; i < order.size();) {
            std::size_t j = i;
            while(j < order.size() && key(order[j]) == key(order[i])) ++j;
            bool consecutive = true;
            for(std::size_t k = i + 1; k < j && consecutive; ++k)
                consecutive = order[k] == order[k - 1] + 1;
            runs.push_back(
                {plan.ru_dom[order[i]], plan.ru_level[order[i]], i, j, consecutive});
            i = j;
        }
    }
};

// Everything about one requested period set, shared by the slots.
struct period_set {
    const rollup_plan& plan;
    const unit_runs& units;
    const detail::time_set& tset;
    const std::vector<period>& buckets;
    time_map time;
    std::size_t n_out;
    bool mapped;                // fine and output bits both fit 64: table lookups
    detail::bit_mapper to_out;  // fine bucket bits -> output period bits
    std::uint64_t not_nested_bits = 0;
    // Whether a run of consecutive units' presence bits can be counted a word at
    // a time (count_field_groups): every bucket nested, each output period's
    // buckets consecutive, and fields that never straddle two words.
    bool grouped = false;
    std::vector<detail::bit_group> groups;  // by output period

    period_set(const rollup_plan& p, const unit_runs& u, const detail::time_set& ts,
               const std::vector<period>& b)
        : plan(p),
          units(u),
          tset(ts),
          buckets(b),
          time(resolve_time(ts, b)),
          n_out(time.periods.size()),
          mapped(detail::bit_mapper::fits(b.size(), time.periods.size())) {
        if(!mapped) return;
        to_out = detail::bit_mapper(time.f2o);
        for(std::size_t k = 0; k < b.size(); ++k)
            if(time.f2o[k] == not_nested) not_nested_bits |= std::uint64_t{1} << k;
        grouped = !b.empty() && 64 % b.size() == 0 && not_nested_bits == 0;
        groups.assign(n_out, {});
        for(std::size_t k = 0; k < b.size() && grouped; ++k) {
            const auto o = time.f2o[k];
            if(o < 0) continue;
            auto& g = groups[static_cast<std::size_t>(o)];
            if(g.width == 0) g.first = static_cast<std::uint32_t>(k);
            grouped = g.first + g.width == k;  // next to the bucket before
            ++g.width;
        }
    }

    [[noreturn]] void not_nested_error(const slot_info& s, std::size_t b) const {
        const auto& p = buckets[b];
        throw input_error(
            "indicator '" + s.code + "' has data for " +
            std::string(to_string(p.kind())) + " '" + p.to_string() +
            "', which does not fit inside " +
            (tset.by_kind ? "one " + std::string(to_string(tset.kind))
                          : std::string("one of the requested periods")) +
            ": a rollup never splits a value; ask for a coarser period type");
    }
    void check_whole(const slot_info& s, const target_set& ts, block& blk) const {
        if(!blk.exact) return;
        for(std::size_t c = 0; c < blk.whole.size(); ++c) {
            if(!blk.has(c)) continue;
            const auto v = blk.whole[c];
            if(v > std::numeric_limits<std::int64_t>::max() ||
               v < std::numeric_limits<std::int64_t>::min())
                throw overflow_error("money total of indicator '" + s.code +
                                     "' at unit '" + ts.codes[c / n_out] +
                                     "', period '" +
                                     time.periods[c % n_out].to_string() +
                                     "' does not fit in int64 đồng");
            blk.value[c] = static_cast<double>(v);
        }
    }
};

template <class F>
void for_targets(const target_set& ts, std::int32_t dom, F&& f) {
    const auto d = static_cast<std::size_t>(dom);
    for(auto m = ts.start[d]; m < ts.start[d + 1]; ++m)
        f(ts.members[static_cast<std::size_t>(m)]);
}

// Reporting units counted per (domain unit, output period, level). Units
// partition among domain units, so a target's distinct reporting units are the
// sums over its domain units; the cell reports at its deepest level.
class coverage {
public:
    coverage(std::size_t doms, std::size_t outs, const unit_runs& units)
        : doms_(doms),
          outs_(outs),
          levels_(units.levels.size()),
          units_(&units),
          count_(doms * outs * levels_, 0) {}

    void add(std::int32_t dom, std::size_t o, std::int32_t level) {
        ++*at(dom, o, level);
    }
    std::int32_t* at(std::int32_t dom, std::size_t o, std::int32_t level) {
        // A state read from bytes may point outside the table (fuzzer finding):
        // refuse it rather than count outside the vector.
        const auto l =
            level >= 0 && static_cast<std::size_t>(level) < units_->place.size()
                ? units_->place[static_cast<std::size_t>(level)]
                : -1;
        const auto i = (static_cast<std::size_t>(dom) * outs_ + o) * levels_ +
                       static_cast<std::size_t>(l);
        if(dom < 0 || l < 0 || i >= count_.size())
            throw input_error(
                "corrupt rollup state: a reporting unit outside the coverage table");
        return &count_[i];
    }
    /// The stride between output periods of a domain unit's counts.
    std::size_t levels() const { return levels_; }
    void apply(const target_set& ts, block& blk) const {
        const std::size_t row = outs_ * levels_;
        if(row == 0) return;  // no output period: nothing to count (&per[0] of none)
        const std::size_t all_levels = units_->place.size();
        std::vector<std::int32_t> per(ts.targets.size() * row, 0);
        for(std::size_t d = 0; d < doms_; ++d)
            for_targets(ts, static_cast<std::int32_t>(d), [&](std::int32_t t) {
                auto* dst = &per[static_cast<std::size_t>(t) * row];
                const auto* src = &count_[d * row];
                for(std::size_t k = 0; k < row; ++k) dst[k] += src[k];
            });
        for(std::size_t t = 0; t < ts.targets.size(); ++t)
            for(std::size_t o = 0; o < outs_; ++o)
                for(std::size_t l = levels_; l-- > 0;) {
                    const auto n = per[(t * outs_ + o) * levels_ + l];
                    if(n == 0) continue;
                    const auto c = t * outs_ + o;
                    const auto level = units_->levels[l];
                    blk.level[c] = level;
                    blk.n_rep[c] = n;
                    blk.n_exp[c] =
                        ts.expected[t * all_levels + static_cast<std::size_t>(level)];
                    break;
                }
    }

private:
    std::size_t doms_, outs_, levels_;
    const unit_runs* units_;
    std::vector<std::int32_t> count_;
};

// Result rows of the reported slots, with the unit and period tables.
class emitter {
public:
    explicit emitter(rollup_result& out) : out_(out) {}

    /// The rows to come are at most `rows`: reserved at once when that is
    /// moderate, so the columns never move as later period types add rows (a
    /// move copies every row so far and holds both copies for a while). Pages
    /// reserved and never written cost no memory.
    void expect(std::size_t rows) {
        constexpr std::size_t row_bytes = 3 * sizeof(std::int32_t) + sizeof(double) +
                                          1 + sizeof(std::int64_t) +
                                          2 * sizeof(std::int32_t);
        if(rows <= (std::size_t{1} << 30) / row_bytes) reserve(rows);
    }

    /// A target set's result unit and period indices, made once per period set.
    struct set_indices {
        std::vector<std::int32_t> unit, when;
    };
    set_indices indices(const period_set& ps, const target_set& ts) {
        set_indices at;
        at.unit.resize(ts.targets.size());
        at.when.resize(ps.n_out);
        for(std::size_t t = 0; t < at.unit.size(); ++t) at.unit[t] = unit_index(ts, t);
        for(std::size_t o = 0; o < at.when.size(); ++o)
            at.when[o] = period_index_of(ps.time.periods[o]);
        return at;
    }

    /// The rows one slot's block gives for one target set: its cells with data.
    static std::size_t rows_of(const slot_info& s, const block& blk) {
        if(!s.reported) return 0;
        std::size_t n = 0;
        for(std::size_t c = 0; c < blk.level.size(); ++c) n += blk.has(c) ? 1u : 0u;
        return n;
    }

    /// Room for `rows` more rows, the money columns begun if `exact` (the rows
    /// before the first exact one are not exact: a rollup without money keeps
    /// none); returns the first new row. Rows are then written by write(),
    /// each block's at its own offset, so threads can write them together.
    std::size_t grow(std::size_t rows, bool exact) {
        const std::size_t at = out_.size();
        if(exact && !money_) {
            out_.exact.assign(at, 0);
            out_.money.assign(at, 0);
            money_ = true;
        }
        reserve(at + rows);
        out_.indicator.resize(at + rows);
        out_.unit.resize(at + rows);
        out_.bucket.resize(at + rows);
        out_.value.resize(at + rows);
        out_.n_reporting.resize(at + rows);
        out_.n_expected.resize(at + rows);
        if(money_) {
            out_.exact.resize(at + rows);
            out_.money.resize(at + rows);
        }
        return at;
    }

    /// The rows of one slot's block for one target set, from row `at` on (made
    /// room for by grow()).
    void write(const slot_info& s, const set_indices& idx, const block& blk,
               std::size_t at) const {
        if(!s.reported) return;
        const std::size_t n_out = idx.when.size();
        for(std::size_t c = 0; c < blk.level.size(); ++c) {
            if(!blk.has(c)) continue;
            out_.indicator[at] = s.id;
            out_.unit[at] = idx.unit[c / n_out];
            out_.bucket[at] = idx.when[c % n_out];
            out_.value[at] = blk.value[c];
            if(money_) {
                out_.exact[at] = blk.exact;
                out_.money[at] =
                    blk.exact ? static_cast<std::int64_t>(blk.whole[c]) : 0;
            }
            out_.n_reporting[at] = blk.n_rep[c];
            out_.n_expected[at] = blk.n_exp[c];
            ++at;
        }
    }

private:
    void reserve(std::size_t n) {
        if(n <= out_.value.capacity()) return;
        n = std::max(n, 2 * out_.value.capacity());
        reserve_huge(out_.indicator, n);
        reserve_huge(out_.unit, n);
        reserve_huge(out_.bucket, n);
        reserve_huge(out_.value, n);
        reserve_huge(out_.exact, n);
        reserve_huge(out_.money, n);
        reserve_huge(out_.n_reporting, n);
        reserve_huge(out_.n_expected, n);
    }
    std::int32_t unit_index(const target_set& ts, std::size_t t) {
        const auto [it, added] = units_.emplace(
            ts.targets[t], static_cast<std::int32_t>(out_.unit_ids.size()));
        if(added) {
            out_.unit_ids.push_back(ts.targets[t]);
            out_.unit_codes.push_back(ts.codes[t]);
            out_.unit_levels.push_back(ts.levels[t]);
        }
        return it->second;
    }
    std::int32_t period_index_of(const period& p) {
        const auto [it, added] =
            periods_.emplace(p, static_cast<std::int32_t>(out_.periods.size()));
        if(added) out_.periods.push_back(p);
        return it->second;
    }

    rollup_result& out_;
    bool money_ = false;  // the money columns have begun
    std::map<std::int32_t, std::int32_t> units_;
    std::map<period, std::int32_t> periods_;
};

}  // namespace chitieu::detail::finishing
