// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/daemon/file_filing.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
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
  // Files `work` (claimed as `claimed`, or opened now) into `dest`.
  Result<Filed> FileIt(const std::string& work, const std::string& dest,
                       const pipeline::ReportTexts& texts,
                       const m2drop::fs::ReadableFile* claimed = nullptr) {
    std::unique_ptr<m2drop::fs::ReadableFile> opened;
    if (claimed == nullptr) {
      auto file = files_.OpenRegular(work);
      EXPECT_OK(file);
      if (!file.ok()) return file.status();
      opened = std::move(*file);
      claimed = opened.get();
    }
    const ClaimedDrop drop{*claimed, work, dir_.Join("failed")};
    return FileClaimed(files_, drop, dest, texts, clock_);
  }

  m2drop::fs::PosixFileSystem& files_ = m2drop::fs::PosixFileSystem::Instance();
  testing::ScopedTempDir dir_;
  FakeClock clock_;
};

TEST_F(DaemonFileFilingDiskTest, DuplicateIsMovedWithItsReportBeside) {
  const std::string work = dir_.WriteFile("work/again.csv", "a,b\n");
  const std::string dest = dir_.Join("processed");
  dir_.WriteFile("processed/again.csv", "an older file of that name");
  Result<Filed> filed =
      FileIt(work, dest, {DuplicateReportJson(Dup(), {}), ""});
  ASSERT_OK(filed);
  EXPECT_NE(filed->path, dest + "/again.csv");  // never an overwrite
  EXPECT_FALSE(fs::exists(work));
  EXPECT_EQ(ReadWholeFile(filed->path), "a,b\n");
  EXPECT_EQ(filed->reports.report_json, filed->path + ".report.json");
  EXPECT_NE(ReadWholeFile(filed->reports.report_json).find("\"duplicate\""),
            std::string::npos);
  EXPECT_EQ(ReadWholeFile(dest + "/again.csv"), "an older file of that name");
  EXPECT_EQ(filed->replaced, "");
}

// Issue 17 item 1, at the filing step: work/NAME no longer names the
// claimed file. The claimed bytes are filed (from the open file), what
// replaced them is set aside in failed/, under another name.
TEST_F(DaemonFileFilingDiskTest, ReplacedDropIsFiledFromTheOpenFile) {
  const std::string work = dir_.WriteFile("work/drop.csv", "claimed\n");
  auto open = m2drop::fs::PosixFileSystem::Instance().OpenRegular(work);
  ASSERT_OK(open);
  const std::string other = dir_.WriteFile("work/.other", "other\n");
  ASSERT_EQ(rename(other.c_str(), work.c_str()), 0);
  Result<Filed> filed =
      FileIt(work, dir_.Join("processed"), {"{}", ""}, open->get());
  ASSERT_OK(filed);
  EXPECT_EQ(filed->path, dir_.Join("processed/drop.csv"));
  EXPECT_EQ(ReadWholeFile(filed->path), "claimed\n");
  EXPECT_FALSE(fs::exists(work));
  const std::string aside = dir_.Join("failed/drop.csv.replaced");
  EXPECT_EQ(ReadWholeFile(aside), "other\n");
  EXPECT_NE(filed->replaced.find("another regular file"), std::string::npos)
      << filed->replaced;
  EXPECT_NE(filed->replaced.find(aside), std::string::npos) << filed->replaced;
}

TEST_F(DaemonFileFilingDiskTest, RemovedDropIsWrittenFromTheOpenFile) {
  const std::string work = dir_.WriteFile("work/drop.csv", "claimed\n");
  auto open = m2drop::fs::PosixFileSystem::Instance().OpenRegular(work);
  ASSERT_OK(open);
  ASSERT_EQ(unlink(work.c_str()), 0);
  Result<Filed> filed =
      FileIt(work, dir_.Join("failed"), {"{}", "x\n"}, open->get());
  ASSERT_OK(filed);
  EXPECT_EQ(ReadWholeFile(filed->path), "claimed\n");
  EXPECT_TRUE(fs::exists(filed->reports.errors_csv));
}

TEST_F(DaemonFileFilingDiskTest, GoneFileCannotBeLockedSoItIsNeverFiled) {
  auto open = m2drop::fs::PosixFileSystem::Instance().OpenRegular(
      dir_.Join("work/none.csv"));
  EXPECT_EQ(open.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace m2drop::app
