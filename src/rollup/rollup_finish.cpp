// Finishing a rollup state: fine buckets -> requested periods, domain units ->
// target units, time rules per reporting unit, space rules per target, derived
// indicators from their aggregated parts, coverage. Work is per requested period
// type; every requested level is served from the same per-slot pass.
#include <chitieu/rollup.hpp>

#include "rollup/bits.hpp"
#include "rollup/rollup_data.hpp"
#include "rollup/rollup_plan.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace chitieu {
namespace {

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

time_map resolve_time(const detail::time_set& ts, const std::vector<period>& buckets) {
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
        value.assign(n, 0);
        whole.assign(exact ? n : 0, 0);
        n_rep.assign(n, 0);
        level.assign(n, -1);
        n_exp.assign(n, 0);
    }
    bool has(std::size_t c) const { return level[c] >= 0; }
};

// Reporting units ordered by (domain unit, level), as runs: coverage counts a
// run's units together.
struct unit_runs {
    struct run {
        std::int32_t dom, level;
        std::size_t begin, end;
    };
    std::vector<std::size_t> order;
    std::vector<run> runs;

    explicit unit_runs(const rollup_plan& plan) : order(plan.ru_unit.size()) {
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
            runs.push_back({plan.ru_dom[order[i]], plan.ru_level[order[i]], i, j});
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
    std::size_t levels;
    bool mapped;                // fine and output bits both fit 64: table lookups
    detail::bit_mapper to_out;  // fine bucket bits -> output period bits
    std::uint64_t not_nested_bits = 0;

    period_set(const rollup_plan& p, const unit_runs& u, const detail::time_set& ts,
               const std::vector<period>& b)
        : plan(p),
          units(u),
          tset(ts),
          buckets(b),
          time(resolve_time(ts, b)),
          n_out(time.periods.size()),
          levels(p.level_names.size()),
          mapped(detail::bit_mapper::fits(b.size(), time.periods.size())) {
        if(!mapped) return;
        to_out = detail::bit_mapper(time.f2o);
        for(std::size_t k = 0; k < b.size(); ++k)
            if(time.f2o[k] == not_nested) not_nested_bits |= std::uint64_t{1} << k;
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
    coverage(std::size_t doms, std::size_t outs, std::size_t levels)
        : doms_(doms), outs_(outs), levels_(levels), count_(doms * outs * levels, 0) {}

    void add(std::int32_t dom, std::size_t o, std::int32_t level) {
        ++*at(dom, o, level);
    }
    std::int32_t* at(std::int32_t dom, std::size_t o, std::int32_t level) {
        // A state read from bytes may point outside the table (fuzzer finding):
        // refuse it rather than count outside the vector.
        const auto i = (static_cast<std::size_t>(dom) * outs_ + o) * levels_ +
                       static_cast<std::size_t>(level);
        if(dom < 0 || level < 0 || i >= count_.size())
            throw input_error(
                "corrupt rollup state: a reporting unit outside the coverage table");
        return &count_[i];
    }
    std::size_t levels() const { return levels_; }
    void apply(const target_set& ts, block& blk) const {
        const std::size_t row = outs_ * levels_;
        if(row == 0) return;  // no output period: nothing to count (&per[0] of none)
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
                    blk.level[c] = static_cast<std::int32_t>(l);
                    blk.n_rep[c] = n;
                    blk.n_exp[c] = ts.expected[t * levels_ + l];
                    break;
                }
    }

private:
    std::size_t doms_, outs_, levels_;
    std::vector<std::int32_t> count_;
};

template <class V>
void dense_slot(const period_set& ps, const slot_info& s,
                const detail::dense_table<V>& d, std::vector<block*>& out) {
    const auto ds = static_cast<std::size_t>(s.dense);
    const auto fine = d.fine, n_out = ps.n_out;
    std::vector<detail::acc_t<V>> by_dom(d.doms * n_out, 0);
    for(std::size_t u = 0; u < d.doms; ++u)
        for(std::size_t b = 0; b < fine; ++b) {
            const auto o = ps.time.f2o[b];
            if(o >= 0)
                by_dom[u * n_out + static_cast<std::size_t>(o)] +=
                    d.sum[(ds * d.doms + u) * fine + b];
        }
    coverage cov(d.doms, n_out, ps.levels);
    if(ps.mapped && fine > 0) {
        // Per run of units: their output-period masks, counted per bit.
        detail::bit_counter counter(n_out);
        for(const auto& run : ps.units.runs) {
            for(std::size_t i = run.begin; i < run.end; ++i) {
                const auto ru = ps.units.order[i];
                const auto field = detail::bit_field(
                    d.presence.data(), (ds * d.rus + ru) * fine, fine);
                if(field & ps.not_nested_bits)
                    ps.not_nested_error(s,
                                        static_cast<std::size_t>(__builtin_ctzll(
                                            field & ps.not_nested_bits)));
                counter.add(ps.to_out(field));
            }
            counter.flush(cov.at(run.dom, 0, run.level), cov.levels(), n_out);
        }
    } else {
        std::vector<std::size_t> stamp(n_out, SIZE_MAX);
        for(std::size_t ru = 0; ru < d.rus && fine > 0; ++ru) {
            const auto dom = ps.plan.ru_dom[ru];
            const auto lvl = ps.plan.ru_level[ru];
            for(std::size_t b = 0; b < fine; ++b) {
                if(!d.present(ds, ru, b)) continue;
                const auto o = ps.time.f2o[b];
                if(o == not_nested) ps.not_nested_error(s, b);
                if(o < 0 || stamp[static_cast<std::size_t>(o)] == ru) continue;
                stamp[static_cast<std::size_t>(o)] = ru;
                cov.add(dom, static_cast<std::size_t>(o), lvl);
            }
        }
    }
    for(std::size_t k = 0; k < out.size(); ++k) {
        const auto& ts = ps.plan.target_sets[k];
        auto& blk = *out[k];
        std::vector<detail::acc_t<V>> acc(blk.value.size(), 0);
        for(std::size_t u = 0; u < d.doms; ++u)
            for_targets(ts, static_cast<std::int32_t>(u), [&](std::int32_t t) {
                for(std::size_t o = 0; o < n_out; ++o)
                    acc[static_cast<std::size_t>(t) * n_out + o] +=
                        by_dom[u * n_out + o];
            });
        for(std::size_t c = 0; c < acc.size(); ++c) {
            if constexpr(std::is_same_v<V, std::int64_t>)
                blk.whole[c] = acc[c];
            else
                blk.value[c] = acc[c];
        }
        cov.apply(ts, blk);
    }
}

// A unit's value over one output period by the time rule: exactly (`whole`) for
// money other than means, else as a double (`real`).
template <class V>
void time_value(const detail::time_cell<V>& c, time_rule rule, int128& whole,
                double& real) {
    if(rule == time_rule::mean) {
        real = static_cast<double>(c.sum) / static_cast<double>(c.count);
        return;
    }
    const auto pick = [&](auto sum) {
        switch(rule) {
            case time_rule::sum:
                return sum;
            case time_rule::last:
                return static_cast<decltype(sum)>(c.last);
            case time_rule::first:
                return static_cast<decltype(sum)>(c.first);
            case time_rule::min:
                return static_cast<decltype(sum)>(c.min);
            default:
                return static_cast<decltype(sum)>(c.max);
        }
    };
    if constexpr(std::is_floating_point_v<V>)
        real = pick(c.sum);
    else {
        whole = pick(c.sum);
        real = static_cast<double>(whole);
    }
}

// Space-rule accumulators of one target set.
struct space_acc {
    std::vector<int128> wsum, wmin, wmax;
    std::vector<double> dsum, dmin, dmax;
    std::vector<std::int64_t> count;

