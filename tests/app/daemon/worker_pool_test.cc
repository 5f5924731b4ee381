// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/daemon/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "m2drop/base/fake_clock.h"

namespace m2drop::app {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(DaemonBackoffTest, DoublesFromInitialToMax) {
  const WaitBackoff b{seconds(5), seconds(60)};
  EXPECT_EQ(BackoffFor(1, b), seconds(5));
  EXPECT_EQ(BackoffFor(2, b), seconds(10));
  EXPECT_EQ(BackoffFor(4, b), seconds(40));
  EXPECT_EQ(BackoffFor(5, b), seconds(60));
  EXPECT_EQ(BackoffFor(1000, b), seconds(60));
}

WorkItem Item(const std::string& name) {
  WorkItem item;
  item.profile = "p";
  item.name = name;
  item.config = std::make_shared<const config::Config>();
  return item;
}

class DaemonWorkerPoolTest : public ::testing::Test {
 protected:
  FakeClock clock_;
  WorkQueue queue_{16, clock_};
};

TEST_F(DaemonWorkerPoolTest, RunsEveryFileOnceAndRequeuesWaitingOnes) {
  std::mutex mu;
  std::multiset<std::string> runs;
  {
    WorkerPool pool(
        3, queue_, clock_, [&](const WorkItem& item, std::stop_token) {
          std::lock_guard<std::mutex> lock(mu);
          runs.insert(item.name);
          JobResult r;
          r.end = item.name == "wait.csv" ? JobEnd::kWaiting : JobEnd::kFiled;
          return r;
        });
    for (const char* name : {"a.csv", "b.csv", "c.csv", "wait.csv"}) {
      ASSERT_TRUE(queue_.TryPush(Item(name)));
    }
    // Every file was handed back once the waiting file ran and the queue
    // holds only it again (its backoff runs on the fake clock, which never
    // moves). "Queued 1, running 0" alone is also true before wait.csv's
    // first turn, once a, b and c are done: the test then stopped the pool
    // before wait.csv ran, a flake seen under load.
    auto waiting_file_ran = [&] {
      std::lock_guard<std::mutex> lock(mu);
      return runs.count("wait.csv") == 1;
    };
    const SteadyTime deadline = RealClock::Instance().Now() + seconds(10);
    while (!(waiting_file_ran() && queue_.queued() == 1 &&
             queue_.running() == 0) &&
           RealClock::Instance().Now() < deadline) {
      std::this_thread::yield();
    }
    EXPECT_EQ(queue_.queued(), 1u);
    EXPECT_TRUE(pool.Shutdown(seconds(10)));
  }
  EXPECT_EQ(runs, (std::multiset<std::string>{"a.csv", "b.csv", "c.csv",
                                              "wait.csv"}));
}

TEST_F(DaemonWorkerPoolTest, ShutdownStopsAJobThatOutlastsTheGrace) {
  std::atomic<bool> started{false};
  std::atomic<bool> saw_stop{false};
  WorkerPool pool(1, queue_, clock_,
                  [&](const WorkItem&, std::stop_token stop) {
                    started = true;
                    // Runs until the pool asks it to stop.
                    while (!stop.stop_requested()) std::this_thread::yield();
                    saw_stop = true;
                    JobResult r;
                    r.end = JobEnd::kWaiting;
                    return r;
                  });
  ASSERT_TRUE(queue_.TryPush(Item("long.csv")));
  while (!started) std::this_thread::yield();
  EXPECT_FALSE(pool.Shutdown(milliseconds(0)));
  EXPECT_TRUE(saw_stop);
  EXPECT_EQ(queue_.running(), 0u);
}

}  // namespace
}  // namespace m2drop::app
