// The pass into a rollup state and merging states (bytes: rollup_io.cpp).
#include <chitieu/rollup.hpp>

#include "common/bit_count.hpp"
#include "rollup/bits.hpp"
#include "rollup/rollup_data.hpp"
#include "rollup/rollup_io.hpp"
#include "rollup/rollup_plan.hpp"

#include <algorithm>

namespace chitieu {
namespace {

using detail::rollup_plan;

template <class V>
void fill_presence(detail::dense_table<V>& dense, const rollup_plan& plan,
                   value_type type, const observations& obs,
                   const std::vector<std::int32_t>& bucket, unsigned threads) {
    const auto& bits = obs.presence();
    const std::size_t units = obs.n_units(), periods = bucket.size(), fine = dense.fine;
    const std::size_t rus = plan.ru_unit.size();
    std::vector<std::pair<std::int32_t, std::int32_t>>
        work;  // (catalog id, dense slot)
    for(const auto& s : plan.slots)
        if(s.type == type && s.dense >= 0) work.emplace_back(s.id, s.dense);
    // Threads own contiguous slot ranges, so only the first and last word of a
    // thread's bits can be shared with a neighbour; those take an atomic or.
    const auto first_word = [&](std::size_t w) {
        return w < work.size()
                   ? static_cast<std::uint64_t>(work[w].second) * rus * fine >> 6
                   : ~std::uint64_t{0};
    };
    const bool mapped = detail::bit_mapper::fits(periods, fine);
    const detail::bit_mapper to_fine =
        mapped ? detail::bit_mapper(bucket) : detail::bit_mapper();
    // Periods that are the buckets themselves: reporting units of consecutive
    // hierarchy ids (a district's communes) have their presence in one run of
    // the observations' bits, copied 64 at a time. `runs`: where each starts.
    const bool copy = mapped && to_fine.identity() && fine == periods;
    std::vector<std::size_t> runs;
    for(std::size_t ru = 0; ru < rus && copy; ++ru)
        if(ru == 0 || plan.ru_unit[ru] != plan.ru_unit[ru - 1] + 1) runs.push_back(ru);
    runs.push_back(rus);
    detail::run_parallel(threads, [&](unsigned t) {
        const auto [w0, w1] = detail::slice(work.size(), t, threads);
        const auto lo = first_word(w0);
        const auto hi = w1 < work.size() ? first_word(w1) : ~std::uint64_t{0};
        const auto or_word = [&](std::uint64_t word, std::uint64_t mask) {
            if(word == lo || word == hi)
                __atomic_fetch_or(&dense.presence[word], mask, __ATOMIC_RELAXED);
            else
                dense.presence[word] |= mask;
        };
        const auto set_bits = [&](std::uint64_t at, std::uint64_t mask) {
            const auto shift = at & 63;
            or_word(at >> 6, mask << shift);
            if(shift && (mask >> (64 - shift)))
                or_word((at >> 6) + 1, mask >> (64 - shift));
        };
        for(std::size_t w = w0; w < w1 && periods > 0; ++w) {
            const auto k = work[w].first, ds = work[w].second;  // captured below
            const auto field_of =
                [&](std::size_t ru, std::size_t off, std::size_t len) {
                    const auto unit = static_cast<std::uint64_t>(plan.ru_unit[ru]);
                    const auto at =
                        (static_cast<std::uint64_t>(k) * units + unit) * periods + off;
                    return detail::bit_field(bits.data(), at, len);
                };
            const auto out = static_cast<std::uint64_t>(ds) * rus * fine;
            if(copy) {
                for(std::size_t r = 0; r + 1 < runs.size(); ++r) {
                    const auto ru = runs[r];
                    const auto from = (static_cast<std::uint64_t>(k) * units +
                                       static_cast<std::uint64_t>(plan.ru_unit[ru])) *
                                      periods;
                    const std::uint64_t len = (runs[r + 1] - ru) * fine;
                    for(std::uint64_t at = 0; at < len; at += 64)
                        set_bits(
                            out + ru * fine + at,
                            detail::bit_field(bits.data(),
                                              from + at,
                                              std::min<std::uint64_t>(64, len - at)));
                }
                continue;
            }
            if(mapped) {
                // The slot's fine fields are consecutive: assemble whole words.
                auto word = out >> 6;
                auto shift = out & 63;
                std::uint64_t acc = 0;
                for(std::size_t ru = 0; ru < rus; ++ru) {
                    const auto mask = to_fine(field_of(ru, 0, periods));
                    acc |= mask << shift;
                    shift += fine;
                    if(shift >= 64) {
                        or_word(word++, acc);
                        shift -= 64;
                        acc = shift ? mask >> (fine - shift) : 0;
                    }
                }
                if(shift) or_word(word, acc);
                continue;
            }
            for(std::size_t ru = 0; ru < rus; ++ru)
                for(std::size_t off = 0; off < periods; off += 64)
                    for(auto v =
                            field_of(ru, off, std::min<std::size_t>(64, periods - off));
                        v;
                        v &= v - 1) {
                        const auto b =
                            bucket[off + static_cast<std::size_t>(__builtin_ctzll(v))];
                        if(b >= 0)
                            set_bits(out + (ru * fine) + static_cast<std::uint64_t>(b),
                                     1);
                    }
        }
    });
}

template <class V>
detail::pass_tables pass_tables_for(const rollup_plan& plan, value_type type,
                                    std::size_t n_indicators,
                                    const std::vector<std::int32_t>& bucket,
                                    const std::vector<std::int64_t>& order_key,
                                    std::size_t fine, bool presence,
                                    const std::vector<std::int32_t>& unit_dictionary) {
    detail::pass_tables tab;
    const auto t = static_cast<std::size_t>(type);
    tab.doms = plan.doms;
    tab.rus = plan.ru_unit.size();
    tab.fine = fine;
    tab.dense_slots = plan.dense_slots[t];
    tab.sparse_slots = plan.sparse_slots[t];
    tab.slot.assign(n_indicators, {-1, -1, -1});
    const auto place =
        [&](const detail::slot_info& s, std::size_t row_id, std::int32_t sparse) {
            if(s.type != type) return;
            auto& e = tab.slot[row_id];
            if(s.dense >= 0) {
                e.dense_base = static_cast<std::int64_t>(
                    static_cast<std::size_t>(s.dense) * tab.doms * fine);
                e.presence_base = static_cast<std::int64_t>(
                    static_cast<std::size_t>(s.dense) * tab.rus * fine);
            }
            if(sparse >= 0)
                e.sparse_base = static_cast<std::int64_t>(
                    static_cast<std::size_t>(sparse) * tab.rus * fine);
        };
    if(plan.series_slot.empty())
        for(const auto& s : plan.slots)
            place(s, static_cast<std::size_t>(s.id), s.sparse);
    else  // rows carry series ids; several series may share a slot
        for(std::size_t f = 0; f < plan.series_slot.size(); ++f)
            if(plan.series_slot[f] >= 0)
                place(plan.slots[static_cast<std::size_t>(plan.series_slot[f])],
                      f,
                      plan.series_sparse[f]);
    tab.unit.assign(plan.unit_dom.size(), {-1, -1});
    for(std::size_t u = 0; u < plan.unit_dom.size(); ++u)
        if(plan.unit_dom[u] >= 0)
            tab.unit[u] = {static_cast<std::int32_t>(
                               static_cast<std::size_t>(plan.unit_dom[u]) * fine),
                           static_cast<std::int32_t>(
                               static_cast<std::size_t>(plan.unit_ru[u]) * fine)};
    if(!unit_dictionary.empty()) {  // the rows hold positions in it: one entry each
        std::vector<detail::unit_entry> by_position;
        by_position.reserve(unit_dictionary.size());
        for(const auto id : unit_dictionary)
            by_position.push_back(tab.unit.at(static_cast<std::size_t>(id)));
        tab.unit = std::move(by_position);
    }
    tab.bucket = bucket;
    tab.order_key = order_key;
    tab.time_fields = plan.time_fields(type);
    tab.presence = presence;
    return tab;
}

// Rows of the indicators on the sparse path (stocks and other time rules), from
// the observations' bit set, where an indicator's bits are one run (edge words
// counted whole: an estimate, for choosing how their states are held). 0 when
// there is no bit set or the rows carry series ids.
std::size_t sparse_rows(const detail::pass_tables& tab, const observations& obs,
                        const rollup_plan& plan, std::size_t periods) {
    const auto& bits = obs.presence();
    if(bits.empty() || !plan.series_slot.empty()) return 0;
    const std::size_t run = obs.n_units() * periods;
    std::size_t rows = 0;
    for(std::size_t k = 0; k < tab.slot.size(); ++k) {
        if(tab.slot[k].sparse_base < 0) continue;
        const std::size_t lo = std::min(bits.size(), k * run / 64),
                          hi = std::min(bits.size(), ((k + 1) * run + 63) / 64);
        rows += detail::count_bits(bits.data() + lo, hi - lo);
    }
    return rows;
}

template <class V>
detail::row_columns<V> rows_of(const observation_columns<V>& c) {
    return {
        c.indicator.data(), c.unit.data(), c.period.data(), c.value.data(), c.size()};
}

}  // namespace

rollup_state partial_rollup(const observations& obs, const hierarchy& h,
                            const catalog& cat, const rollup_request& req) {
    return detail::run_plan(obs, h, cat, detail::make_plan(h, cat, req), req);
}

// The pass of a resolved plan. `cat` is the catalog the observations were built
// with: the request's own, or the expanded series of series.hpp.
rollup_state detail::run_plan(const observations& obs, const hierarchy& h,
                              const catalog& cat,
                              std::shared_ptr<const rollup_plan> resolved,
                              const rollup_request& req) {
    detail::check_built_with(obs, h, cat);
    for(std::size_t k = 0; k < cat.size(); ++k)
        if(obs.value_types()[k] != cat[static_cast<std::int32_t>(k)].type)
            throw input_error(
                "indicator '" + cat[static_cast<std::int32_t>(k)].code +
                "' has another value type than when the observations were built");
    const auto nans = req.nans.value_or(obs.nans());
    if(nans == nan_policy::error && obs.first_nonfinite() >= 0) {
        const auto i = static_cast<std::size_t>(obs.first_nonfinite());
        const auto& r = obs.real();
        throw input_error("value " + std::to_string(r.value[i]) + " of indicator '" +
                          cat[r.indicator[i]].code + "' at unit '" + h.code(r.unit[i]) +
                          "', period '" + obs.periods().at(r.period[i]).to_string() +
                          "' is not finite (nan_policy='error')");
    }

    rollup_state state;
    state.plan_ = std::move(resolved);
    const auto& plan = *state.plan_;

    // Fine bucket of every period of the index: its fine-kind period when it
    // nests in one, else the period itself; -1 when outside the requested scope.
    const auto& index = obs.periods();
    const auto to_fine = map_to_kind(index, plan.fine_kind);
    std::vector<period> fine_of(index.size());
    std::vector<char> used(index.size(), 0);
    for(std::size_t p = 0; p < index.size(); ++p) {
        const auto& per = index.at(static_cast<std::int32_t>(p));
        if(!plan.scope.empty() &&
           std::none_of(plan.scope.begin(), plan.scope.end(), [&](const period& s) {
               return s.overlaps(per);
           }))
            continue;
        const auto b = to_fine.bucket_of[p];
        fine_of[p] = b >= 0 ? to_fine.buckets[static_cast<std::size_t>(b)] : per;
        if(const auto* whole = plan.disjoint_target_of(per)) fine_of[p] = *whole;
        used[p] = 1;
        state.buckets_.push_back(fine_of[p]);
    }
    std::sort(state.buckets_.begin(), state.buckets_.end());
    state.buckets_.erase(std::unique(state.buckets_.begin(), state.buckets_.end()),
                         state.buckets_.end());
    std::vector<std::int32_t> bucket(index.size(), -1);
    std::vector<std::int64_t> order_key(index.size(), 0);
    for(std::size_t p = 0; p < index.size(); ++p) {
        const auto& per = index.at(static_cast<std::int32_t>(p));
        // (last day, first day, kind): distinct periods never tie, so which of
        // two equal spans spelled differently (2020Q1 and 2020-01-01/2020-03-31)
        // is "last" does not depend on how the request buckets them. Day numbers
        // are below 2^22 for years up to 9999, the kind below 2^4.
        order_key[p] = static_cast<std::int64_t>(per.last().day_number()) *
                           (std::int64_t{1} << 32) +
                       static_cast<std::int64_t>(per.first().day_number()) * 16 +
                       static_cast<std::int64_t>(per.kind());
        if(used[p])
            bucket[p] = static_cast<std::int32_t>(
                std::lower_bound(
                    state.buckets_.begin(), state.buckets_.end(), fine_of[p]) -
                state.buckets_.begin());
    }
    const std::size_t fine = state.buckets_.size();
    if(plan.doms * fine > static_cast<std::size_t>(INT32_MAX) ||
       plan.ru_unit.size() * fine > static_cast<std::size_t>(INT32_MAX))
        throw input_error("rollup too fine: " + std::to_string(plan.ru_unit.size()) +
                          " units x " + std::to_string(fine) + " periods");

    // Threads, within the memory limit for their private flow accumulators.
    // Series totalled together share a slot: the kernel sets their bits.
    const bool own_presence = obs.presence().empty() || !plan.series_slot.empty();
    const auto dense_bytes = [&](std::size_t slots, std::size_t acc) {
        return slots * (plan.doms * fine * acc +
                        (own_presence ? plan.ru_unit.size() * fine / 8 : 0));
    };
    const std::size_t per_thread =
        dense_bytes(plan.dense_slots[0], sizeof(double)) +
        dense_bytes(plan.dense_slots[1], sizeof(detail::int128));
    if(per_thread > plan.memory_limit)
        throw input_error("rollup needs " + std::to_string(per_thread >> 20) +
                          " MiB of flow accumulators, over the limit of " +
                          std::to_string(plan.memory_limit >> 20) +
                          " MiB: ask for fewer indicators, coarser levels or periods");
    unsigned threads = detail::resolve_threads(req.threads);
    if(per_thread > 0)
        threads =
            std::max(1u,
                     std::min<unsigned>(threads,
                                        static_cast<unsigned>(std::min<std::size_t>(
                                            plan.memory_limit / per_thread, 1024))));

    const auto run = [&](auto& part, const auto& cols, value_type type) {
        using V = std::decay_t<decltype(cols.value[0])>;
        auto tab = pass_tables_for<V>(plan,
                                      type,
                                      cat.size(),
                                      bucket,
                                      order_key,
                                      fine,
                                      own_presence,
                                      obs.unit_dictionary());
        tab.sparse_rows = sparse_rows(tab, obs, plan, bucket.size());
        part = detail::run_pass(rows_of(cols), tab, threads, nans == nan_policy::skip);
        if(!own_presence) fill_presence(part.dense, plan, type, obs, bucket, threads);
    };
    auto data = std::make_shared<detail::rollup_data>();
    run(data->real, obs.real_rows(), value_type::real);
    run(data->money, obs.money_rows(), value_type::money);
    state.data_ = std::move(data);
    state.rows_ = obs.size();
    return state;
}

// ---------------------------------------------------------------------------
// merge

namespace {

// `p` (filed: a merge knows no cells) on the merged state's `fine` buckets, its
// bucket b becoming to[b]. By value: the caller's filed copy moves in.
template <class V>
detail::partial<V> realign(detail::partial<V> p, const std::vector<std::int32_t>& to,
                           std::size_t fine) {
    if(p.dense.fine == fine && std::is_sorted(to.begin(), to.end()) &&
       (to.empty() || static_cast<std::size_t>(to.back()) + 1 == to.size()))
        return p;
    detail::partial<V> out;
    const auto& d = p.dense;
    out.dense.allocate(d.slots, d.doms, d.rus, fine);
    for(std::size_t s = 0; s < d.slots; ++s) {
        for(std::size_t u = 0; u < d.doms; ++u)
            for(std::size_t b = 0; b < d.fine; ++b)
                out.dense
                    .sum[(s * d.doms + u) * fine + static_cast<std::size_t>(to[b])] =
                    d.sum[(s * d.doms + u) * d.fine + b];
        for(std::size_t r = 0; r < d.rus; ++r)
            for(std::size_t b = 0; b < d.fine; ++b)
                if(d.present(s, r, b)) {
                    const auto bit =
                        (s * d.rus + r) * fine + static_cast<std::size_t>(to[b]);
                    out.dense.presence[bit >> 6] |= std::uint64_t{1} << (bit & 63);
                }
    }
    out.sparse = std::move(p.sparse);
    const std::uint64_t old_fine = d.fine ? d.fine : 1;
    for(auto& k : out.sparse.key)
        k = k / old_fine * fine + static_cast<std::uint64_t>(to[k % old_fine]);
    return out;
}

}  // namespace

rollup_state merge(const rollup_state& a, const rollup_state& b) {
    if(!a.plan_) return b;
    if(!b.plan_) return a;
    if(a.plan_ != b.plan_ && a.plan_->serialize() != b.plan_->serialize())
        throw input_error(
            "cannot merge rollup states of different requests, hierarchies or "
            "catalogs");
    rollup_state out;
    out.plan_ = a.plan_;
    std::set_union(a.buckets_.begin(),
                   a.buckets_.end(),
                   b.buckets_.begin(),
                   b.buckets_.end(),
                   std::back_inserter(out.buckets_));
    const auto index_in = [&](const std::vector<period>& from) {
        std::vector<std::int32_t> to;
        for(const auto& p : from)
            to.push_back(static_cast<std::int32_t>(
                std::lower_bound(out.buckets_.begin(), out.buckets_.end(), p) -
                out.buckets_.begin()));
        return to;
    };
    const auto ta = index_in(a.buckets_), tb = index_in(b.buckets_);
    const auto fine = out.buckets_.size();
    const auto both = [&](auto& dst, const auto& pa, const auto& pb) {
        dst = realign(detail::filed(pa), ta, fine);
        const auto rb = realign(detail::filed(pb), tb, fine);
        detail::add_dense(dst.dense, rb.dense, 1);
        dst.sparse = detail::merge_sparse(dst.sparse, rb.sparse);
    };
    auto data = std::make_shared<detail::rollup_data>();
    both(data->real, a.data_->real, b.data_->real);
    both(data->money, a.data_->money, b.data_->money);
    out.data_ = std::move(data);
    out.rows_ = a.rows_ + b.rows_;
    return out;
}

rollup_result rollup(const observations& obs, const hierarchy& h, const catalog& cat,
                     const rollup_request& req) {
    return finish(partial_rollup(obs, h, cat, req), req.threads);
}

}  // namespace chitieu
