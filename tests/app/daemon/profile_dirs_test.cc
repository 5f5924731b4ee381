// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/daemon/profile_dirs.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "magento/log_capture.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::app {
namespace {

namespace fs = std::filesystem;

class DaemonProfileDirsTest : public ::testing::Test {
 protected:
  config::Profile Profile() {
    config::Profile p;
    p.name = "3pl";
    p.inbox = dir_.Join("inbox");
    p.work_dir = dir_.Join("work");
    p.processed_dir = dir_.Join("done/processed");
    p.failed_dir = dir_.Join("failed");
    p.patterns = {"*.csv", "*.txt"};
    p.marker = ".ok";
    p.settle = std::chrono::milliseconds(300);
    p.watch = config::WatchMode::kPoll;
    return p;
  }

  testing::ScopedTempDir dir_;
  m2drop::fs::FileSystem& fs_ = m2drop::fs::PosixFileSystem::Instance();
};

TEST_F(DaemonProfileDirsTest, CreatesWorkProcessedAndFailed) {
  fs::create_directories(dir_.path() / "inbox");
  ASSERT_OK(PrepareProfileDirs(fs_, Profile()));
  EXPECT_TRUE(fs::is_directory(dir_.path() / "work"));
  EXPECT_TRUE(fs::is_directory(dir_.path() / "done/processed"));
  EXPECT_TRUE(fs::is_directory(dir_.path() / "failed"));
}

// Issue 17 item 1: the producer never needs to write work/, and one who can
// could swap a drop while it is imported: start-up says so.
TEST_F(DaemonProfileDirsTest, WorkWritableByItsGroupIsWarnedAbout) {
  fs::create_directories(dir_.path() / "inbox");
  fs::create_directories(dir_.path() / "work");
  fs::permissions(dir_.path() / "work",
                  fs::perms::owner_all | fs::perms::group_all);
  magento::LogCapture logs;
  ASSERT_OK(PrepareProfileDirs(fs_, Profile()));
  EXPECT_NE(logs.text().find("writable by others than m2drop (mode 770)"),
            std::string::npos)
      << logs.text();
  fs::permissions(dir_.path() / "work", fs::perms::owner_all);
  magento::LogCapture quiet;
  ASSERT_OK(PrepareProfileDirs(fs_, Profile()));
  EXPECT_EQ(quiet.text().find("writable"), std::string::npos) << quiet.text();
}

TEST_F(DaemonProfileDirsTest, NeverCreatesTheInbox) {
  Status s = PrepareProfileDirs(fs_, Profile());
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_NE(s.message().find(dir_.Join("inbox")), std::string::npos) << s;
  EXPECT_FALSE(fs::exists(dir_.path() / "inbox"));
  EXPECT_FALSE(fs::exists(dir_.path() / "work"));
}

TEST_F(DaemonProfileDirsTest, RefusesAFileWhereADirectoryBelongs) {
  fs::create_directories(dir_.path() / "inbox");
  dir_.WriteFile("failed", "not a directory");
  EXPECT_FALSE(PrepareProfileDirs(fs_, Profile()).ok());
}

TEST_F(DaemonProfileDirsTest, DirectoryOnAnotherFilesystemIsRefused) {
  if (!fs::is_directory("/dev/shm")) GTEST_SKIP() << "no /dev/shm";
  fs::create_directories(dir_.path() / "inbox");
  config::Profile p = Profile();
  testing::ScopedTempDir elsewhere;  // $TMPDIR, maybe the same filesystem
  p.failed_dir = "/dev/shm/m2drop-profile-dirs-test-" +
                 elsewhere.path().filename().string();
  Result<m2drop::fs::FileInfo> shm = fs_.Stat("/dev/shm");
  Result<m2drop::fs::FileInfo> inbox = fs_.Stat(p.inbox);
  ASSERT_OK(shm);
  ASSERT_OK(inbox);
  if (shm->device == inbox->device) GTEST_SKIP() << "one filesystem";
  Status s = PrepareProfileDirs(fs_, p);
  fs::remove_all(p.failed_dir);
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_NE(s.message().find("another filesystem"), std::string::npos) << s;
}

TEST_F(DaemonProfileDirsTest, InboxSpecCarriesTheWatchSettings) {
  inbox::InboxSpec spec = InboxSpecFor(Profile());
  EXPECT_EQ(spec.profile, "3pl");
  EXPECT_EQ(spec.dir, dir_.Join("inbox"));
  EXPECT_EQ(spec.patterns, (std::vector<std::string>{"*.csv", "*.txt"}));
  EXPECT_EQ(spec.marker, ".ok");
  EXPECT_EQ(spec.settle, std::chrono::milliseconds(300));
  EXPECT_EQ(spec.watch, inbox::WatchMode::kPoll);
}

TEST_F(DaemonProfileDirsTest, FilesInWorkAreOldestFirstWithoutDotfiles) {
  const std::string b = dir_.WriteFile("work/b.csv", "b");
  const std::string a = dir_.WriteFile("work/a.csv", "a");
  dir_.WriteFile("work/.tmp", "x");
  fs::create_directories(dir_.path() / "work/sub");
  fs::last_write_time(a, fs::last_write_time(b) + std::chrono::seconds(5));
  auto config = std::make_shared<const config::Config>();
  auto items = FilesInWork(fs_, Profile(), config);
  ASSERT_OK(items);
  ASSERT_EQ(items->size(), 2u);
  EXPECT_EQ((*items)[0].name, "b.csv");
  EXPECT_EQ((*items)[0].path, dir_.Join("work/b.csv"));
  EXPECT_EQ((*items)[0].config, config);
  EXPECT_EQ((*items)[1].name, "a.csv");
}

}  // namespace
}  // namespace m2drop::app
