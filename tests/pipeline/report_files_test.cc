// SPDX-License-Identifier: Apache-2.0
// Filing a drop after its reports, on the real file system in a temp dir
// (names, taken names, errors) and on FakeFileSystem (a full disk, a failed
// move: issue 17 item 6).
#include "m2drop/pipeline/report_files.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "fakes/fake_file_system.h"
#include "m2drop/base/fake_clock.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::pipeline {
namespace {

using ::m2drop::testing::ReadWholeFile;
using ::m2drop::testing::ScopedTempDir;
using ::testing::HasSubstr;
namespace stdfs = std::filesystem;

// 2026-11-22T07:05:01Z.
const WallTime kTime = WallTime(std::chrono::seconds(1795331101));

const ReportTexts kTexts{"{\"file\":\"drop.csv\"}", "a,errors\n1,bad\n"};

// A move by rename(2) that never replaces, as `import` does.
FilingSteps RenameFrom(fs::FileSystem& files, const std::string& from) {
  FilingSteps steps;
  steps.move = [&files, from](const std::string& target) {
    return files.RenameNoReplace(from, target);
  };
  return steps;
}

class FileAfterReportsTest : public ::testing::Test {
 protected:
  FileAfterReportsTest() { clock_.SetWallNow(kTime); }

  Result<FiledPaths> File(const std::string& from, const std::string& dest,
                          const ReportTexts& texts = kTexts) {
    return FileAfterReports(files_, stdfs::path(from).filename().string(), dest,
                            texts, clock_, RenameFrom(files_, from));
  }

