// Plain std::thread fan-out for the kernels: no pool, no std::function per row.
#pragma once

#include <algorithm>
#include <cstddef>
#include <exception>
#include <thread>
#include <utility>
#include <vector>

namespace chitieu::detail {

/// `requested` threads, or every hardware thread for 0 or less.
inline unsigned resolve_threads(int requested) {
    if(requested > 0) return static_cast<unsigned>(requested);
    const unsigned hw = std::thread::hardware_concurrency();
    return hw ? hw : 1;
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
/// threads have joined, so nothing outlives the call.
template <class F>
void run_parallel(unsigned threads, F&& f) {
    if(threads <= 1) {
        f(0u);
        return;
    }
    std::vector<std::exception_ptr> errors(threads);
    std::vector<std::thread> pool;
    pool.reserve(threads - 1);
    for(unsigned t = 1; t < threads; ++t)
        pool.emplace_back([&, t] {
            try {
                f(t);
            } catch(...) {
                errors[t] = std::current_exception();
            }
        });
    try {
        f(0u);
    } catch(...) {
        errors[0] = std::current_exception();
    }
    for(auto& th : pool) th.join();
    for(auto& e : errors)
        if(e) std::rethrow_exception(e);
}

}  // namespace chitieu::detail