    space_acc(std::size_t n, bool exact)
        : dsum(n, 0),
          dmin(n, std::numeric_limits<double>::infinity()),
          dmax(n, -std::numeric_limits<double>::infinity()),
          count(n, 0) {
        if(!exact) return;
        wsum.assign(n, 0);
        wmin.assign(n, std::numeric_limits<int128>::max());
        wmax.assign(n, std::numeric_limits<int128>::min());
    }
    void add(std::size_t c, bool exact, int128 w, double r) {
        ++count[c];
        if(exact) {
            wsum[c] += w;
            wmin[c] = std::min(wmin[c], w);
            wmax[c] = std::max(wmax[c], w);
        } else {
            dsum[c] += r;
            dmin[c] = std::min(dmin[c], r);
            dmax[c] = std::max(dmax[c], r);
        }
    }
    // The space rule's result. Exact blocks never see a mean (a mean is not whole
    // đồng), so `whole` is written for sum, min and max only.
    void into(space_rule rule, block& blk) const {
        for(std::size_t c = 0; c < count.size(); ++c) {
            if(!count[c]) continue;
            if(rule == space_rule::mean) {
                blk.value[c] = dsum[c] / static_cast<double>(count[c]);
            } else if(blk.exact) {
                blk.whole[c] = rule == space_rule::sum   ? wsum[c]
                               : rule == space_rule::min ? wmin[c]
                                                         : wmax[c];
            } else {
                blk.value[c] = rule == space_rule::sum   ? dsum[c]
                               : rule == space_rule::min ? dmin[c]
                                                         : dmax[c];
            }
        }
    }
};

template <class V>
void sparse_slot(const period_set& ps, const slot_info& s,
                 const detail::sparse_table<V>& sp, std::size_t fine,
                 std::vector<block*>& out) {
    const auto n_out = ps.n_out;
    const auto rus = ps.plan.ru_unit.size();
    const bool exact = out.empty() ? false : out[0]->exact;
    std::vector<space_acc> acc;
    for(const auto* blk : out) acc.emplace_back(blk->value.size(), exact);
    coverage cov(ps.plan.doms, n_out, ps.levels);
    // Several series totalled into the slot: each holds its own run of keys, and
    // a unit reporting in more than one of them counts once.
    const auto n_series = static_cast<std::size_t>(s.sparse_count);
    std::vector<std::uint64_t> counted(n_series > 1 ? (rus * n_out + 63) / 64 : 0);
    const auto lo = static_cast<std::uint64_t>(s.sparse) * rus * fine;
    const auto hi = lo + n_series * rus * fine;
    auto i = static_cast<std::size_t>(
        std::lower_bound(sp.key.begin(), sp.key.end(), lo) - sp.key.begin());
    std::vector<detail::time_cell<V>> tmp(n_out);
    std::vector<char> touched(n_out, 0);
    std::vector<std::size_t> list;
    while(i < sp.size() && sp.key[i] < hi) {
        const auto run = static_cast<std::size_t>((sp.key[i] - lo) / fine);
        const auto ru = run % rus;
        for(; i < sp.size() && sp.key[i] < hi && (sp.key[i] - lo) / fine == run; ++i) {
            const auto b = static_cast<std::size_t>(sp.key[i] % fine);
            const auto o = ps.time.f2o[b];
            if(o == not_nested) ps.not_nested_error(s, b);
            if(o < 0) continue;
            const auto oo = static_cast<std::size_t>(o);
            if(touched[oo])
                tmp[oo].add(sp.cell[i]);
            else {
                tmp[oo] = sp.cell[i];
                touched[oo] = 1;
                list.push_back(oo);
            }
        }
        const auto dom = ps.plan.ru_dom[ru];
        const auto lvl = ps.plan.ru_level[ru];
        for(const auto o : list) {
            int128 w = 0;
            double r = 0;
            time_value(tmp[o], s.time, w, r);
            const auto bit = ru * n_out + o;
            if(counted.empty() || !((counted[bit >> 6] >> (bit & 63)) & 1u)) {
                if(!counted.empty())
                    counted[bit >> 6] |= std::uint64_t{1} << (bit & 63);
                cov.add(dom, o, lvl);
            }
            for(std::size_t k = 0; k < out.size(); ++k)
                for_targets(ps.plan.target_sets[k], dom, [&](std::int32_t t) {
                    acc[k].add(static_cast<std::size_t>(t) * n_out + o, exact, w, r);
                });
            touched[o] = 0;
        }
        list.clear();
    }
    for(std::size_t k = 0; k < out.size(); ++k) {
        acc[k].into(s.space, *out[k]);
        cov.apply(ps.plan.target_sets[k], *out[k]);
    }
}

// A derived indicator, cell by cell, from its parts' finished cells.
void derived_slot(const period_set& ps, const target_set& ts, const slot_info& s,
                  std::vector<block>& blocks, block& blk) {
    std::vector<const block*> parts;
    bool exact = s.formula != formula_kind::ratio;
    for(const auto p : s.parts) {
        const auto& part = blocks[static_cast<std::size_t>(p)];
        parts.push_back(&part);
        exact = exact && part.exact;
    }
    blk.init(blocks[static_cast<std::size_t>(s.parts.at(0))].value.size(), exact);
    const auto sign = [&](std::size_t k) {
        return s.formula == formula_kind::difference && k > 0 ? -1 : 1;
    };
    for(std::size_t c = 0; c < blk.value.size(); ++c) {
        if(!std::all_of(
               parts.begin(), parts.end(), [&](const block* p) { return p->has(c); }))
            continue;
        std::int32_t rep = std::numeric_limits<std::int32_t>::max(), expect = 0,
                     lvl = -1;
        for(const auto* p : parts) {
            rep = std::min(rep, p->n_rep[c]);
            expect = std::max(expect, p->n_exp[c]);
            lvl = std::max(lvl, p->level[c]);
        }
        blk.n_rep[c] = rep;
        blk.n_exp[c] = expect;
        blk.level[c] = lvl;
        if(s.formula == formula_kind::ratio) {
            const double den = parts[1]->value[c];
            blk.value[c] = den == 0 ? std::numeric_limits<double>::quiet_NaN()
                                    : parts[0]->value[c] / den * s.factor;
        } else {
            for(std::size_t k = 0; k < parts.size(); ++k) {
                if(exact)
                    blk.whole[c] += sign(k) * parts[k]->whole[c];
                else
                    blk.value[c] += sign(k) * parts[k]->value[c];
            }
        }
    }
    ps.check_whole(s, ts, blk);
}

// Result rows of the reported slots, with the unit and period tables.
class emitter {
public:
    explicit emitter(rollup_result& out) : out_(out) {}

