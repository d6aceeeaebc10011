// Plain std::thread fan-out for the kernels: no pool, no std::function per row.
#pragma once

#include <chitieu/error.hpp>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <string>
#include <system_error>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

namespace chitieu::detail {

/// More threads than this never help a kernel (each holds its own state) and
/// thousands of them exhaust a process limit, so requests are capped here.
inline constexpr unsigned max_threads = 256;

/// `requested` threads (at most `max_threads`), or every hardware thread for 0
/// or less.
inline unsigned resolve_threads(int requested) {
    if(requested > 0) return std::min(static_cast<unsigned>(requested), max_threads);
    const unsigned hw = std::thread::hardware_concurrency();
    return hw ? std::min(hw, max_threads) : 1;
}

/// The t-th of `parts` contiguous, nearly equal slices of [0, n).
inline std::pair<std::size_t, std::size_t> slice(std::size_t n, unsigned t,
                                                 unsigned parts) {
    const std::size_t q = n / parts, r = n % parts;
    const std::size_t begin = t * q + std::min<std::size_t>(t, r);
    return {begin, begin + q + (t < r ? 1 : 0)};
}

/// Run f(t) for t in [0, threads): t = 0 on the calling thread, the others on
/// their own std::thread. The first exception (lowest t) is rethrown after all
/// threads have joined, so nothing outlives the call. A thread that cannot be
/// started (a process limit) is an error after the started ones have joined,
/// never std::terminate on a joinable thread.
template <class F>
void run_parallel(unsigned threads, F&& f) {
    if(threads <= 1) {
        f(0u);
        return;
    }
    std::vector<std::exception_ptr> errors(threads);
    std::vector<std::thread> pool;
    pool.reserve(threads - 1);
    const auto body = [&](unsigned t) {
        try {
            f(t);
        } catch(...) {
            errors[t] = std::current_exception();
        }
    };
    try {
        for(unsigned t = 1; t < threads; ++t) pool.emplace_back(body, t);
    } catch(const std::system_error& e) {
        // The call fails as a whole; the threads already started only touch
        // their own slices, so they finish and are joined first.
        for(auto& th : pool) th.join();
        throw input_error("cannot start " + std::to_string(threads) + " threads (" +
                          e.what() + "); ask for fewer (threads=" +
                          std::to_string(pool.size() + 1) + " started)");
    }
    try {
        f(0u);
    } catch(...) {
        errors[0] = std::current_exception();
    }
    for(auto& th : pool) th.join();
    for(auto& e : errors)
        if(e) std::rethrow_exception(e);
}

/// Work in `chunks` chunks, split into `lanes` runs of consecutive chunks (lane
/// l takes run l, as `slice` cuts them), run by `threads` threads (at most
/// `lanes`). A lane's chunks run one at a time and in order, whichever thread
/// runs them: what a lane accumulates comes out the same on every run,
/// floating-point sums included, and lanes taken in lane order see the chunks
/// in order. With as many lanes as threads, a thread keeps to its own lane (its
/// accumulators stay in its cache) and takes another's next chunk when its own
/// is busy or done, so a core that is slower for a while leaves some of its
/// chunks to the others; with more lanes than threads, a thread takes the next
/// free lane after the one it last ran, so every lane advances at about the
/// same pace and the slow core's share shrinks further. `start(lane)` runs
/// first for every lane (lane l on thread l % threads), before any of its
/// chunks; then `chunk(lane, c)`. The first exception stops every thread after
/// its current chunk (the failed lane is never run again) and is rethrown, as
/// run_parallel does.
template <class Start, class Chunk>
void run_lanes(unsigned threads, unsigned lanes, std::size_t chunks, Start&& start,
               Chunk&& chunk) {
    struct alignas(64) lane {
        std::atomic<bool> busy{true};   // held until started, then while a chunk runs
        std::size_t next = 0, end = 0;  // the lane's chunks left, read under `busy`
    };
    threads = std::max(1u, std::min(threads, lanes));
    std::vector<lane> turn(lanes);
    std::atomic<bool> failed{false};
    std::atomic<unsigned> waiting{0};  // threads that found no free lane with work
    const auto release = [](lane& l) {
        l.busy.store(false, std::memory_order_release);
    };
    run_parallel(threads, [&](unsigned t) {
        for(unsigned j = t; j < lanes; j += threads) {
            std::tie(turn[j].next, turn[j].end) = slice(chunks, j, lanes);
            try {
                start(j);
            } catch(...) {
                // The lane (and this thread's later ones) stays held: a thread
                // that has not yet seen `failed` must not run a chunk on it.
                failed = true;
                throw;
            }
            release(turn[j]);
        }
        unsigned last = t + lanes - 1;  // so that the first lane tried is t
        // A thread that has just run a chunk while another waits for work passes
        // over that lane once, so the waiting one gets it: without this the
        // slow thread, back first at the lane it just released, would keep its
        // lane to the end while the fast one waited.
        unsigned ran = lanes;  // the lane of the chunk just run, if any
        bool waits = false;    // counted in `waiting`
        for(;;) {
            bool left = false, took = false;
            const unsigned pass_over =
                ran < lanes && waiting.load(std::memory_order_relaxed) > 0 ? ran
                                                                           : lanes;
            ran = lanes;
            for(unsigned i = 1; i <= lanes && !took; ++i) {
                const unsigned j = (last + i) % lanes;
                auto& l = turn[j];
                if(failed.load(std::memory_order_relaxed)) return;
                bool free = false;
                if(j == pass_over || !l.busy.compare_exchange_strong(
                                         free, true, std::memory_order_acquire)) {
                    left = true;  // another thread's chunk; maybe more after it
                    continue;
                }
                const std::size_t c = l.next;
                if(c < l.end) {
                    left = took = true;
                    ran = j;
                    if(lanes > threads) last = j;
                    l.next = c + 1;
                    try {
                        chunk(j, c);
                    } catch(...) {
                        failed = true;  // the lane stays held, as above
                        throw;
                    }
                }
                release(l);
            }
            if(!left) {
                if(waits) waiting.fetch_sub(1, std::memory_order_relaxed);
                return;
            }
            if(took == waits) {  // began or ended waiting
                waits = !took;
                if(waits)
                    waiting.fetch_add(1, std::memory_order_relaxed);
                else
                    waiting.fetch_sub(1, std::memory_order_relaxed);
            }
            if(!took) std::this_thread::yield();
        }
    });
}

}  // namespace chitieu::detail
