// SPDX-License-Identifier: Apache-2.0
// What the ledger remembers for the pulls of [profile.pull] (issue 22).
#include <gtest/gtest.h>

#include "m2drop/base/fake_clock.h"
#include "m2drop/ledger/ledger.h"
#include "m2drop/ledger/sqlite_ledger.h"
#include "testing/status_matchers.h"

namespace m2drop::ledger {
namespace {

class PullRecordsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.SetWallNow(WallTime{std::chrono::milliseconds(1'700'000'000'000)});
    auto opened = SqliteLedger::Open(":memory:", clock_);
    ASSERT_OK(opened);
    ledger_ = std::move(*opened);
  }

  FakeClock clock_;
  std::unique_ptr<Ledger> ledger_;
};

TEST_F(PullRecordsTest, PulledFilesAreRememberedPerProfileByName) {
  ASSERT_OK(ledger_->RecordPulled({"3pl", "b.csv", 20, 1000, true, 0}));
  ASSERT_OK(ledger_->RecordPulled({"3pl", "a.csv", 10, 900, false, 0}));
  ASSERT_OK(ledger_->RecordPulled({"erp", "a.csv", 5, 800, true, 0}));
  auto files = ledger_->PulledFiles("3pl");
  ASSERT_OK(files);
  ASSERT_EQ(files->size(), 2u);
  const PulledFile& a = (*files)[0];
  EXPECT_EQ(a.profile, "3pl");
  EXPECT_EQ(a.name, "a.csv");
  EXPECT_EQ(a.size, 10u);
  EXPECT_EQ(a.mtime_s, 900);
  EXPECT_FALSE(a.kept);
  EXPECT_EQ(a.pulled_at_ms, 1'700'000'000'000);
  EXPECT_EQ((*files)[1].name, "b.csv");
  EXPECT_TRUE((*files)[1].kept);
}

TEST_F(PullRecordsTest, RecordingANameAgainReplacesIt) {
  ASSERT_OK(ledger_->RecordPulled({"3pl", "a.csv", 10, 900, false, 0}));
  ASSERT_OK(ledger_->RecordPulled({"3pl", "a.csv", 12, 950, true, 0}));
  auto files = ledger_->PulledFiles("3pl");
  ASSERT_OK(files);
  ASSERT_EQ(files->size(), 1u);
  EXPECT_EQ((*files)[0].size, 12u);
  EXPECT_TRUE((*files)[0].kept);
}

TEST_F(PullRecordsTest, ForgetRemovesOneNameOfOneProfile) {
  ASSERT_OK(ledger_->RecordPulled({"3pl", "a.csv", 10, 900, false, 0}));
  ASSERT_OK(ledger_->RecordPulled({"erp", "a.csv", 10, 900, false, 0}));
  ASSERT_OK(ledger_->ForgetPulled("3pl", "a.csv"));
  ASSERT_OK(ledger_->ForgetPulled("3pl", "never.csv"));
  EXPECT_TRUE(ledger_->PulledFiles("3pl")->empty());
  EXPECT_EQ(ledger_->PulledFiles("erp")->size(), 1u);
}

TEST_F(PullRecordsTest, PullStateIsReplacedPerProfile) {
  auto none = ledger_->PullStateOf("3pl");
  ASSERT_OK(none);
  EXPECT_FALSE(none->has_value());
  PullState state{"3pl", "sftp://u@h/out", 1000, 3, "a.csv", 900, 0, "", 0};
  ASSERT_OK(ledger_->RecordPullState(state));
  state.failing_since_ms = 2000;
  state.last_error = "connection refused";
  ASSERT_OK(ledger_->RecordPullState(state));
  auto got = ledger_->PullStateOf("3pl");
  ASSERT_OK(got);
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->url, "sftp://u@h/out");
  EXPECT_EQ((*got)->last_listing_at_ms, 1000);
  EXPECT_EQ((*got)->listed_files, 3u);
  EXPECT_EQ((*got)->last_file, "a.csv");
  EXPECT_EQ((*got)->last_file_at_ms, 900);
  EXPECT_EQ((*got)->failing_since_ms, 2000);
  EXPECT_EQ((*got)->last_error, "connection refused");
  EXPECT_EQ((*got)->updated_at_ms, 1'700'000'000'000);
}

}  // namespace
}  // namespace m2drop::ledger