    void emit(const period_set& ps, const target_set& ts,
              const std::vector<block>& blocks) {
        const auto& plan = ps.plan;
        std::vector<std::int32_t> unit(ts.targets.size()), when(ps.n_out);
        for(std::size_t t = 0; t < unit.size(); ++t) unit[t] = unit_index(ts, t);
        for(std::size_t o = 0; o < when.size(); ++o)
            when[o] = period_index_of(ps.time.periods[o]);
        std::size_t rows = 0;
        for(std::size_t k = 0; k < plan.slots.size(); ++k)
            if(plan.slots[k].reported)
                for(std::size_t c = 0; c < blocks[k].level.size(); ++c)
                    rows += blocks[k].has(c);
        reserve(out_.size() + rows);
        for(std::size_t k = 0; k < plan.slots.size(); ++k) {
            const auto& s = plan.slots[k];
            if(!s.reported) continue;
            const auto& blk = blocks[k];
            for(std::size_t c = 0; c < blk.value.size(); ++c) {
                if(!blk.has(c)) continue;
                out_.indicator.push_back(s.id);
                out_.unit.push_back(unit[c / ps.n_out]);
                out_.bucket.push_back(when[c % ps.n_out]);
                out_.value.push_back(blk.value[c]);
                out_.exact.push_back(blk.exact);
                out_.money.push_back(blk.exact ? static_cast<std::int64_t>(blk.whole[c])
                                               : 0);
                out_.n_reporting.push_back(blk.n_rep[c]);
                out_.n_expected.push_back(blk.n_exp[c]);
            }
        }
    }

private:
    void reserve(std::size_t n) {
        if(n <= out_.value.capacity()) return;
        n = std::max(n, 2 * out_.value.capacity());
        out_.indicator.reserve(n);
        out_.unit.reserve(n);
        out_.bucket.reserve(n);
        out_.value.reserve(n);
        out_.exact.reserve(n);
        out_.money.reserve(n);
        out_.n_reporting.reserve(n);
        out_.n_expected.reserve(n);
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
    std::map<std::int32_t, std::int32_t> units_;
    std::map<period, std::int32_t> periods_;
};

}  // namespace

rollup_result finish(const rollup_state& state, int threads_requested) {
    rollup_result out;
    if(!state.plan_) return out;
    const auto& plan = *state.plan_;
    const auto& data = *state.data_;
    out.level_names = plan.level_names;
    std::int32_t max_id = -1;
    for(const auto& s : plan.slots) max_id = std::max(max_id, s.id);
    out.indicator_codes.resize(static_cast<std::size_t>(max_id + 1));
    for(const auto& s : plan.slots)
        out.indicator_codes[static_cast<std::size_t>(s.id)] = s.code;
    emitter emit(out);
    const auto fine = state.buckets_.size();
    const auto n_sets = plan.target_sets.size();
    const unsigned threads = std::max(
        1u,
        std::min<unsigned>(
            detail::resolve_threads(threads_requested),
            static_cast<unsigned>(std::max<std::size_t>(plan.slots.size(), 1))));

    const unit_runs runs(plan);
    for(const auto& tset : plan.time_sets) {
        const period_set ps(plan, runs, tset, state.buckets_);
        // blocks[set][slot]
        std::vector<std::vector<block>> blocks(n_sets,
                                               std::vector<block>(plan.slots.size()));
        detail::run_parallel(threads, [&](unsigned t) {
            for(std::size_t k = t; k < plan.slots.size(); k += threads) {
                const auto& s = plan.slots[k];
                if(s.formula != formula_kind::none) continue;
                const bool money = s.type == value_type::money;
                const bool exact =
                    money && s.time != time_rule::mean && s.space != space_rule::mean;
                std::vector<block*> mine;
                for(std::size_t j = 0; j < n_sets; ++j) {
                    blocks[j][k].init(plan.target_sets[j].targets.size() * ps.n_out,
                                      exact);
                    mine.push_back(&blocks[j][k]);
                }
                if(s.dense >= 0) {
                    if(money)
                        dense_slot(ps, s, data.money.dense, mine);
                    else
                        dense_slot(ps, s, data.real.dense, mine);
                } else if(money) {
                    sparse_slot(ps, s, data.money.sparse, fine, mine);
                } else {
                    sparse_slot(ps, s, data.real.sparse, fine, mine);
                }
                for(std::size_t j = 0; j < n_sets; ++j)
                    ps.check_whole(s, plan.target_sets[j], blocks[j][k]);
            }
        });
        for(std::size_t j = 0; j < n_sets; ++j) {
            const auto& ts = plan.target_sets[j];
            for(const auto k : plan.evaluation)
                derived_slot(ps,
                             ts,
                             plan.slots[static_cast<std::size_t>(k)],
                             blocks[j],
                             blocks[j][static_cast<std::size_t>(k)]);
            emit.emit(ps, ts, blocks[j]);
        }
    }
    return out;
}

}  // namespace chitieu
