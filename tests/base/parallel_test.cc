// SPDX-License-Identifier: Apache-2.0
#include "m2drop/base/parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace m2drop {
namespace {

TEST(ForEachParallelTest, RunsEveryIndexExactlyOnce) {
  std::vector<std::atomic<int>> runs(1000);
  ForEachParallel(runs.size(), 4, [&](size_t i) { ++runs[i]; });
  for (size_t i = 0; i < runs.size(); ++i) ASSERT_EQ(runs[i].load(), 1) << i;
}

TEST(ForEachParallelTest, OneThreadRunsInOrderOnTheCallersThread) {
  std::vector<size_t> order;
  const std::thread::id caller = std::this_thread::get_id();
  bool elsewhere = false;
  ForEachParallel(5, 1, [&](size_t i) {
    order.push_back(i);
    elsewhere |= std::this_thread::get_id() != caller;
  });
  EXPECT_EQ(order, (std::vector<size_t>{0, 1, 2, 3, 4}));
  EXPECT_FALSE(elsewhere);
  // Zero or negative counts of threads mean one.
  order.clear();
  ForEachParallel(3, 0, [&](size_t i) { order.push_back(i); });
  EXPECT_EQ(order, (std::vector<size_t>{0, 1, 2}));
}

TEST(ForEachParallelTest, NoTaskNoCall) {
  bool called = false;
  ForEachParallel(0, 8, [&](size_t) { called = true; });
  EXPECT_FALSE(called);
}

// Each task waits (bounded) until `max_threads` tasks are running: with
// fewer threads the wait would time out and the peak stay below it.
TEST(ForEachParallelTest, RunsUpToMaxThreadsAtOnceAndNoMore) {
  std::mutex mu;
  std::condition_variable cv;
  int running = 0;
  int peak = 0;
  ForEachParallel(12, 3, [&](size_t) {
    std::unique_lock lock(mu);
    ++running;
    peak = std::max(peak, running);
    cv.notify_all();
    cv.wait_for(lock, std::chrono::seconds(10), [&] { return peak >= 3; });
    --running;
  });
  EXPECT_EQ(peak, 3);
}

TEST(ForEachParallelTest, AThrowingTaskStopsTheRestAndRethrows) {
  std::atomic<int> ran{0};
  EXPECT_THROW(ForEachParallel(1000, 1,
                               [&](size_t i) {
                                 ++ran;
                                 if (i == 3) throw std::runtime_error("boom");
                               }),
               std::runtime_error);
  EXPECT_EQ(ran.load(), 4);
  // On several threads, the others finish what they started and no more.
  ran = 0;
  EXPECT_THROW(ForEachParallel(100000, 4,
                               [&](size_t i) {
                                 ++ran;
                                 if (i == 0) throw std::runtime_error("boom");
                               }),
               std::runtime_error);
  EXPECT_LT(ran.load(), 100000);
}

}  // namespace
}  // namespace m2drop
