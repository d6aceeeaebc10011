// Finishing a rollup state: fine buckets -> requested periods, domain units ->
// target units, time rules per reporting unit, space rules per target, derived
// indicators from their aggregated parts, coverage.
#include <chitieu/detail/rollup_plan.hpp>
#include <chitieu/rollup.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace chitieu {
namespace {

using detail::int128;
using detail::rollup_plan;
using detail::slot_info;

bool contains(const period& outer, const period& inner) {
    return outer.first() <= inner.first() && inner.last() <= outer.last();
}
bool overlaps(const period& a, const period& b) {
    return a.first() <= b.last() && b.first() <= a.last();
}

constexpr std::int32_t out_of_scope = -1, not_nested = -2;

// One requested period set against the state's fine buckets.
struct time_map {
    std::vector<period> periods;    // output periods
    std::vector<std::int32_t> f2o;  // fine bucket -> output index, or the codes above
};

time_map resolve_time(const detail::time_set& ts, const std::vector<period>& buckets) {
    time_map out;
    out.f2o.assign(buckets.size(), out_of_scope);
    const auto in_scope = [&](const period& p, bool whole) {
        if(ts.periods.empty()) return true;
        return std::any_of(ts.periods.begin(), ts.periods.end(), [&](const period& s) {
            return whole ? contains(s, p) : overlaps(s, p);
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
            if(contains(out.periods[o], buckets[b]))
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
        if(exact) whole.assign(n, 0);
        n_rep.assign(n, 0);
        level.assign(n, -1);
        n_exp.assign(n, 0);
    }
    bool has(std::size_t c) const { return level[c] >= 0; }
    // A unit of `lvl` reported into cell c: coverage counts the deepest level.
    void report(std::size_t c, std::int32_t lvl) {
        if(lvl > level[c]) {
            level[c] = lvl;
            n_rep[c] = 1;
        } else if(lvl == level[c]) {
            ++n_rep[c];
        }
    }
};

struct context {
    const rollup_plan& plan;
    const std::vector<period>& buckets;
    const time_map& time;
    const detail::target_set& targets;
    std::size_t n_out;

    std::size_t cell(std::int32_t t, std::int32_t o) const {
        return static_cast<std::size_t>(t) * n_out + static_cast<std::size_t>(o);
    }
    template <class F>
    void for_targets(std::int32_t dom, F&& f) const {
        const auto d = static_cast<std::size_t>(dom);
        for(auto m = targets.start[d]; m < targets.start[d + 1]; ++m)
            f(targets.members[static_cast<std::size_t>(m)]);
    }
    [[noreturn]] void not_nested_error(const slot_info& s, std::size_t b) const {
        throw input_error("indicator '" + s.code + "' has data for " +
                          std::string(to_string(buckets[b].kind())) + " '" +
                          buckets[b].to_string() +
                          "', which does not fit inside one requested period: a rollup "
                          "never splits a value; ask for a coarser period type");
    }
    void finalize(block& blk, std::size_t levels) const {
        for(std::size_t t = 0; t < targets.targets.size(); ++t)
            for(std::size_t o = 0; o < n_out; ++o) {
                const auto c = t * n_out + o;
                if(blk.has(c))
                    blk.n_exp[c] =
                        targets.expected[t * levels +
                                         static_cast<std::size_t>(blk.level[c])];
            }
    }
    void check_whole(const slot_info& s, block& blk) const {
        if(!blk.exact) return;
        for(std::size_t c = 0; c < blk.whole.size(); ++c) {
            if(!blk.has(c)) continue;
            const auto v = blk.whole[c];
            if(v > std::numeric_limits<std::int64_t>::max() ||
               v < std::numeric_limits<std::int64_t>::min())
                throw overflow_error("money total of indicator '" + s.code +
                                     "' at unit '" + targets.codes[c / n_out] +
                                     "', period '" +
                                     time.periods[c % n_out].to_string() +
                                     "' does not fit in int64 đồng");
            blk.value[c] = static_cast<double>(v);
        }
    }
};

template <class V>
void dense_slot(const context& cx, const slot_info& s, const detail::dense_table<V>& d,
                block& blk) {
    const auto ds = static_cast<std::size_t>(s.dense);
    const auto fine = d.fine;
    std::vector<detail::acc_t<V>> acc(blk.value.size(), 0);
    for(std::size_t u = 0; u < d.doms; ++u)
        for(std::size_t b = 0; b < fine; ++b) {
            const auto o = cx.time.f2o[b];
            if(o < 0) continue;
            const auto v = d.sum[(ds * d.doms + u) * fine + b];
            cx.for_targets(static_cast<std::int32_t>(u),
                           [&](std::int32_t t) { acc[cx.cell(t, o)] += v; });
        }
    std::vector<std::size_t> stamp(cx.n_out, SIZE_MAX);
    for(std::size_t ru = 0; ru < d.rus; ++ru) {
        const auto dom = cx.plan.ru_dom[ru];
        const auto lvl = cx.plan.ru_level[ru];
        for(std::size_t b = 0; b < fine; ++b) {
            if(!d.present(ds, ru, b)) continue;
            const auto o = cx.time.f2o[b];
            if(o == not_nested) cx.not_nested_error(s, b);
            if(o < 0 || stamp[static_cast<std::size_t>(o)] == ru) continue;
            stamp[static_cast<std::size_t>(o)] = ru;
            cx.for_targets(dom,
                           [&](std::int32_t t) { blk.report(cx.cell(t, o), lvl); });
        }
    }
    for(std::size_t c = 0; c < acc.size(); ++c) {
        if constexpr(std::is_same_v<V, std::int64_t>)
            blk.whole[c] = acc[c];
        else
            blk.value[c] = acc[c];
    }
}

// A unit's value over one output period by the time rule, exactly (whole) when
// the result is whole đồng, else as a double.
template <class V>
void time_value(const detail::time_cell<V>& c, time_rule rule, int128& whole,
                double& real) {
    switch(rule) {
        case time_rule::sum:
            whole = static_cast<int128>(c.sum);
            break;
        case time_rule::last:
            whole = static_cast<int128>(c.last);
            break;
        case time_rule::first:
            whole = static_cast<int128>(c.first);
            break;
        case time_rule::min:
            whole = static_cast<int128>(c.min);
            break;
        case time_rule::max:
            whole = static_cast<int128>(c.max);
            break;
        case time_rule::mean:
            real = static_cast<double>(c.sum) / static_cast<double>(c.count);
            return;
    }
    if constexpr(std::is_floating_point_v<V>) {
        switch(rule) {
            case time_rule::sum:
                real = c.sum;
                break;
            case time_rule::last:
                real = c.last;
                break;
            case time_rule::first:
                real = c.first;
                break;
            case time_rule::min:
                real = c.min;
                break;
            default:
                real = c.max;
                break;
        }
    } else {
        real = static_cast<double>(whole);
    }
}

template <class V>
void sparse_slot(const context& cx, const slot_info& s,
                 const detail::sparse_table<V>& sp, std::size_t rus, std::size_t fine,
                 block& blk) {
    const auto n = blk.value.size();
    std::vector<int128> wsum(blk.exact ? n : 0), wmin, wmax;
    std::vector<double> dsum(n, 0), dmin(n, std::numeric_limits<double>::infinity()),
        dmax(n, -std::numeric_limits<double>::infinity());
    std::vector<std::int64_t> count(n, 0);
    if(blk.exact) {
        wmin.assign(n, std::numeric_limits<int128>::max());
        wmax.assign(n, std::numeric_limits<int128>::min());
    }
    const auto lo = static_cast<std::uint64_t>(s.sparse) * rus * fine;
    const auto hi = lo + rus * fine;
    auto i = static_cast<std::size_t>(
        std::lower_bound(sp.key.begin(), sp.key.end(), lo) - sp.key.begin());
    std::vector<detail::time_cell<V>> tmp(cx.n_out);
    std::vector<char> touched(cx.n_out, 0);
    std::vector<std::int32_t> list;
    while(i < sp.size() && sp.key[i] < hi) {
        const auto ru = static_cast<std::size_t>((sp.key[i] - lo) / fine);
        for(; i < sp.size() && sp.key[i] < hi && (sp.key[i] - lo) / fine == ru; ++i) {
            const auto b = static_cast<std::size_t>(sp.key[i] % fine);
            const auto o = cx.time.f2o[b];
            if(o == not_nested) cx.not_nested_error(s, b);
            if(o < 0) continue;
            const auto oo = static_cast<std::size_t>(o);
            if(touched[oo])
                tmp[oo].add(sp.cell[i]);
            else {
                tmp[oo] = sp.cell[i];
                touched[oo] = 1;
                list.push_back(o);
            }
        }
        const auto dom = cx.plan.ru_dom[ru];
        const auto lvl = cx.plan.ru_level[ru];
        for(const auto o : list) {
            int128 w = 0;
            double r = 0;
            time_value(tmp[static_cast<std::size_t>(o)], s.time, w, r);
            cx.for_targets(dom, [&](std::int32_t t) {
                const auto c = cx.cell(t, o);
                blk.report(c, lvl);
                ++count[c];
                if(blk.exact) {
                    wsum[c] += w;
                    wmin[c] = std::min(wmin[c], w);
                    wmax[c] = std::max(wmax[c], w);
                } else {
                    dsum[c] += r;
                    dmin[c] = std::min(dmin[c], r);
                    dmax[c] = std::max(dmax[c], r);
                }
            });
            touched[static_cast<std::size_t>(o)] = 0;
        }
        list.clear();
    }
    for(std::size_t c = 0; c < n; ++c) {
        if(!blk.has(c)) continue;
        switch(s.space) {
            case space_rule::sum:
                if(blk.exact)
                    blk.whole[c] = wsum[c];
                else
                    blk.value[c] = dsum[c];
                break;
            case space_rule::mean:
                blk.value[c] = dsum[c] / static_cast<double>(count[c]);
                break;
            case space_rule::min:
                if(blk.exact)
                    blk.whole[c] = wmin[c];
                else
                    blk.value[c] = dmin[c];
                break;
            case space_rule::max:
                if(blk.exact)
                    blk.whole[c] = wmax[c];
                else
                    blk.value[c] = dmax[c];
                break;
        }
    }
}

// Derived indicators, cell by cell, from their parts' finished cells.
void derived_slot(const context& cx, const slot_info& s, std::vector<block>& blocks) {
    auto& blk = blocks[static_cast<std::size_t>(&s - cx.plan.slots.data())];
    std::vector<const block*> parts;
    bool exact = s.formula != formula_kind::ratio;
    for(const auto p : s.parts) {
        parts.push_back(&blocks[static_cast<std::size_t>(p)]);
        exact = exact && parts.back()->exact;
    }
    blk.init(blocks[static_cast<std::size_t>(s.parts[0])].value.size(), exact);
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
        const auto sign = [&](std::size_t k) {
            return s.formula == formula_kind::difference && k > 0 ? -1 : 1;
        };
        if(s.formula == formula_kind::ratio) {
            const double den = parts[1]->value[c];
            blk.value[c] = den == 0 ? std::numeric_limits<double>::quiet_NaN()
                                    : parts[0]->value[c] / den * s.factor;
        } else if(exact) {
            for(std::size_t k = 0; k < parts.size(); ++k)
                blk.whole[c] += sign(k) * parts[k]->whole[c];
        } else {
            for(std::size_t k = 0; k < parts.size(); ++k)
                blk.value[c] += sign(k) * parts[k]->value[c];
        }
    }
    cx.check_whole(s, blk);
}

}  // namespace

rollup_result finish(const rollup_state& state, int threads_requested) {
    rollup_result out;
    if(!state.plan_) return out;
    const auto& plan = *state.plan_;
    const auto levels = plan.level_names.size();
    out.level_names = plan.level_names;
    std::int32_t max_id = -1;
    for(const auto& s : plan.slots) max_id = std::max(max_id, s.id);
    out.indicator_codes.resize(static_cast<std::size_t>(max_id + 1));
    for(const auto& s : plan.slots)
        out.indicator_codes[static_cast<std::size_t>(s.id)] = s.code;
    std::map<std::int32_t, std::int32_t> unit_index;
    std::map<period, std::int32_t> period_index_of;
    const auto fine = state.buckets_.size();
    const auto rus = plan.ru_unit.size();
    const unsigned threads = detail::resolve_threads(threads_requested);

    for(const auto& tset : plan.time_sets) {
        const auto time = resolve_time(tset, state.buckets_);
        for(const auto& targets : plan.target_sets) {
            const context cx{plan, state.buckets_, time, targets, time.periods.size()};
            const auto n = targets.targets.size() * cx.n_out;
            std::vector<block> blocks(plan.slots.size());
            const unsigned used = std::max(
                1u,
                std::min<unsigned>(threads, static_cast<unsigned>(plan.slots.size())));
            detail::run_parallel(used, [&](unsigned t) {
                for(std::size_t k = t; k < plan.slots.size(); k += used) {
                    const auto& s = plan.slots[k];
                    if(s.formula != formula_kind::none) continue;
                    const bool money = s.type == value_type::money;
                    auto& blk = blocks[k];
                    blk.init(n,
                             money && s.time != time_rule::mean &&
                                 s.space != space_rule::mean);
                    if(s.dense >= 0) {
                        if(money)
                            dense_slot(cx, s, state.money_.dense, blk);
                        else
                            dense_slot(cx, s, state.real_.dense, blk);
                    } else if(money) {
                        sparse_slot(cx, s, state.money_.sparse, rus, fine, blk);
                    } else {
                        sparse_slot(cx, s, state.real_.sparse, rus, fine, blk);
                    }
                    cx.finalize(blk, levels);
                    cx.check_whole(s, blk);
                }
            });
            for(const auto k : plan.evaluation)
                derived_slot(cx, plan.slots[static_cast<std::size_t>(k)], blocks);

            for(std::size_t k = 0; k < plan.slots.size(); ++k) {
                const auto& s = plan.slots[k];
                if(!s.reported) continue;
                const auto& blk = blocks[k];
                for(std::size_t c = 0; c < n; ++c) {
                    if(!blk.has(c)) continue;
                    const auto t = c / cx.n_out, o = c % cx.n_out;
                    const auto unit_id = targets.targets[t];
                    auto [uit, new_unit] = unit_index.emplace(
                        unit_id, static_cast<std::int32_t>(out.unit_ids.size()));
                    if(new_unit) {
                        out.unit_ids.push_back(unit_id);
                        out.unit_codes.push_back(targets.codes[t]);
                        out.unit_levels.push_back(targets.levels[t]);
                    }
                    auto [pit, new_period] = period_index_of.emplace(
                        time.periods[o], static_cast<std::int32_t>(out.periods.size()));
                    if(new_period) out.periods.push_back(time.periods[o]);
                    out.indicator.push_back(s.id);
                    out.unit.push_back(uit->second);
                    out.bucket.push_back(pit->second);
                    out.value.push_back(blk.value[c]);
                    out.exact.push_back(blk.exact);
                    out.money.push_back(
                        blk.exact ? static_cast<std::int64_t>(blk.whole[c]) : 0);
                    out.n_reporting.push_back(blk.n_rep[c]);
                    out.n_expected.push_back(blk.n_exp[c]);
                }
            }
        }
    }
    return out;
}

}  // namespace chitieu
