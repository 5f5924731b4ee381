// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/in_flight_limiter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "testing/status_matchers.h"

namespace m2drop::magento {
namespace {

// Spins (yielding) until `pred` holds or 10 s pass; never sleeps.
template <typename Pred>
bool Eventually(Pred pred) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::yield();
  }
  return true;
}

TEST(InFlightLimiterTest, HandsOutUpToMaxSlotsAndTakesThemBack) {
  InFlightLimiter limiter(2);
  std::stop_source stop;
  {
    auto a = limiter.Acquire(stop.get_token());
    auto b = limiter.Acquire(stop.get_token());
    ASSERT_OK(a);
    ASSERT_OK(b);
    EXPECT_EQ(limiter.in_flight(), 2);
    a->Release();
    a->Release();  // a second release is a no-op
    EXPECT_EQ(limiter.in_flight(), 1);
  }
  EXPECT_EQ(limiter.in_flight(), 0);
}

TEST(InFlightLimiterTest, BlocksWhenFullUntilASlotIsReleased) {
  InFlightLimiter limiter(1);
  std::stop_source stop;
  auto held = limiter.Acquire(stop.get_token());
  ASSERT_OK(held);
  std::atomic<bool> acquired = false;
  std::jthread waiter([&] {
    auto slot = limiter.Acquire(stop.get_token());
    EXPECT_OK(slot);
    acquired = true;
  });
  ASSERT_TRUE(Eventually([&] { return limiter.waiting() == 1; }));
  EXPECT_FALSE(acquired);
  held->Release();
  waiter.join();
  EXPECT_TRUE(acquired);
  EXPECT_EQ(limiter.in_flight(), 0);
}

TEST(InFlightLimiterTest, StopInterruptsABlockedAcquire) {
  InFlightLimiter limiter(1);
  std::stop_source stop;
  auto held = limiter.Acquire(stop.get_token());
  ASSERT_OK(held);
  Status result;
  std::jthread waiter(
      [&] { result = limiter.Acquire(stop.get_token()).status(); });
  ASSERT_TRUE(Eventually([&] { return limiter.waiting() == 1; }));
  stop.request_stop();
  waiter.join();
  EXPECT_EQ(result.code(), StatusCode::kCancelled);
  EXPECT_EQ(limiter.in_flight(), 1);
}

TEST(InFlightLimiterTest, NeverExceedsTheLimitUnderContention) {
  constexpr int kMax = 3;
  InFlightLimiter limiter(kMax);
  std::stop_source stop;
  std::atomic<int> now_in = 0, peak = 0;
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < 200; ++i) {
          auto slot = limiter.Acquire(stop.get_token());
          ASSERT_OK(slot);
          int n = ++now_in;
          int p = peak.load();
          while (n > p && !peak.compare_exchange_weak(p, n)) {
          }
          std::this_thread::yield();
          --now_in;
        }
      });
    }
  }
  EXPECT_LE(peak.load(), kMax);
  EXPECT_GE(peak.load(), 1);
  EXPECT_EQ(limiter.in_flight(), 0);
}

}  // namespace
}  // namespace m2drop::magento
