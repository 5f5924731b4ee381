// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/circuit_breaker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "m2drop/base/fake_clock.h"
#include "testing/status_matchers.h"

namespace m2drop::magento {
namespace {

using std::chrono::seconds;
using Transition = std::pair<BreakerState, BreakerState>;

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

class CircuitBreakerTest : public ::testing::Test {
 protected:
  CircuitBreakerTest()
      : breaker_(clock_, {.failure_threshold = 3, .cooldown = seconds(30)},
                 [this](BreakerState from, BreakerState to) {
                   transitions_.emplace_back(from, to);
                 }) {}

  // Sends `n` requests that fail transiently.
  void FailTimes(int n) {
    for (int i = 0; i < n; ++i) {
      auto ticket = breaker_.Enter(stop_.get_token());
      ASSERT_OK(ticket);
      ticket->Failed();
    }
  }

  FakeClock clock_;
  std::vector<Transition> transitions_;  // written under the breaker's lock
  CircuitBreaker breaker_;
  std::stop_source stop_;
};

TEST_F(CircuitBreakerTest, StaysClosedBelowTheThreshold) {
  FailTimes(2);
  auto ok = breaker_.Enter(stop_.get_token());
  ASSERT_OK(ok);
  ok->Succeeded();
  FailTimes(2);  // the success reset the count
  EXPECT_EQ(breaker_.state(), BreakerState::kClosed);
  EXPECT_EQ(breaker_.consecutive_failures(), 2);
  EXPECT_TRUE(clock_.waits().empty());
  EXPECT_TRUE(transitions_.empty());
}

TEST_F(CircuitBreakerTest, OpensWaitsLetsOneProbeAndCloses) {
  FailTimes(3);
  EXPECT_EQ(breaker_.state(), BreakerState::kOpen);

  // The next caller waits out the cooldown, then is the probe.
  auto probe = breaker_.Enter(stop_.get_token());
  ASSERT_OK(probe);
  EXPECT_TRUE(probe->is_probe());
  EXPECT_EQ(clock_.waits(), std::vector<Duration>{seconds(30)});
  EXPECT_EQ(breaker_.state(), BreakerState::kHalfOpen);

  // A second caller waits for the probe's outcome rather than sending.
  std::atomic<bool> entered = false;
  std::optional<bool> second_was_probe;
  std::jthread second([&] {
    auto ticket = breaker_.Enter(stop_.get_token());
    ASSERT_OK(ticket);
    second_was_probe = ticket->is_probe();
    entered = true;
    ticket->Succeeded();
  });
  ASSERT_TRUE(Eventually([&] { return breaker_.waiting_for_probe() == 1; }));
  EXPECT_FALSE(entered);

  probe->Succeeded();
  second.join();
  EXPECT_TRUE(entered);
  EXPECT_EQ(second_was_probe, false);
  EXPECT_EQ(breaker_.state(), BreakerState::kClosed);
  EXPECT_EQ(transitions_,
            (std::vector<Transition>{
                {BreakerState::kClosed, BreakerState::kOpen},
                {BreakerState::kOpen, BreakerState::kHalfOpen},
                {BreakerState::kHalfOpen, BreakerState::kClosed}}));
}

TEST_F(CircuitBreakerTest, AFailedProbeOpensAgainForAnotherCooldown) {
  FailTimes(3);
  {
    auto probe = breaker_.Enter(stop_.get_token());
    ASSERT_OK(probe);
    ASSERT_TRUE(probe->is_probe());
    probe->Failed();
  }
  EXPECT_EQ(breaker_.state(), BreakerState::kOpen);
  auto next = breaker_.Enter(stop_.get_token());
  ASSERT_OK(next);
  EXPECT_TRUE(next->is_probe());
  EXPECT_EQ(clock_.waits(), (std::vector<Duration>{seconds(30), seconds(30)}));
}

TEST_F(CircuitBreakerTest, AnAbandonedProbePassesItsTurnOn) {
  FailTimes(3);
  {
    auto probe = breaker_.Enter(stop_.get_token());
    ASSERT_OK(probe);
    ASSERT_TRUE(probe->is_probe());
  }  // dropped without a report
  EXPECT_EQ(breaker_.state(), BreakerState::kHalfOpen);
  auto next = breaker_.Enter(stop_.get_token());
  ASSERT_OK(next);
  EXPECT_TRUE(next->is_probe());
}

TEST_F(CircuitBreakerTest, CancellationInterruptsTheCooldownWait) {
  FailTimes(3);
  stop_.request_stop();
  SteadyTime before = clock_.Now();
  EXPECT_EQ(breaker_.Enter(stop_.get_token()).status().code(),
            StatusCode::kCancelled);
  EXPECT_EQ(clock_.Now(), before);
  EXPECT_EQ(breaker_.state(), BreakerState::kOpen);
}

TEST_F(CircuitBreakerTest, CancellationInterruptsTheWaitForAProbe) {
  FailTimes(3);
  auto probe = breaker_.Enter(stop_.get_token());
  ASSERT_OK(probe);
  std::stop_source other;
  Status result;
  std::jthread waiter(
      [&] { result = breaker_.Enter(other.get_token()).status(); });
  ASSERT_TRUE(Eventually([&] { return breaker_.waiting_for_probe() == 1; }));
  other.request_stop();
  waiter.join();
  EXPECT_EQ(result.code(), StatusCode::kCancelled);
}

TEST(CircuitBreakerRealClockTest, CancellationInterruptsARealCooldown) {
  CircuitBreaker breaker(
      RealClock::Instance(),
      {.failure_threshold = 1, .cooldown = std::chrono::hours(1)});
  std::stop_source stop;
  {
    auto ticket = breaker.Enter(stop.get_token());
    ASSERT_OK(ticket);
    ticket->Failed();
  }
  std::atomic<bool> started = false;
  Status result;
  std::jthread waiter([&] {
    started = true;
    result = breaker.Enter(stop.get_token()).status();
  });
  ASSERT_TRUE(Eventually([&] { return started.load(); }));
  stop.request_stop();  // the hour-long wait must end now
  waiter.join();
  EXPECT_EQ(result.code(), StatusCode::kCancelled);
}

}  // namespace
}  // namespace m2drop::magento
