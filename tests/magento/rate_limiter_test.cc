// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/rate_limiter.h"

#include <gtest/gtest.h>

#include <vector>

#include "m2drop/base/fake_clock.h"
#include "testing/status_matchers.h"

namespace m2drop::magento {
namespace {

using std::chrono::milliseconds;

class RateLimiterTest : public ::testing::Test {
 protected:
  FakeClock clock_;
  std::stop_source stop_;
};

TEST_F(RateLimiterTest, SpacesRequestsByOneOverTheRate) {
  RateLimiter limiter(clock_, 20);
  EXPECT_EQ(limiter.interval(), milliseconds(50));
  SteadyTime t0 = clock_.Now();
  for (int i = 0; i < 4; ++i) ASSERT_OK(limiter.Acquire(stop_.get_token()));
  // The first goes at once; each later one waits 50 ms for its turn.
  EXPECT_EQ(clock_.waits(),
            (std::vector<Duration>{milliseconds(50), milliseconds(50),
                                   milliseconds(50)}));
  EXPECT_EQ(clock_.Now() - t0, milliseconds(150));
}

TEST_F(RateLimiterTest, AnIdleLimiterDoesNotMakeTheNextRequestWait) {
  RateLimiter limiter(clock_, 4);
  ASSERT_OK(limiter.Acquire(stop_.get_token()));
  clock_.Advance(std::chrono::seconds(1));
  ASSERT_OK(limiter.Acquire(stop_.get_token()));
  EXPECT_TRUE(clock_.waits().empty());
  // Time spent idle is not saved up beyond the burst.
  ASSERT_OK(limiter.Acquire(stop_.get_token()));
  EXPECT_EQ(clock_.waits(), (std::vector<Duration>{milliseconds(250)}));
}

TEST_F(RateLimiterTest, LetsABurstThroughAfterAnIdlePeriod) {
  RateLimiter limiter(clock_, 20, /*burst=*/3);
  for (int i = 0; i < 4; ++i) ASSERT_OK(limiter.Acquire(stop_.get_token()));
  EXPECT_EQ(clock_.waits(), (std::vector<Duration>{milliseconds(50)}));
}

TEST_F(RateLimiterTest, ZeroRateIsOff) {
  RateLimiter limiter(clock_, 0);
  EXPECT_FALSE(limiter.enabled());
  for (int i = 0; i < 100; ++i) ASSERT_OK(limiter.Acquire(stop_.get_token()));
  EXPECT_TRUE(clock_.waits().empty());
}

TEST_F(RateLimiterTest, StopInterruptsTheWait) {
  RateLimiter limiter(clock_, 1);
  ASSERT_OK(limiter.Acquire(stop_.get_token()));
  stop_.request_stop();
  SteadyTime before = clock_.Now();
  EXPECT_EQ(limiter.Acquire(stop_.get_token()).code(), StatusCode::kCancelled);
  EXPECT_EQ(clock_.Now(), before);
}

}  // namespace
}  // namespace m2drop::magento
