// run_lanes (common/parallel.hpp): chunks of work in lanes, taken by whichever
// thread is free. What the rollup's figures rely on: every chunk runs once, a
// lane's chunks (a run of consecutive ones) run one at a time and in order; and
// what it is for: a slow thread runs fewer chunks.
#include "common/parallel.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

using chitieu::detail::run_lanes;

namespace {

struct lane_log {
    std::mutex m;
    std::vector<std::vector<std::size_t>> chunks;  // per lane, in the order run
    std::vector<int> inside;                       // chunks of the lane running now
    bool overlapped = false;

    explicit lane_log(unsigned lanes) : chunks(lanes), inside(lanes) {}
    void enter(unsigned lane, std::size_t c) {
        std::lock_guard<std::mutex> g(m);
        overlapped = overlapped || inside[lane] != 0;
        ++inside[lane];
        chunks[lane].push_back(c);
    }
    void leave(unsigned lane) {
        std::lock_guard<std::mutex> g(m);
        --inside[lane];
    }
};

}  // namespace

TEST(RunLanes, EveryChunkOnceInItsLaneInOrder) {
    for(const unsigned threads : {1u, 2u, 3u})
        for(const unsigned lanes : {1u, 2u, 3u, 8u})
            for(const std::size_t chunks :
                {std::size_t{0}, std::size_t{1}, std::size_t{5}, std::size_t{200}}) {
                lane_log log(lanes);
                std::vector<int> started(lanes, 0);
                run_lanes(
                    threads,
                    lanes,
                    chunks,
                    [&](unsigned lane) { started[lane] = 1; },
                    [&](unsigned lane, std::size_t c) {
                        EXPECT_TRUE(started[lane])
                            << "a chunk of lane " << lane << " before its start";
                        log.enter(lane, c);
                        log.leave(lane);
                    });
                EXPECT_FALSE(log.overlapped);
                for(unsigned lane = 0; lane < lanes; ++lane) {
                    EXPECT_TRUE(started[lane]) << "lane " << lane << " never started";
                    std::vector<std::size_t> expected;  // the lane's run, in order
                    const auto run = chitieu::detail::slice(chunks, lane, lanes);
                    for(std::size_t c = run.first; c < run.second; ++c)
                        expected.push_back(c);
                    EXPECT_EQ(log.chunks[lane], expected)
                        << threads << " threads, " << lanes << " lanes, " << chunks
                        << " chunks, lane " << lane;
                }
            }
}

// One thread is slow (it sleeps in every chunk it runs): the other runs more
// chunks, of every lane, each lane's still one at a time and in order. With
// fixed shares the slow thread would run half of them; with a lane a thread,
// the fast one, its own lane done, takes turns with it on the slow one's; with
// more lanes it runs nearly all. Who runs a chunk is a race the machine's load
// can tip (a fast thread waiting for a core while the slow one sleeps), so the
// count is the fewest of a few tries; the order of each lane is checked in all.
TEST(RunLanes, ASlowThreadRunsFewerChunks) {
    const std::size_t chunks = 80;
    std::map<unsigned, std::size_t> fewest{{2u, chunks}, {4u, chunks}};
    for(const unsigned lanes : {2u, 2u, 2u, 4u, 4u}) {
        lane_log log(lanes);
        const auto slow = std::this_thread::get_id();  // thread 0 is the caller
        std::size_t by_slow = 0;
        run_lanes(
            2,
            lanes,
            chunks,
            [](unsigned) {},
            [&](unsigned lane, std::size_t c) {
                log.enter(lane, c);
                if(std::this_thread::get_id() == slow) {
                    ++by_slow;  // only the slow thread writes it
                    std::this_thread::sleep_for(std::chrono::milliseconds(10));
                }
                log.leave(lane);
            });
        EXPECT_FALSE(log.overlapped);
        for(unsigned lane = 0; lane < lanes; ++lane) {
            ASSERT_EQ(log.chunks[lane].size(), chunks / lanes);
            for(std::size_t i = 0; i < log.chunks[lane].size(); ++i)
                EXPECT_EQ(log.chunks[lane][i], lane * (chunks / lanes) + i);
        }
        fewest[lanes] = std::min(fewest[lanes], by_slow);
    }
    EXPECT_LT(fewest[2], chunks * 3 / 8);
    EXPECT_LT(fewest[4], chunks / 4);
}

TEST(RunLanes, AnExceptionStopsTheLanesAndIsRethrown) {
    for(const unsigned threads : {1u, 2u, 4u}) {
        std::size_t ran = 0;
        std::mutex m;
        EXPECT_THROW(run_lanes(
                         threads,
                         2 * threads,
                         1000,
                         [](unsigned) {},
                         [&](unsigned, std::size_t c) {
                             {
                                 std::lock_guard<std::mutex> g(m);
                                 ++ran;
                             }
                             if(c == 7) throw std::runtime_error("chunk 7");
                         }),
                     std::runtime_error);
        EXPECT_LT(ran, 1000u) << threads << " threads ran on after the error";
    }
    EXPECT_THROW(run_lanes(
                     2,
                     4,
                     10,
                     [](unsigned lane) {
                         if(lane == 3) throw std::runtime_error("start");
                     },
                     [](unsigned, std::size_t) {}),
                 std::runtime_error);
}
