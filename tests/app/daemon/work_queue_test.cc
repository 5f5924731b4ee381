// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/daemon/work_queue.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "m2drop/base/fake_clock.h"

namespace m2drop::app {
namespace {

using std::chrono::seconds;

WorkItem Item(const std::string& name, int64_t mtime = 0) {
  WorkItem item;
  item.profile = "p";
  item.name = name;
  item.mtime_ns = mtime;
  return item;
}

class DaemonWorkQueueTest : public ::testing::Test {
 protected:
  FakeClock clock_;
  WorkQueue queue_{2, clock_};
};

TEST_F(DaemonWorkQueueTest, RefusesFilesBeyondItsBound) {
  EXPECT_TRUE(queue_.TryPush(Item("a")));
  EXPECT_TRUE(queue_.HasRoom());
  EXPECT_TRUE(queue_.TryPush(Item("b")));
  EXPECT_FALSE(queue_.HasRoom());
  EXPECT_FALSE(queue_.TryPush(Item("c")));
  EXPECT_EQ(queue_.queued(), 2u);
  std::optional<WorkItem> a = queue_.TryPop();
  ASSERT_TRUE(a);
  EXPECT_TRUE(queue_.TryPush(Item("c")));
  EXPECT_EQ(queue_.running(), 1u);
}

TEST_F(DaemonWorkQueueTest, RequeueWaitsForItsTimeAndIgnoresTheBound) {
  ASSERT_TRUE(queue_.TryPush(Item("a", 1)));
  std::optional<WorkItem> a = queue_.TryPop();
  ASSERT_TRUE(a);
  ASSERT_TRUE(queue_.TryPush(Item("b", 2)));
  ASSERT_TRUE(queue_.TryPush(Item("c", 3)));
  queue_.Requeue(*a, clock_.Now() + seconds(5));
  EXPECT_EQ(queue_.queued(), 3u);
  EXPECT_EQ(queue_.running(), 0u);
  EXPECT_EQ(queue_.TryPop()->name, "b");
  EXPECT_EQ(queue_.TryPop()->name, "c");
  EXPECT_FALSE(queue_.TryPop());
  clock_.Advance(seconds(5));
  EXPECT_EQ(queue_.TryPop()->name, "a");
}

TEST_F(DaemonWorkQueueTest, CloseWakesAWaitingPop) {
  std::optional<WorkItem> popped = Item("sentinel");
  std::jthread worker([&] { popped = queue_.Pop(std::stop_token()); });
  queue_.Close();
  worker.join();
  EXPECT_FALSE(popped);
  EXPECT_TRUE(queue_.closed());
  EXPECT_FALSE(queue_.TryPush(Item("late")));
}

TEST_F(DaemonWorkQueueTest, PopHandsAFilePushedWhileWaiting) {
  std::optional<WorkItem> popped;
  std::jthread worker([&] { popped = queue_.Pop(std::stop_token()); });
  ASSERT_TRUE(queue_.TryPush(Item("a")));
  worker.join();
  ASSERT_TRUE(popped);
  EXPECT_EQ(popped->name, "a");
}

TEST_F(DaemonWorkQueueTest, StopTokenEndsAWaitingPop) {
  std::optional<WorkItem> popped = Item("sentinel");
  std::jthread worker([&](std::stop_token stop) { popped = queue_.Pop(stop); });
  worker.request_stop();
  worker.join();
  EXPECT_FALSE(popped);
}

TEST_F(DaemonWorkQueueTest, ClosedQueueDropsRequeuedFilesAndPopsNothing) {
  ASSERT_TRUE(queue_.TryPush(Item("a")));
  ASSERT_TRUE(queue_.TryPush(Item("b")));
  std::optional<WorkItem> a = queue_.TryPop();
  ASSERT_TRUE(a);
  queue_.Close();
  queue_.Requeue(*a, clock_.Now());
  EXPECT_EQ(queue_.running(), 0u);
  EXPECT_EQ(queue_.queued(), 1u);  // b stays in work/ for the next start
  EXPECT_FALSE(queue_.TryPop());
}

}  // namespace
}  // namespace m2drop::app
