// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/ops/expected_files.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace m2drop::app {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

const WallTime kStart{std::chrono::seconds(1'763'800'000)};

config::Profile Expecting(std::string name, hours every) {
  config::Profile p;
  p.name = std::move(name);
  p.inbox = "/srv/" + p.name + "/inbox";
  p.expect_file_every = every;
  return p;
}

std::vector<std::string> Names(
    const std::vector<ExpectedFileWatch::Overdue>& overdue) {
  std::vector<std::string> names;
  for (const auto& o : overdue) names.push_back(o.profile);
  return names;
}

TEST(ExpectedFileWatchTest, SilentProfileIsOverdueOncePerPeriod) {
  ExpectedFileWatch watch(kStart);
  watch.SetProfiles({Expecting("erp", hours(26))}, kStart);
  EXPECT_TRUE(watch.Check(kStart + hours(25)).empty());
  auto overdue = watch.Check(kStart + hours(26));
  ASSERT_EQ(Names(overdue), std::vector<std::string>{"erp"});
  EXPECT_EQ(overdue[0].every, hours(26));
  EXPECT_FALSE(overdue[0].last_file.has_value());
  EXPECT_EQ(overdue[0].inbox, "/srv/erp/inbox");
  EXPECT_TRUE(watch.Check(kStart + hours(27)).empty());  // not again
  EXPECT_TRUE(watch.Check(kStart + hours(60)).empty());
}

TEST(ExpectedFileWatchTest, AnArrivalStartsANewPeriod) {
  ExpectedFileWatch watch(kStart);
  watch.SetProfiles({Expecting("erp", hours(26))}, kStart);
  ASSERT_EQ(watch.Check(kStart + hours(26)).size(), 1u);
  watch.FileArrived("erp", kStart + hours(30));
  EXPECT_TRUE(watch.Check(kStart + hours(55)).empty());
  auto overdue = watch.Check(kStart + hours(56));
  ASSERT_EQ(overdue.size(), 1u);
  EXPECT_EQ(overdue[0].last_file, kStart + hours(30));
}

TEST(ExpectedFileWatchTest, ALedgerArrivalBeforeTheStartCounts) {
  ExpectedFileWatch watch(kStart);
  watch.SetProfiles({Expecting("erp", hours(26))}, kStart);
  watch.FileArrived("erp", kStart - hours(30));  // seeded from the ledger
  EXPECT_EQ(Names(watch.Check(kStart)), std::vector<std::string>{"erp"});
}

TEST(ExpectedFileWatchTest, ProfilesWithoutExpectationAreIgnored) {
  ExpectedFileWatch watch(kStart);
  config::Profile quiet;
  quiet.name = "3pl";
  watch.SetProfiles({quiet, Expecting("erp", hours(1))}, kStart);
  watch.FileArrived("3pl", kStart);
  EXPECT_EQ(Names(watch.Check(kStart + hours(100))),
            std::vector<std::string>{"erp"});
}

TEST(ExpectedFileWatchTest, ReloadKeepsStateAndAddsNewProfilesFromNow) {
  ExpectedFileWatch watch(kStart);
  watch.SetProfiles({Expecting("erp", hours(2))}, kStart);
  watch.FileArrived("erp", kStart + hours(1));
  watch.SetProfiles({Expecting("erp", hours(2)), Expecting("wms", hours(2))},
                    kStart + hours(2));
  EXPECT_EQ(Names(watch.Check(kStart + hours(3))),
            std::vector<std::string>{"erp"});
  EXPECT_EQ(Names(watch.Check(kStart + hours(4))),
            std::vector<std::string>{"wms"});
  watch.SetProfiles({}, kStart + hours(5));
  EXPECT_TRUE(watch.Check(kStart + hours(100)).empty());
}

TEST(ExpectedFileWatchTest, OlderNewsDoesNotMoveThePeriodBack) {
  ExpectedFileWatch watch(kStart);
  watch.SetProfiles({Expecting("erp", hours(2))}, kStart);
  watch.FileArrived("erp", kStart + hours(1));
  watch.FileArrived("erp", kStart + minutes(30));
  EXPECT_TRUE(watch.Check(kStart + minutes(179)).empty());
  EXPECT_EQ(watch.Check(kStart + hours(3)).size(), 1u);
}

}  // namespace
}  // namespace m2drop::app