  fs::PosixFileSystem& files_ = fs::PosixFileSystem::Instance();
  ScopedTempDir dir_;
  FakeClock clock_;
};

TEST_F(FileAfterReportsTest, MovesIntoAMissingDirectoryBesideItsReports) {
  std::string src = dir_.WriteFile("work/drop.csv", "a,b\n1,2\n");
  std::string dest = dir_.Join("processed/2026");  // two missing levels
  Result<FiledPaths> filed = File(src, dest);
  ASSERT_OK(filed);
  EXPECT_EQ(filed->path, dest + "/drop.csv");
  EXPECT_EQ(filed->reports.report_json, dest + "/drop.csv.report.json");
  EXPECT_EQ(filed->reports.errors_csv, dest + "/drop.csv.errors.csv");
  EXPECT_FALSE(stdfs::exists(src));
  EXPECT_EQ(ReadWholeFile(filed->path), "a,b\n1,2\n");
  EXPECT_EQ(ReadWholeFile(filed->reports.report_json), kTexts.json);
  EXPECT_EQ(ReadWholeFile(filed->reports.errors_csv), kTexts.errors_csv);
}

TEST_F(FileAfterReportsTest, TakenNamesGetATimestampThenACounter) {
  std::string dest = dir_.Join("failed");
  dir_.WriteFile("failed/drop.csv", "first");
  // A report without its file also keeps its name.
  dir_.WriteFile("failed/drop.20261122T070501Z.csv.report.json", "{}");
  std::vector<std::string> paths;
  for (const char* content : {"second", "third"}) {
    std::string src = dir_.WriteFile("work/drop.csv", content);
    Result<FiledPaths> filed = File(src, dest, {"{}", ""});
    ASSERT_OK(filed);
    paths.push_back(filed->path);
    EXPECT_EQ(filed->reports.report_json, filed->path + ".report.json");
  }
  EXPECT_EQ(paths[0], dest + "/drop.20261122T070501Z-2.csv");
  EXPECT_EQ(paths[1], dest + "/drop.20261122T070501Z-3.csv");
  EXPECT_EQ(ReadWholeFile(dest + "/drop.csv"), "first");
  EXPECT_EQ(ReadWholeFile(paths[0]), "second");
}

TEST_F(FileAfterReportsTest, LongNameTakenTwiceStillFitsEverywhere) {
  const std::string name = std::string(251, 'x') + ".csv";
  std::string dest = dir_.Join("processed");
  for (int i = 0; i < 2; ++i) {
    std::string src = dir_.WriteFile("work/" + name, "x");
    Result<FiledPaths> filed = File(src, dest);
    ASSERT_OK(filed);
    for (const std::string& p :
         {filed->path, filed->reports.report_json, filed->reports.errors_csv}) {
      EXPECT_LE(stdfs::path(p).filename().string().size(), 255u) << p;
      EXPECT_TRUE(stdfs::exists(p)) << p;
    }
  }
}

TEST_F(FileAfterReportsTest, MissingSourceLeavesNoReport) {
  Result<FiledPaths> filed =
      File(dir_.Join("work/gone.csv"), dir_.Join("processed"));
  ASSERT_FALSE(filed.ok());
  EXPECT_EQ(filed.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(filed.status().message(), HasSubstr("gone.csv"));
  EXPECT_TRUE(stdfs::is_empty(dir_.Join("processed")));
}

TEST_F(FileAfterReportsTest, DestinationThatIsAFileIsAnIoError) {
  std::string src = dir_.WriteFile("work/drop.csv", "x");
  std::string blocker = dir_.WriteFile("processed", "not a directory");
  Result<FiledPaths> filed = File(src, blocker);
  ASSERT_FALSE(filed.ok());
  EXPECT_EQ(filed.status().code(), StatusCode::kIo);
  EXPECT_THAT(filed.status().message(), HasSubstr("processed"));
  EXPECT_TRUE(stdfs::exists(src));  // still there to try again
}

// Issue 17 item 6: on a full disk the drop stays where it was; nothing is
// filed without its report.
class FileAfterReportsFaultTest : public ::testing::Test {
 protected:
  FileAfterReportsFaultTest() {
    clock_.SetWallNow(kTime);
    files_.WriteFile("/p/work/drop.csv", "rows");
    files_.AddDir("/p/failed");
  }

  Result<FiledPaths> File() {
    return FileAfterReports(files_, "drop.csv", "/p/failed", kTexts, clock_,
                            RenameFrom(files_, "/p/work/drop.csv"));
  }

  FakeClock clock_;
  fs::FakeFileSystem files_{clock_};
};

TEST_F(FileAfterReportsFaultTest, FullDiskKeepsTheDropWhereItWas) {
  files_.FailNext(fs::FakeFileSystem::Op::kAppend, "/p/failed",
                  Status::Io("No space left on device"));
  Result<FiledPaths> filed = File();
  EXPECT_EQ(filed.status(), Status::Io("No space left on device"));
  EXPECT_EQ(files_.Contents("/p/work/drop.csv"), "rows");
  EXPECT_FALSE(files_.Exists("/p/failed/drop.csv"));
  EXPECT_FALSE(files_.Exists("/p/failed/drop.csv.report.json"));
  // Once there is room again, it is filed with both reports.
  ASSERT_OK(File());
  EXPECT_EQ(files_.Contents("/p/failed/drop.csv"), "rows");
  EXPECT_EQ(files_.Contents("/p/failed/drop.csv.report.json"), kTexts.json);
  EXPECT_EQ(files_.Contents("/p/failed/drop.csv.errors.csv"),
            kTexts.errors_csv);
}

TEST_F(FileAfterReportsFaultTest, ReportsComeFirstAndGoWhenTheMoveFails) {
  files_.FailNext(fs::FakeFileSystem::Op::kRename, "/p/work/drop.csv",
                  Status::Io("Input/output error"));
  std::vector<ReportPaths> told;
  FilingSteps steps = RenameFrom(files_, "/p/work/drop.csv");
  steps.before_reports = [&](const ReportPaths& planned) {
    EXPECT_FALSE(files_.Exists(planned.report_json));
    told.push_back(planned);
    return Status::Ok();
  };
  Result<FiledPaths> filed =
      FileAfterReports(files_, "drop.csv", "/p/failed", kTexts, clock_, steps);
  EXPECT_EQ(filed.status(), Status::Io("Input/output error"));
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told[0].report_json, "/p/failed/drop.csv.report.json");
  EXPECT_FALSE(files_.Exists("/p/failed/drop.csv.report.json"));
  EXPECT_FALSE(files_.Exists("/p/failed/drop.csv.errors.csv"));
  EXPECT_EQ(files_.Contents("/p/work/drop.csv"), "rows");
  // The reports were in place (and synced) before the drop was moved.
  std::vector<std::string> ops = files_.ops();
  auto at = [&](const std::string& op) {
    return std::find(ops.begin(), ops.end(), op) - ops.begin();
  };
  EXPECT_LT(at("syncdir /p/failed"),
            at("rename /p/work/drop.csv -> /p/failed/drop.csv"));
}

}  // namespace
}  // namespace m2drop::pipeline
