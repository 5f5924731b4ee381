// SPDX-License-Identifier: Apache-2.0
#include "m2drop/inbox/settle_tracker.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "m2drop/base/fake_clock.h"

namespace m2drop::inbox {
namespace {

using std::chrono::milliseconds;

// A file on an imaginary disk whose mtime follows the fake wall clock.
struct SimFile {
  uint64_t size = 0;
  int64_t mtime_ns = 0;
};

class SettleTrackerTest : public ::testing::Test {
 protected:
  SettleTrackerTest() { options_.settle = milliseconds(1'000); }

  int64_t WallNs() const {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               clock_.WallNow().time_since_epoch())
        .count();
  }
  void Write(SimFile& file, uint64_t bytes) {
    file.size += bytes;
    file.mtime_ns = WallNs();
  }
  // What the monitor does in a Step: observe every due file, return
  // whether `name` is ready.
  bool Step(SettleTracker& tracker, const std::string& name,
            const SimFile& file) {
    for (const std::string& due : tracker.Due(clock_.Now())) {
      tracker.Observe(due, FileStat{file.size, file.mtime_ns}, clock_.Now(),
                      clock_.WallNow());
    }
    return tracker.IsReady(name);
  }
  // Steps in 10 ms ticks for at most `limit`; the time from now until
  // `name` was first ready, or nullopt.
  std::optional<Duration> RunUntilReady(SettleTracker& tracker,
                                        const std::string& name,
                                        const SimFile& file, Duration limit) {
    SteadyTime start = clock_.Now();
    while (clock_.Now() - start <= limit) {
      if (Step(tracker, name, file)) return clock_.Now() - start;
      clock_.Advance(milliseconds(10));
    }
    return std::nullopt;
  }

  FakeClock clock_;
  SettleOptions options_;
};

TEST_F(SettleTrackerTest, SlowWriterIsReadyOnlyOneSettleAfterLastAppend) {
  SettleTracker tracker(options_);
  SimFile file;
  tracker.Created("slow.csv", clock_.Now());
  // An SFTP client appending a line every 50 ms for 3 s; each write ends
  // with a close, hence a hint. The monitor steps every 10 ms meanwhile.
  for (int i = 0; i < 60; ++i) {
    Write(file, 40);
    tracker.Hint("slow.csv", clock_.Now());
    for (int tick = 0; tick < 5; ++tick) {
      ASSERT_FALSE(Step(tracker, "slow.csv", file)) << "append " << i;
      clock_.Advance(milliseconds(10));
    }
  }
  // The last append was 50 ms ago.
  std::optional<Duration> ready =
      RunUntilReady(tracker, "slow.csv", file, milliseconds(5'000));
  ASSERT_TRUE(ready.has_value());
  EXPECT_GE(*ready + milliseconds(50), milliseconds(1'000));
  EXPECT_LE(*ready + milliseconds(50), milliseconds(1'060));
}

TEST_F(SettleTrackerTest, WriterWithoutEventsNeverSettlesWhileAppending) {
  SettleTracker tracker(options_);
  SimFile file;
  tracker.Hint("held-open.csv", clock_.Now());  // found by a scan
  // Appends every 50 ms keep the file open: no event, only its stats move.
  for (int i = 0; i < 60; ++i) {
    Write(file, 40);
    for (int tick = 0; tick < 5; ++tick) {
      ASSERT_FALSE(Step(tracker, "held-open.csv", file)) << "append " << i;
      clock_.Advance(milliseconds(10));
    }
  }
  std::optional<Duration> ready =
      RunUntilReady(tracker, "held-open.csv", file, milliseconds(5'000));
  ASSERT_TRUE(ready.has_value());
  // The change is seen at the first stat after the last append at the
  // latest, so readiness comes between 1 s and 2 s after it.
  EXPECT_GE(*ready + milliseconds(50), milliseconds(1'000));
  EXPECT_LE(*ready + milliseconds(50), milliseconds(2'060));
}

TEST_F(SettleTrackerTest, FileFoundByScanIsReadyAfterOneSettle) {
  SettleTracker tracker(options_);
  SimFile file;
  Write(file, 100);
  clock_.Advance(milliseconds(60'000));  // written long before the scan
  tracker.Hint("old.csv", clock_.Now());
  tracker.Observe("old.csv", {file.size, file.mtime_ns}, clock_.Now(),
                  clock_.WallNow());
  EXPECT_FALSE(tracker.IsReady("old.csv"));
  EXPECT_EQ(tracker.NextDeadline(), clock_.Now() + milliseconds(1'000));
  clock_.Advance(milliseconds(999));
  EXPECT_TRUE(tracker.Due(clock_.Now()).empty());
  clock_.Advance(milliseconds(1));
  EXPECT_TRUE(Step(tracker, "old.csv", file));
}

TEST_F(SettleTrackerTest, CreateWithoutCloseWaitsForTheFallback) {
  options_.create_fallback = milliseconds(30'000);
  SettleTracker tracker(options_);
  SimFile file;
  Write(file, 100);
  tracker.Created("linked.csv", clock_.Now());  // hard link: no close
  ASSERT_FALSE(Step(tracker, "linked.csv", file));
  EXPECT_EQ(tracker.NextDeadline(), clock_.Now() + milliseconds(30'000));
  clock_.Advance(milliseconds(29'990));
  EXPECT_FALSE(Step(tracker, "linked.csv", file));
  clock_.Advance(milliseconds(10));
  EXPECT_TRUE(Step(tracker, "linked.csv", file));
}

TEST_F(SettleTrackerTest, HintAfterCreateShortensToTheSettlePeriod) {
  SettleTracker tracker(options_);
  SimFile file;
  Write(file, 100);
  tracker.Created("a.csv", clock_.Now());
  ASSERT_FALSE(Step(tracker, "a.csv", file));
  clock_.Advance(milliseconds(200));
  tracker.Hint("a.csv", clock_.Now());              // the close came after all
  EXPECT_EQ(tracker.NextDeadline(), clock_.Now());  // stat it at once
  ASSERT_FALSE(Step(tracker, "a.csv", file));
  EXPECT_EQ(tracker.NextDeadline(), clock_.Now() + milliseconds(1'000));
  clock_.Advance(milliseconds(1'000));
  EXPECT_TRUE(Step(tracker, "a.csv", file));
}

TEST_F(SettleTrackerTest, MinAgeCountsFromTheMtimeOnTheWallClock) {
  options_.min_age = milliseconds(10'000);
  SettleTracker tracker(options_);
  SimFile file;
  Write(file, 100);
  clock_.Advance(milliseconds(4'000));
  tracker.Hint("young.csv", clock_.Now());
  ASSERT_FALSE(Step(tracker, "young.csv", file));
  clock_.Advance(milliseconds(1'000));
  EXPECT_FALSE(Step(tracker, "young.csv", file));  // settled, 5 s old
  EXPECT_EQ(tracker.NextDeadline(), clock_.Now() + milliseconds(5'000));
  clock_.Advance(milliseconds(4'990));
  EXPECT_FALSE(Step(tracker, "young.csv", file));
  clock_.Advance(milliseconds(10));
  EXPECT_TRUE(Step(tracker, "young.csv", file));
}

TEST_F(SettleTrackerTest, MinAgeFollowsAWallClockSetBack) {
  options_.min_age = milliseconds(10'000);
  SettleTracker tracker(options_);
  SimFile file;
  Write(file, 100);
  clock_.SetWallNow(clock_.WallNow() - milliseconds(60'000));
  tracker.Hint("future.csv", clock_.Now());
  ASSERT_FALSE(Step(tracker, "future.csv", file));
  clock_.Advance(milliseconds(1'000));
  // The mtime lies 59 s in the future: 69 s to go.
  EXPECT_FALSE(Step(tracker, "future.csv", file));
  EXPECT_EQ(tracker.NextDeadline(), clock_.Now() + milliseconds(69'000));
}

TEST_F(SettleTrackerTest, MarkerRequiredWaitsForTheMarker) {
  options_.require_marker = true;
  SettleTracker tracker(options_);
  SimFile file;
  Write(file, 100);
  tracker.Hint("x.csv", clock_.Now());
  ASSERT_FALSE(Step(tracker, "x.csv", file));
  clock_.Advance(milliseconds(5'000));
  EXPECT_FALSE(Step(tracker, "x.csv", file));
  EXPECT_EQ(tracker.NextDeadline(), SteadyTime::max());
  tracker.SetMarker("x.csv", true);
  EXPECT_EQ(tracker.Due(clock_.Now()), std::vector<std::string>{"x.csv"});
  EXPECT_TRUE(Step(tracker, "x.csv", file));
}

TEST_F(SettleTrackerTest, MarkerBeforeTheFileStillCounts) {
  options_.require_marker = true;
  SettleTracker tracker(options_);
  tracker.SetMarker("x.csv", true);
  SimFile file;
  Write(file, 100);
  tracker.Hint("x.csv", clock_.Now());
  ASSERT_FALSE(Step(tracker, "x.csv", file));
  clock_.Advance(milliseconds(1'000));
  EXPECT_TRUE(Step(tracker, "x.csv", file));
  tracker.SetMarker("x.csv", false);
  EXPECT_FALSE(tracker.IsReady("x.csv"));
  tracker.SetMarkers({"x.csv", "y.csv"});
  EXPECT_TRUE(tracker.IsReady("x.csv"));
  tracker.SetMarkers({"y.csv"});
  EXPECT_FALSE(tracker.HasMarker("x.csv"));
  EXPECT_TRUE(tracker.HasMarker("y.csv"));
}

TEST_F(SettleTrackerTest, ChangeJustBeforeTheDeadlineRestartsThePeriod) {
  SettleTracker tracker(options_);
  SimFile file;
  Write(file, 100);
  tracker.Hint("a.csv", clock_.Now());
  ASSERT_FALSE(Step(tracker, "a.csv", file));
  clock_.Advance(milliseconds(990));
  Write(file, 1);  // no event: a writer holding the file open
  clock_.Advance(milliseconds(10));
  EXPECT_FALSE(Step(tracker, "a.csv", file));
  EXPECT_EQ(tracker.NextDeadline(), clock_.Now() + milliseconds(1'000));
  clock_.Advance(milliseconds(1'000));
  EXPECT_TRUE(Step(tracker, "a.csv", file));
}

TEST_F(SettleTrackerTest, ForgetStopsTrackingAndBacklogFollows) {
  SettleTracker tracker(options_);
  EXPECT_EQ(tracker.NextDeadline(), SteadyTime::max());
  EXPECT_EQ(tracker.OldestMtimeNs(), 0);
  tracker.Observe("b.csv", {1, 2'000}, clock_.Now(), clock_.WallNow());
  tracker.Observe("a.csv", {1, 1'000}, clock_.Now(), clock_.WallNow());
  EXPECT_EQ(tracker.Names(), (std::vector<std::string>{"a.csv", "b.csv"}));
  EXPECT_EQ(tracker.OldestMtimeNs(), 1'000);
  EXPECT_EQ(tracker.LastStat("a.csv"), (FileStat{1, 1'000}));
  tracker.Forget("a.csv");
  EXPECT_FALSE(tracker.IsTracked("a.csv"));
  EXPECT_EQ(tracker.size(), 1u);
  EXPECT_EQ(tracker.OldestMtimeNs(), 2'000);
}

}  // namespace
}  // namespace m2drop::inbox
