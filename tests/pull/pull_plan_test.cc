// SPDX-License-Identifier: Apache-2.0
#include "m2drop/pull/pull_plan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "m2drop/base/fake_clock.h"

namespace m2drop::pull {
namespace {

using std::chrono::milliseconds;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

RemoteFile File(std::string name, uint64_t size, int64_t mtime = 100) {
  return RemoteFile{std::move(name), size, mtime, true};
}

std::vector<std::string> Names(const std::vector<RemoteFile>& files) {
  std::vector<std::string> names;
  for (const RemoteFile& f : files) names.push_back(f.name);
  return names;
}

TEST(StabilityTrackerTest, StableOnlyAfterTwoEqualListings) {
  StabilityTracker tracker;
  EXPECT_THAT(tracker.Update({File("a.csv", 10)}), IsEmpty());
  EXPECT_THAT(tracker.Update({File("a.csv", 10)}), ElementsAre("a.csv"));
  EXPECT_THAT(tracker.Update({File("a.csv", 10)}), ElementsAre("a.csv"));
}

TEST(StabilityTrackerTest, AGrowingOrTouchedFileIsNotStable) {
  StabilityTracker tracker;
  tracker.Update({File("a.csv", 10, 100), File("b.csv", 5, 100)});
  EXPECT_THAT(tracker.Update({File("a.csv", 20, 100), File("b.csv", 5, 101)}),
              IsEmpty());
  EXPECT_THAT(tracker.Update({File("a.csv", 20, 100), File("b.csv", 5, 101)}),
              ElementsAre("a.csv", "b.csv"));
}

TEST(StabilityTrackerTest, AFileThatWentAwayStartsOverAndResetForgets) {
  StabilityTracker tracker;
  tracker.Update({File("a.csv", 10)});
  tracker.Update({});
  EXPECT_THAT(tracker.Update({File("a.csv", 10)}), IsEmpty());
  tracker.Reset("a.csv");
  EXPECT_THAT(tracker.Update({File("a.csv", 10)}), IsEmpty());
  EXPECT_THAT(tracker.Update({File("a.csv", 10)}), ElementsAre("a.csv"));
}

TEST(StabilityTrackerTest, DirectoriesAreNeverStable) {
  StabilityTracker tracker;
  RemoteFile dir{"sub", 4096, 100, false};
  tracker.Update({dir});
  EXPECT_THAT(tracker.Update({dir}), IsEmpty());
}

class PlanPullTest : public ::testing::Test {
 protected:
  inbox::NameRules rules_{{"*.csv"}, ""};
};

TEST_F(PlanPullTest, FetchesStableDropsOldestFirst) {
  std::vector<RemoteFile> listing = {
      File("b.csv", 1, 200), File("c.csv", 1, 100), File("a.csv", 1, 200),
      File("d.csv", 1, 50)};
  PullPlan plan = PlanPull(listing, {"a.csv", "b.csv", "c.csv"}, {}, rules_);
  EXPECT_THAT(Names(plan.fetch), ElementsAre("c.csv", "a.csv", "b.csv"));
  EXPECT_THAT(plan.finish, IsEmpty());
  EXPECT_THAT(plan.forget, IsEmpty());
}

TEST_F(PlanPullTest, TemporaryAndUnmatchedNamesAreNeverFetched) {
  std::vector<RemoteFile> listing = {File(".a.csv", 1), File("b.csv.part", 1),
                                     File("c.txt", 1), File("d.CSV", 1),
                                     RemoteFile{"e.csv", 1, 100, false}};
  PullPlan plan = PlanPull(
      listing, {".a.csv", "b.csv.part", "c.txt", "d.CSV", "e.csv"}, {}, rules_);
  EXPECT_THAT(Names(plan.fetch), ElementsAre("d.CSV"));
}

TEST_F(PlanPullTest, KeptFilesAreFetchedOnceAndAgainWhenChanged) {
  std::vector<Remembered> remembered = {{"a.csv", 10, 100, true},
                                        {"b.csv", 10, 100, true}};
  std::vector<RemoteFile> listing = {File("a.csv", 10, 100),
                                     File("b.csv", 11, 100)};
  PullPlan plan = PlanPull(listing, {"a.csv", "b.csv"}, remembered, rules_);
  EXPECT_THAT(Names(plan.fetch), ElementsAre("b.csv"));
  EXPECT_THAT(plan.forget, ElementsAre("b.csv"));
  EXPECT_THAT(plan.finish, IsEmpty());
}

TEST_F(PlanPullTest, PendingAfterIsFinishedWithoutFetching) {
  std::vector<Remembered> remembered = {{"a.csv", 10, 100, false}};
  PullPlan plan =
      PlanPull({File("a.csv", 10, 100)}, {"a.csv"}, remembered, rules_);
  EXPECT_THAT(plan.fetch, IsEmpty());
  EXPECT_THAT(Names(plan.finish), ElementsAre("a.csv"));
  // Even before it is stable again (a restart's first listing).
  plan = PlanPull({File("a.csv", 10, 100)}, {}, remembered, rules_);
  EXPECT_THAT(Names(plan.finish), ElementsAre("a.csv"));
}

TEST_F(PlanPullTest, RememberedFilesGoneFromTheServerAreForgotten) {
  std::vector<Remembered> remembered = {{"gone.csv", 1, 1, true},
                                        {"moved.csv", 1, 1, false}};
  PullPlan plan = PlanPull({}, {}, remembered, rules_);
  EXPECT_THAT(plan.forget, ElementsAre("gone.csv", "moved.csv"));
}

TEST(PullBackoffTest, ExactScheduleForAOneMinutePull) {
  PullBackoff backoff(milliseconds(60'000));
  std::vector<int64_t> waits;
  for (int i = 0; i < 9; ++i) waits.push_back(backoff.Failed().count());
  EXPECT_THAT(waits, ElementsAre(5'000, 10'000, 20'000, 40'000, 80'000, 160'000,
                                 300'000, 300'000, 300'000));
  EXPECT_EQ(backoff.failures(), 9);
  EXPECT_EQ(backoff.Succeeded(), milliseconds(60'000));
  EXPECT_EQ(backoff.Failed(), milliseconds(5'000));
}

TEST(PullBackoffTest, ShortAndLongPeriods) {
  PullBackoff fast(milliseconds(1'000));
  EXPECT_EQ(fast.Failed(), milliseconds(1'000));
  EXPECT_EQ(fast.Failed(), milliseconds(2'000));
  EXPECT_EQ(fast.Failed(), milliseconds(4'000));
  PullBackoff hourly(milliseconds(3'600'000));
  EXPECT_EQ(hourly.Failed(), milliseconds(5'000));
  for (int i = 0; i < 20; ++i) (void)hourly.Failed();
  EXPECT_EQ(hourly.Failed(), milliseconds(3'600'000));
}

TEST(PullHealthTest, AlertsOncePerOutageAfterItsThreshold) {
  FakeClock clock;
  PullHealth health(milliseconds(60'000));
  EXPECT_FALSE(health.Listed(clock.WallNow()));
  clock.Advance(milliseconds(10'000));
  const WallTime first_failure = clock.WallNow();
  EXPECT_FALSE(health.Failed(clock.WallNow()));
  EXPECT_EQ(health.failing_since(), first_failure);
  clock.Advance(milliseconds(59'999));
  EXPECT_FALSE(health.Failed(clock.WallNow()));
  clock.Advance(milliseconds(1));
  EXPECT_TRUE(health.Failed(clock.WallNow()));
  EXPECT_TRUE(health.alerted());
  clock.Advance(milliseconds(600'000));
  EXPECT_FALSE(health.Failed(clock.WallNow()));  // once
  EXPECT_TRUE(health.Listed(clock.WallNow()));   // recovered
  EXPECT_FALSE(health.failing_since().has_value());
  EXPECT_EQ(health.last_listing(), clock.WallNow());
  EXPECT_FALSE(health.Failed(clock.WallNow()));  // a new outage starts
  clock.Advance(milliseconds(60'000));
  EXPECT_TRUE(health.Failed(clock.WallNow()));
}

TEST(PullHealthTest, ZeroNeverAlerts) {
  FakeClock clock;
  PullHealth health(milliseconds(0));
  EXPECT_FALSE(health.Failed(clock.WallNow()));
  clock.Advance(milliseconds(86'400'000));
  EXPECT_FALSE(health.Failed(clock.WallNow()));
  EXPECT_FALSE(health.Listed(clock.WallNow()));
}

}  // namespace
}  // namespace m2drop::pull
