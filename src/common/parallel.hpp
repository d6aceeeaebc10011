// Plain std::thread fan-out for the kernels: no pool, no std::function per row.
#pragma once

#include <chitieu/error.hpp>

#include <algorithm>
#include <cstddef>
#include <exception>
#include <string>
#include <system_error>
#include <thread>
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

}  // namespace chitieu::detail
