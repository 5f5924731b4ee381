// SPDX-License-Identifier: Apache-2.0
#include "m2drop/base/clock.h"

#include <gtest/gtest.h>

#include <stop_token>
#include <thread>

#include "m2drop/base/fake_clock.h"

namespace m2drop {
namespace {

using std::chrono::milliseconds;

TEST(FakeClockTest, MovesOnlyWhenAdvanced) {
  FakeClock clock;
  SteadyTime t0 = clock.Now();
  WallTime w0 = clock.WallNow();
  EXPECT_EQ(clock.Now(), t0);
  clock.Advance(milliseconds(1500));
  EXPECT_EQ(clock.Now() - t0, milliseconds(1500));
  EXPECT_EQ(clock.WallNow() - w0, milliseconds(1500));
}

TEST(FakeClockTest, WaitRecordsDelayAndMovesToDeadline) {
  FakeClock clock;
  std::stop_source stop;
  SteadyTime t0 = clock.Now();
  EXPECT_TRUE(clock.WaitFor(milliseconds(500), stop.get_token()));
  EXPECT_TRUE(clock.WaitUntil(t0, stop.get_token()));  // already past
  EXPECT_EQ(clock.Now() - t0, milliseconds(500));
  ASSERT_EQ(clock.waits().size(), 2u);
  EXPECT_EQ(clock.waits()[0], milliseconds(500));
  EXPECT_EQ(clock.waits()[1], Duration::zero());
}

TEST(FakeClockTest, StoppedWaitReturnsFalseWithoutMoving) {
  FakeClock clock;
  std::stop_source stop;
  stop.request_stop();
  SteadyTime t0 = clock.Now();
  EXPECT_FALSE(clock.WaitFor(std::chrono::hours(1), stop.get_token()));
  EXPECT_EQ(clock.Now(), t0);
}

TEST(RealClockTest, WaitReturnsTrueAtDeadline) {
  RealClock& clock = RealClock::Instance();
  std::stop_source stop;
  SteadyTime t0 = clock.Now();
  EXPECT_TRUE(clock.WaitFor(milliseconds(5), stop.get_token()));
  EXPECT_GE(clock.Now() - t0, milliseconds(5));
}

TEST(RealClockTest, StopInterruptsALongWait) {
  RealClock& clock = RealClock::Instance();
  std::stop_source stop;
  SteadyTime t0 = clock.Now();
  std::jthread stopper([&] { stop.request_stop(); });
  EXPECT_FALSE(clock.WaitFor(std::chrono::hours(1), stop.get_token()));
  EXPECT_LT(clock.Now() - t0, std::chrono::seconds(30));
}

}  // namespace
}  // namespace m2drop
