// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/file_filing.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "m2drop/base/fake_clock.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::app {
namespace {

namespace fs = std::filesystem;
using testing::ReadWholeFile;

// 2026-11-22T07:05:01Z
constexpr int64_t kOriginalDoneMs = 1795331101000;

DuplicateOf Dup() {
  return DuplicateOf{"3pl", "again.csv", "drop.csv", kOriginalDoneMs};
}

TEST(DaemonFileFilingTest, DuplicateMessageNamesTheOriginalAndItsTime) {
  EXPECT_EQ(DuplicateMessage(Dup()),
            "duplicate of drop.csv processed at 2026-11-22T07:05:01Z; "
            "nothing applied");
}

TEST(DaemonFileFilingTest, DuplicateReportIsJsonWithZeroCounts) {
  const WallTime now{std::chrono::milliseconds(kOriginalDoneMs + 60'000)};
  nlohmann::json j =
      nlohmann::json::parse(DuplicateReportJson(Dup(), now), nullptr, false);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["file"], "again.csv");
  EXPECT_EQ(j["mode"], "duplicate");
  EXPECT_EQ(j["duplicate_of"], "drop.csv");
  EXPECT_EQ(j["original_processed_at"], "2026-11-22T07:05:01Z");
  EXPECT_EQ(j["generated_at"], "2026-11-22T07:06:01Z");
  EXPECT_EQ(j["message"], DuplicateMessage(Dup()));
  EXPECT_EQ(j["applied"], 0);
  EXPECT_TRUE(j["rows"].empty());
}

class DaemonFileFilingDiskTest : public ::testing::Test {
 protected:
  testing::ScopedTempDir dir_;
  FakeClock clock_;
};

TEST_F(DaemonFileFilingDiskTest, DuplicateIsMovedWithItsReportBeside) {
  const std::string work = dir_.WriteFile("work/again.csv", "a,b\n");
  const std::string dest = dir_.Join("processed");
  dir_.WriteFile("processed/again.csv", "an older file of that name");
  std::string moved_to;
  Result<Filed> filed = FileDuplicate(work, dest, Dup(), clock_, &moved_to);
  ASSERT_OK(filed);
  EXPECT_EQ(moved_to, filed->path);
  EXPECT_NE(filed->path, dest + "/again.csv");  // never an overwrite
  EXPECT_FALSE(fs::exists(work));
  EXPECT_EQ(ReadWholeFile(filed->path), "a,b\n");
  EXPECT_EQ(filed->reports.report_json, filed->path + ".report.json");
  EXPECT_NE(ReadWholeFile(filed->reports.report_json).find("\"duplicate\""),
            std::string::npos);
  EXPECT_EQ(ReadWholeFile(dest + "/again.csv"), "an older file of that name");
}

TEST_F(DaemonFileFilingDiskTest, GoneFileIsNotMoved) {
  std::string moved_to;
  Result<Filed> filed = FileWithReports(
      dir_.Join("work/none.csv"), dir_.Join("failed"), {}, clock_, &moved_to);
  EXPECT_EQ(filed.status().code(), StatusCode::kNotFound) << filed.status();
  EXPECT_TRUE(moved_to.empty());
}

}  // namespace
}  // namespace m2drop::app
