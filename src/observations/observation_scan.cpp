#include "observations/observation_scan.hpp"

#include "common/flags.hpp"
#include "common/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <type_traits>

namespace chitieu::detail {
namespace {

constexpr std::uint64_t no_key = ~std::uint64_t{0};

// Rows are taken a block at a time: check them and compute their keys (fetching
// each key's word), then mark the previous block's keys; by the time a word is
// marked its cache line has had two blocks' worth of rows to arrive (with one,
// the marks still stalled: 1e7, 1 thread, minimum of 12 builds in alternating
// fresh processes 38-46 -> 34-36 ms; 1e8 571-712 -> 551-586 ms; 2 threads, whose
// atomic ORs wait anyway, unchanged). 64 rows, as the rollup's pass: a core
// keeps a few dozen misses in flight, and with 256 prefetches issued at once the
// key loop stalled on them and the marks still missed (1 thread, minimum of 15
// builds at 1e7 and of 3 at 1e8 in alternating fresh processes: 1e7 44-48 ->
// 34-47 ms, 1e8 920-1108 -> 564-836 ms).
constexpr std::size_t block_rows = 64;

// Rows are handed to the threads a chunk at a time, in order, from a shared
// counter, not as one fixed slice each: on a shared machine one core is often
// slower for a while, and with fixed halves the whole scan waits for it (seen
// here: one thread's half taking 59 ms while the other's took 42). Who marks
// which rows cannot change the result: bits are ORed, a key marked twice is
// repeated whichever thread marks it, and the first bad row is the least one
// found (see scan_rows).
//
// A chunk is 4K to 64K rows, some eight a thread at least: small enough to even
// out, large enough that taking one costs nothing.
std::size_t chunk_rows(std::size_t n, unsigned threads) {
    return std::clamp<std::size_t>(n / (std::size_t{8} * threads), 4096, 65536);
}

struct thread_scan {
    std::size_t first_bad;
    bool foreign = false;
    std::vector<std::uint64_t> repeated;
};

// Whether every row of [b0, b1) passes the checks that need no lookup: ids below
// their limits, with the indicator below the first one that has flags (so its
// flags need not be read), and a finite value. No branch and no table lookup,
// so the compiler vectorises it (about a third of the scan's instructions were
// these checks, row by row); a block that fails it is checked row by row below,
// which reads the flags and names the culprit.
template <class V>
bool block_is_plain(const observation_columns<V>& c, std::size_t b0, std::size_t b1,
                    std::uint32_t plain_indicators, std::uint32_t units,
                    std::uint32_t periods) {
    const std::int32_t* indicator_ids = c.indicator.data();
    const std::int32_t* unit_ids = c.unit.data();
    const std::int32_t* period_ids = c.period.data();
    std::uint32_t out = 0;
    for(std::size_t i = b0; i < b1; ++i)
        out |= static_cast<std::uint32_t>(
                   static_cast<std::uint32_t>(indicator_ids[i]) >= plain_indicators) |
               static_cast<std::uint32_t>(static_cast<std::uint32_t>(unit_ids[i]) >=
                                          units) |
               static_cast<std::uint32_t>(static_cast<std::uint32_t>(period_ids[i]) >=
                                          periods);
    if constexpr(std::is_floating_point_v<V>) {
        static_assert(sizeof(V) == sizeof(std::uint64_t));
        // Inf and NaN have every exponent bit set: adding one to the exponent
        // then carries into the sign bit (adds and ORs, no 64-bit compare).
        constexpr std::uint64_t exponent = 0x7ff0000000000000, one = 0x0010000000000000;
        const V* values = c.value.data();
        std::uint64_t carried = 0;
        for(std::size_t i = b0; i < b1; ++i) {
            std::uint64_t bits;
            std::memcpy(&bits, values + i, sizeof bits);
            carried |= (bits & exponent) + one;
        }
        out |= static_cast<std::uint32_t>(carried >> 63);
    }
    return out == 0;
}

// Checks (and marks) rows [begin, end); returns the first bad row, or `end`.
// `plain_indicators`: indicator ids below it have no flags. `Shared`: other
// threads mark the same bit set.
template <class V, bool Mark, bool Positions, bool Shared>
std::size_t scan_slice(const observation_columns<V>& c, const scan_limits& lim,
                       std::uint32_t plain_indicators, const key_space& ks,
                       std::uint64_t* bits, std::size_t begin, std::size_t end,
                       thread_scan& out) {
    // A block's keys are marked after the next block's are known (two sets),
    // so each prefetched word has two blocks' work to arrive.
    std::uint64_t key_sets[2][block_rows];
    std::size_t waiting = 0;  // keys of the previous block, in the other set
    unsigned set = 0;
    const auto mark = [&](const std::uint64_t* keys, std::size_t count) {
        for(std::size_t j = 0; j < count; ++j) {
            const auto key = keys[j];
            if(key == no_key) continue;
            const auto mask = std::uint64_t{1} << (key & 63);
            auto& word = bits[key >> 6];
            bool seen;
            if constexpr(Shared)
                // Of two threads marking the same key, exactly one sees it set.
                seen = __atomic_fetch_or(&word, mask, __ATOMIC_RELAXED) & mask;
            else {
                seen = word & mask;
                word |= mask;
            }
            if(seen) out.repeated.push_back(key);
        }
    };
    std::uint8_t any = 0;
    const std::uint32_t units = lim.units, indicators = lim.indicators,
                        periods = lim.periods;
    const std::int32_t* indicator_ids = c.indicator.data();
    const std::int32_t* unit_ids = c.unit.data();
    const std::int32_t* period_ids = c.period.data();
    const std::int32_t* dictionary = lim.unit_dictionary;
    std::uint32_t ids[Positions ? block_rows : 1];
    for(std::size_t b0 = begin; b0 < end; b0 += block_rows) {
        const std::size_t b1 = std::min(end, b0 + block_rows);
        std::uint64_t* keys = key_sets[set];
        if(block_is_plain(c, b0, b1, plain_indicators, units, periods)) {
            if constexpr(Mark)
                for(std::size_t i = b0; i < b1; ++i) {
                    auto id = static_cast<std::uint32_t>(unit_ids[i]);
                    if constexpr(Positions)
                        id = static_cast<std::uint32_t>(dictionary[id]);
                    const auto key = ks(static_cast<std::uint32_t>(indicator_ids[i]),
                                        id,
                                        static_cast<std::uint32_t>(period_ids[i]));
                    keys[i - b0] = key;
                    __builtin_prefetch(bits + (key >> 6), 1);
                }
        } else {
            if constexpr(Positions && Mark)
                // The block's unit ids first, in a loop of its own (gathers, no
                // dependence between rows); a position beyond is refused below.
                for(std::size_t i = b0; i < b1; ++i) {
                    const auto u = static_cast<std::uint32_t>(unit_ids[i]);
                    ids[i - b0] =
                        static_cast<std::uint32_t>(dictionary[u < units ? u : 0]);
                }
            for(std::size_t i = b0; i < b1; ++i) {
                const auto k = static_cast<std::uint32_t>(indicator_ids[i]);
                const auto u = static_cast<std::uint32_t>(unit_ids[i]);
                const auto p = static_cast<std::uint32_t>(period_ids[i]);
                bool bad = (k >= indicators) | (u >= units) | (p >= periods);
                if(!bad) {
                    any |= lim.flags[k];
                    bad = lim.flags[k] & 1;
                }
                bool skip = false;
                if constexpr(std::is_floating_point_v<V>) {
                    skip = !std::isfinite(c.value[i]);
                    bad = bad || (lim.nan_is_error && skip);
                }
                if(bad) {
                    out.foreign = out.foreign || (any & 2) != 0;
                    return i;
                }
                if constexpr(Mark) {
                    std::uint32_t id = u;
                    if constexpr(Positions) id = ids[i - b0];
                    const auto key = skip ? no_key : ks(k, id, p);
                    keys[i - b0] = key;
                    if(!skip) __builtin_prefetch(bits + (key >> 6), 1);
                }
            }
        }
        if constexpr(Mark) {
            mark(key_sets[set ^ 1], waiting);
            waiting = b1 - b0;
            set ^= 1;
        }
    }
    if constexpr(Mark) mark(key_sets[set ^ 1], waiting);
    out.foreign = out.foreign || (any & 2) != 0;
    return end;
}

}  // namespace

template <class V>
scan_result scan_rows(const observation_columns<V>& c, const scan_limits& lim,
                      const key_space& ks, std::vector<std::uint64_t>& bits,
                      unsigned threads) {
    const std::size_t n = c.size();
    const bool mark = !bits.empty();
    threads = std::max(
        1u,
        std::min<unsigned>(threads,
                           static_cast<unsigned>(std::max<std::size_t>(n / 4096, 1))));
    const std::size_t chunk = chunk_rows(n, threads);
    const std::size_t chunks = (n + chunk - 1) / chunk;
    // Indicators below the first with flags (derived, or of the other value
    // type) are checked by their id's range alone.
    std::uint32_t plain_indicators = 0;
    while(plain_indicators < lim.indicators && lim.flags[plain_indicators] == 0)
        ++plain_indicators;
    std::vector<thread_scan> parts(threads);
    std::atomic<std::size_t> next{0};
    // The least chunk holding a bad row so far: no thread takes a chunk after
    // it, and every chunk before it was taken (in order) and is scanned whole.
    std::atomic<std::size_t> stop{chunks};
    // Threads mark one bit set with atomic ors: as fast here as a bit set a
    // thread merged afterwards (9-14 MB each at 1e7-1e8 rows, kept by the
    // thread's malloc arena after the merge), and nothing to merge.
    run_parallel(threads, [&](unsigned t) {
        auto& part = parts[t];
        part.first_bad = n;
        with_flags(
            [&](auto marks, auto positions, auto shared) {
                for(;;) {
                    const auto k = next.fetch_add(1, std::memory_order_relaxed);
                    if(k >= stop.load(std::memory_order_relaxed)) return;
                    const auto end = std::min(n, (k + 1) * chunk);
                    const auto bad =
                        scan_slice<V,
                                   decltype(marks)::value,
                                   decltype(positions)::value,
                                   decltype(shared)::value>(c,
                                                            lim,
                                                            plain_indicators,
                                                            ks,
                                                            bits.data(),
                                                            k * chunk,
                                                            end,
                                                            part);
                    if(bad < end) {
                        part.first_bad = bad;  // this thread's chunks only grow
                        auto seen = stop.load(std::memory_order_relaxed);
                        while(k < seen && !stop.compare_exchange_weak(seen, k)) {
                        }
                        return;
                    }
                }
            },
            mark,
            lim.unit_dictionary != nullptr,
            threads > 1);
    });
    scan_result out;
    out.first_bad = n;
    for(auto& p : parts) {
        out.first_bad = std::min(out.first_bad, p.first_bad);
        out.foreign = out.foreign || p.foreign;
    }
    if(out.first_bad < n) return out;  // the caller names the culprit
    for(const auto& p : parts)
        out.repeated.insert(out.repeated.end(), p.repeated.begin(), p.repeated.end());
    return out;
}

template scan_result scan_rows(const observation_columns<double>&, const scan_limits&,
                               const key_space&, std::vector<std::uint64_t>&, unsigned);
template scan_result scan_rows(const observation_columns<std::int64_t>&,
                               const scan_limits&, const key_space&,
                               std::vector<std::uint64_t>&, unsigned);

}  // namespace chitieu::detail
