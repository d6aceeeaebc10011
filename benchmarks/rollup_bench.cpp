// The flow kernel against the memory-bandwidth floor.
//
// N random rows over a commune-sized unit space (10,800 units under 63
// provinces), 24 months and 300 flow indicators, rolled to province x quarter:
// the pass chitieu::rollup runs for a flow indicator. Beside it, a plain pass
// that reads the same 20 bytes per row and sums them: no kernel can beat it.
// Arguments: rows, threads. Counters: rows/s.
#include <chitieu/detail/rollup_kernel.hpp>

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

void sizes(benchmark::internal::Benchmark* b) {
    for(const std::int64_t n : {10'000'000LL, 100'000'000LL})
        for(const std::int64_t t : {1, 2}) b->Args({n, t});
    b->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);
}

}  // namespace

BENCHMARK(flow_kernel)->Apply(sizes);
BENCHMARK(flow_kernel_presence)->Apply(sizes);
BENCHMARK(bandwidth_floor)->Apply(sizes);
