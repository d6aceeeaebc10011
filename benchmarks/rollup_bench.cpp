// The flow kernel against the memory-bandwidth floor, and whole rollups.
//
// N random rows over a commune-sized unit space (10,800 units under 63
// provinces), 24 months and 300 flow indicators, rolled to province x quarter:
// the pass chitieu::rollup runs for a flow indicator. Beside it, a plain pass
// that reads the same 20 bytes per row and sums them: no kernel can beat it.
// Then observations::build (checks, duplicates) and chitieu::rollup itself
// (plan, pass, presence, finish) on a hierarchy of the same shape: province x
// quarter, and province + district x quarter + half + year in one call.
// Arguments: rows, threads. Counters: rows/s.
#include <chitieu/rollup.hpp>

#include "rollup/rollup_kernel.hpp"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <random>
#include <vector>

namespace {

using namespace chitieu::detail;

constexpr std::int32_t n_units = 10800, n_provinces = 63, n_months = 24,
                       n_indicators = 300;

struct data {
    std::vector<std::int32_t> ind, unit, per;
    std::vector<double> value;
    row_columns<double> rows() const {
        return {ind.data(), unit.data(), per.data(), value.data(), ind.size()};
    }
};

// Generated once per size and kept: 1e8 rows take 2 GB and seconds to make.
const data& rows_of(std::size_t n) {
    static std::unique_ptr<data> cache;
    if(!cache || cache->ind.size() != n) {
        cache.reset();
        cache = std::make_unique<data>();
        auto& d = *cache;
        d.ind.resize(n);
        d.unit.resize(n);
        d.per.resize(n);
        d.value.resize(n);
        std::mt19937_64 rng(42);
        for(std::size_t i = 0; i < n; ++i) {
            const auto r = rng();
            d.ind[i] = static_cast<std::int32_t>(r % n_indicators);
            d.unit[i] = static_cast<std::int32_t>((r >> 16) % n_units);
            d.per[i] = static_cast<std::int32_t>((r >> 32) % n_months);
            d.value[i] = static_cast<double>((r >> 40) % 1000);
        }
    }
    return *cache;
}

// Units 0..62 are provinces; every other unit hangs under unit % 63. Every
// indicator is a flow; months map to quarters.
pass_tables province_quarter_tables(bool presence) {
    pass_tables t;
    t.doms = n_provinces;
    t.rus = n_units;
    t.fine = n_months / 3;
    t.dense_slots = n_indicators;
    for(std::size_t k = 0; k < n_indicators; ++k)
        t.slot.push_back({static_cast<std::int64_t>(k * t.doms * t.fine),
                          static_cast<std::int64_t>(k * t.rus * t.fine),
                          -1});
    for(std::int32_t u = 0; u < n_units; ++u)
        t.unit.push_back({static_cast<std::int32_t>((u % n_provinces) * t.fine),
                          static_cast<std::int32_t>(u * t.fine)});
    for(std::int32_t m = 0; m < n_months; ++m) {
        t.bucket.push_back(m / 3);
        t.order_key.push_back(m);
    }
    t.presence = presence;
    return t;
}

// As chitieu::rollup runs it: coverage comes from the observations' bit set.
void flow_kernel(benchmark::State& state) {
    const auto& d = rows_of(static_cast<std::size_t>(state.range(0)));
    const auto tables = province_quarter_tables(false);
    const auto threads = static_cast<unsigned>(state.range(1));
    for(auto _ : state) {
        auto p = run_pass(d.rows(), tables, threads, false);
        benchmark::DoNotOptimize(p.dense.sum.data());
    }
    state.counters["rows/s"] =
        benchmark::Counter(static_cast<double>(d.ind.size()),
                           benchmark::Counter::kIsIterationInvariantRate);
}

// With a presence bit per row, as when the observations hold no bit set.
void flow_kernel_presence(benchmark::State& state) {
    const auto& d = rows_of(static_cast<std::size_t>(state.range(0)));
    const auto tables = province_quarter_tables(true);
    const auto threads = static_cast<unsigned>(state.range(1));
    for(auto _ : state) {
        auto p = run_pass(d.rows(), tables, threads, false);
        benchmark::DoNotOptimize(p.dense.sum.data());
    }
    state.counters["rows/s"] =
        benchmark::Counter(static_cast<double>(d.ind.size()),
                           benchmark::Counter::kIsIterationInvariantRate);
}

void bandwidth_floor(benchmark::State& state) {
    const auto& d = rows_of(static_cast<std::size_t>(state.range(0)));
    const auto threads = static_cast<unsigned>(state.range(1));
    for(auto _ : state) {
        std::vector<double> sums(threads);
        run_parallel(threads, [&](unsigned t) {
            const auto [b, e] = slice(d.ind.size(), t, threads);
            std::uint64_t ids = 0;
            double total = 0;
            for(std::size_t i = b; i < e; ++i) {
                ids += static_cast<std::uint64_t>(d.ind[i]) +
                       static_cast<std::uint64_t>(d.unit[i]) +
                       static_cast<std::uint64_t>(d.per[i]);
                total += d.value[i];
            }
            sums[t] = total + static_cast<double>(ids);
        });
        benchmark::DoNotOptimize(sums.data());
    }
    state.counters["rows/s"] =
        benchmark::Counter(static_cast<double>(d.ind.size()),
                           benchmark::Counter::kIsIterationInvariantRate);
}

// A bijection of [0, 2^27): distinct inputs give distinct, well-mixed outputs.
std::uint64_t mix27(std::uint64_t x) {
    constexpr std::uint64_t mask = (std::uint64_t{1} << 27) - 1;
    x ^= x >> 14;
    x = (x * 0x2545F491u) & mask;
    x ^= x >> 13;
    x = (x * 0x5851F42Du) & mask;
    return x ^ (x >> 15);
}

// 63 provinces x 12 districts x 14 communes (10,584 communes), 300 flow
// indicators, 36 months; rows are distinct (indicator, commune, month) keys
// (the observations refuse duplicates), in a scrambled order.
struct world {
    chitieu::hierarchy units;
    chitieu::catalog indicators;
    std::vector<std::int32_t> ind, unit, per;
    std::vector<double> value;
    chitieu::observations obs;
};

const world& world_of(std::size_t n) {
    static std::unique_ptr<world> cache;
    if(cache && cache->obs.size() == n) return *cache;
    cache.reset();
    std::vector<std::string> codes, levels, parents;
    std::vector<std::int32_t> communes;
    for(int p = 0; p < n_provinces; ++p) {
        const auto pc = "P" + std::to_string(p);
        codes.push_back(pc);
        levels.push_back("province");
        parents.push_back("");
        for(int d = 0; d < 12; ++d) {
            const auto dc = pc + "D" + std::to_string(d);
            codes.push_back(dc);
            levels.push_back("district");
            parents.push_back(pc);
            for(int c = 0; c < 14; ++c) {
                communes.push_back(static_cast<std::int32_t>(codes.size()));
                codes.push_back(dc + "C" + std::to_string(c));
                levels.push_back("commune");
                parents.push_back(dc);
            }
        }
    }
    std::vector<chitieu::indicator> inds;
    for(int k = 0; k < n_indicators; ++k)
        inds.push_back(chitieu::indicator::flow("i" + std::to_string(k)));
    chitieu::period_index periods;
    for(int y = 2022; y <= 2024; ++y)
        for(int m = 1; m <= 12; ++m)
            periods.intern(chitieu::period::parse(
                std::to_string(y) + (m < 10 ? "0" : "") + std::to_string(m)));
    auto w = std::unique_ptr<world>(new world{
        chitieu::hierarchy::build(
            {"province", "district", "commune"}, codes, codes, levels, parents),
        chitieu::catalog(std::move(inds)),
        {},
        {},
        {},
        {},
        {}});
    const std::uint64_t keys = std::uint64_t{n_indicators} * communes.size() * 36;
    for(std::uint64_t i = 0; w->ind.size() < n && i < (std::uint64_t{1} << 27); ++i) {
        const auto k = mix27(i);
        if(k >= keys) continue;
        w->ind.push_back(static_cast<std::int32_t>(k % n_indicators));
        w->unit.push_back(communes[(k / n_indicators) % communes.size()]);
        w->per.push_back(
            static_cast<std::int32_t>(k / (n_indicators * communes.size())));
        w->value.push_back(static_cast<double>(k % 1000));
    }
    const auto m = w->ind.size();
    chitieu::observation_columns<double> cols{{w->ind.data(), m},
                                              {w->unit.data(), m},
                                              {w->per.data(), m},
                                              {w->value.data(), m},
                                              {}};
    w->obs = chitieu::observations::build(w->indicators, w->units, periods, cols);
    cache = std::move(w);
    return *cache;
}

// Building observations over the same columns: the checks and the duplicate /
// presence bit set (zero copy, no conversion).
void observations_build(benchmark::State& state) {
    const auto& w = world_of(static_cast<std::size_t>(state.range(0)));
    const auto m = w.ind.size();
    chitieu::observation_columns<double> cols{
        {w.ind.data(), m}, {w.unit.data(), m}, {w.per.data(), m}, {w.value.data(), m}, {}};
    chitieu::observation_options options;
    options.threads = static_cast<int>(state.range(1));
    for(auto _ : state) {
        auto obs = chitieu::observations::build(w.indicators, w.units, w.obs.periods(), cols,
                                                options);
        benchmark::DoNotOptimize(obs.presence().data());
    }
    state.counters["rows/s"] = benchmark::Counter(
        static_cast<double>(m), benchmark::Counter::kIsIterationInvariantRate);
}

void rollup_province_quarter(benchmark::State& state) {
    const auto& w = world_of(static_cast<std::size_t>(state.range(0)));
    chitieu::rollup_request req;
    req.levels = {"province"};
    req.kinds = {chitieu::period_kind::quarter};
    req.threads = static_cast<int>(state.range(1));
    for(auto _ : state) {
        auto r = chitieu::rollup(w.obs, w.units, w.indicators, req);
        benchmark::DoNotOptimize(r.value.data());
    }
    state.counters["rows/s"] =
        benchmark::Counter(static_cast<double>(w.obs.size()),
                           benchmark::Counter::kIsIterationInvariantRate);
}

void rollup_multi_level(benchmark::State& state) {
    const auto& w = world_of(static_cast<std::size_t>(state.range(0)));
    chitieu::rollup_request req;
    req.levels = {"province", "district"};
    req.kinds = {chitieu::period_kind::quarter,
                 chitieu::period_kind::half,
                 chitieu::period_kind::year};
    req.threads = static_cast<int>(state.range(1));
    for(auto _ : state) {
        auto r = chitieu::rollup(w.obs, w.units, w.indicators, req);
        benchmark::DoNotOptimize(r.value.data());
    }
    state.counters["rows/s"] =
        benchmark::Counter(static_cast<double>(w.obs.size()),
                           benchmark::Counter::kIsIterationInvariantRate);
}

void sizes(benchmark::internal::Benchmark* b) {
    for(const std::int64_t n : {10'000'000LL, 100'000'000LL})
        for(const std::int64_t t : {1, 2}) b->Args({n, t});
    b->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);
}

}  // namespace

BENCHMARK(flow_kernel)->Apply(sizes);
BENCHMARK(flow_kernel_presence)->Apply(sizes);
BENCHMARK(bandwidth_floor)->Apply(sizes);
BENCHMARK(observations_build)->Apply(sizes);
BENCHMARK(rollup_province_quarter)->Apply(sizes);
BENCHMARK(rollup_multi_level)->Apply(sizes);
