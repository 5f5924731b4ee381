// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/daemon/scheduler.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace m2drop::app {
namespace {

// A file of a kind imported in arrival order (stock).
constexpr bool kInOrder = true;
using std::chrono::seconds;

WorkItem Item(const std::string& profile, const std::string& name,
              int64_t mtime, bool in_arrival_order = false) {
  WorkItem item;
  item.profile = profile;
  item.name = name;
  item.path = "/work/" + name;
  item.mtime_ns = mtime;
  item.in_arrival_order = in_arrival_order;
  return item;
}

class DaemonSchedulerTest : public ::testing::Test {
 protected:
  std::string TakeName() {
    std::optional<WorkItem> item = scheduler_.Take(now_);
    return item ? item->name : "";
  }

  Scheduler scheduler_;
  SteadyTime now_{seconds(1000)};
};

TEST_F(DaemonSchedulerTest, TakesOldestMtimeFirstThenOrderAdded) {
  scheduler_.Add(Item("a", "new.csv", 30));
  scheduler_.Add(Item("a", "old.csv", 10));
  scheduler_.Add(Item("b", "tie1.csv", 20));
  scheduler_.Add(Item("b", "tie2.csv", 20));
  EXPECT_EQ(TakeName(), "old.csv");
  EXPECT_EQ(TakeName(), "tie1.csv");
  EXPECT_EQ(TakeName(), "tie2.csv");
  EXPECT_EQ(TakeName(), "new.csv");
  EXPECT_EQ(TakeName(), "");
  EXPECT_EQ(scheduler_.running(), 4u);
}

TEST_F(DaemonSchedulerTest, TrackingFilesOfOneProfileRunInParallel) {
  scheduler_.Add(Item("t", "1.csv", 1));
  scheduler_.Add(Item("t", "2.csv", 2));
  EXPECT_EQ(TakeName(), "1.csv");
  EXPECT_EQ(TakeName(), "2.csv");
}

TEST_F(DaemonSchedulerTest, StockFilesOfOneProfileRunOneAfterAnother) {
  scheduler_.Add(Item("erp", "1.csv", 1, kInOrder));
  scheduler_.Add(Item("erp", "2.csv", 2, kInOrder));
  scheduler_.Add(Item("other", "x.csv", 3, kInOrder));
  std::optional<WorkItem> first = scheduler_.Take(now_);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->name, "1.csv");
  // erp is busy: the other stock profile goes, erp's second file waits.
  EXPECT_EQ(TakeName(), "x.csv");
  EXPECT_EQ(TakeName(), "");
  scheduler_.Finish(*first);
  EXPECT_EQ(TakeName(), "2.csv");
}

TEST_F(DaemonSchedulerTest, NewerStockFileWaitsBehindOlderOneInBackoff) {
  WorkItem older = Item("erp", "old.csv", 1, kInOrder);
  older.not_before = now_ + seconds(5);
  scheduler_.Add(older);
  scheduler_.Add(Item("erp", "new.csv", 2, kInOrder));
  EXPECT_EQ(TakeName(), "");
  EXPECT_EQ(scheduler_.NextWake(now_), now_ + seconds(5));
  now_ += seconds(5);
  EXPECT_EQ(TakeName(), "old.csv");
}

TEST_F(DaemonSchedulerTest, WaitingTrackingFileDoesNotHoldOthersBack) {
  WorkItem waiting = Item("t", "old.csv", 1);
  waiting.not_before = now_ + seconds(5);
  scheduler_.Add(waiting);
  scheduler_.Add(Item("t", "new.csv", 2));
  EXPECT_EQ(TakeName(), "new.csv");
  EXPECT_EQ(TakeName(), "");
  EXPECT_EQ(scheduler_.NextWake(now_), now_ + seconds(5));
}

TEST_F(DaemonSchedulerTest, NoWakeWhenNothingWaitsForTime) {
  scheduler_.Add(Item("t", "a.csv", 1));
  EXPECT_FALSE(scheduler_.NextWake(now_));
}

}  // namespace
}  // namespace m2drop::app
