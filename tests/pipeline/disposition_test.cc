// SPDX-License-Identifier: Apache-2.0
#include "m2drop/pipeline/disposition.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "m2drop/base/fake_clock.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::pipeline {
namespace {

using ::m2drop::testing::ReadWholeFile;
using ::m2drop::testing::ScopedTempDir;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

// 2026-11-22T07:05:01Z.
WallTime FixedWallTime() { return WallTime(std::chrono::seconds(1795331101)); }

FileSummary Counts(uint64_t applied, uint64_t failed, uint64_t deferred) {
  FileSummary s;
  s.applied = applied;
  s.failed = failed;
  s.deferred = deferred;
  return s;
}

TEST(DispositionDecideTest, FollowsTheTable) {
  struct Case {
    uint64_t applied, failed, deferred;
    Disposition want;
  };
  const Case cases[] = {
      {3, 0, 0, Disposition::kProcessed},
      {0, 0, 0, Disposition::kProcessed},  // header only, or all present
      {2, 1, 0, Disposition::kFailed},
      {0, 4, 0, Disposition::kFailed},
      {2, 0, 1, Disposition::kRetryLater},
      {0, 0, 5, Disposition::kRetryLater},
      {1, 1, 1, Disposition::kRetryLater},  // deferred wins over failed
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Decide(Counts(c.applied, c.failed, c.deferred)), c.want)
        << c.applied << "/" << c.failed << "/" << c.deferred;
  }
}

TEST(DispositionDecideTest, StaleAndAlreadyPresentRowsAreProcessed) {
  FileSummary s;
  s.stale = 2;
  s.already_present = 3;
  EXPECT_EQ(Decide(s), Disposition::kProcessed);
}

TEST(DispositionDecideTest, NamesEveryDisposition) {
  EXPECT_EQ(DispositionName(Disposition::kProcessed), "processed");
  EXPECT_EQ(DispositionName(Disposition::kFailed), "failed");
  EXPECT_EQ(DispositionName(Disposition::kRetryLater), "retry_later");
}

class FileAwayTest : public ::testing::Test {
 protected:
  FileAwayTest() { clock_.SetWallNow(FixedWallTime()); }

  ScopedTempDir dir_;
  FakeClock clock_;
};

TEST_F(FileAwayTest, MovesIntoAMissingDirectoryKeepingTheName) {
  std::string src = dir_.WriteFile("work/drop.csv", "a,b\n1,2\n");
  std::string dest = dir_.Join("processed/2026");  // two missing levels
  Result<std::string> moved = FileAway(src, dest, clock_);
  ASSERT_OK(moved);
  EXPECT_EQ(*moved, dest + "/drop.csv");
  EXPECT_FALSE(fs::exists(src));
  EXPECT_EQ(ReadWholeFile(*moved), "a,b\n1,2\n");
}

TEST_F(FileAwayTest, TakenNamesGetATimestampThenACounter) {
  std::string dest = dir_.Join("failed");
  dir_.WriteFile("failed/drop.csv", "first");
  std::vector<std::string> paths;
  for (const char* content : {"second", "third", "fourth"}) {
    std::string src = dir_.WriteFile("work/drop.csv", content);
    Result<std::string> moved = FileAway(src, dest, clock_);
    ASSERT_OK(moved);
    paths.push_back(*moved);
  }
  EXPECT_EQ(paths[0], dest + "/drop.20261122T070501Z.csv");
  EXPECT_EQ(paths[1], dest + "/drop.20261122T070501Z-2.csv");
  EXPECT_EQ(paths[2], dest + "/drop.20261122T070501Z-3.csv");
  // Nothing was overwritten.
  EXPECT_EQ(ReadWholeFile(dest + "/drop.csv"), "first");
  EXPECT_EQ(ReadWholeFile(paths[0]), "second");
  EXPECT_EQ(ReadWholeFile(paths[2]), "fourth");
}

TEST_F(FileAwayTest, MissingSourceIsNotFound) {
  Result<std::string> moved =
      FileAway(dir_.Join("work/gone.csv"), dir_.Join("processed"), clock_);
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(moved.status().message(), HasSubstr("gone.csv"));
}

TEST_F(FileAwayTest, DestinationThatIsAFileIsAnIoError) {
  std::string src = dir_.WriteFile("work/drop.csv", "x");
  std::string blocker = dir_.WriteFile("processed", "not a directory");
  Result<std::string> moved = FileAway(src, blocker, clock_);
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.status().code(), StatusCode::kIo);
  EXPECT_THAT(moved.status().message(), HasSubstr("processed"));
  EXPECT_TRUE(fs::exists(src));  // still there to try again
}

// A real EXDEV needs a second filesystem; /dev/shm is tmpfs on most Linux
// machines. Where it is the same filesystem as the temp dir, the message
// test below still covers the wording.
TEST_F(FileAwayTest, AnotherFilesystemIsRefusedWithoutCopying) {
  struct stat tmp_st {
  }, shm_st{};
  if (stat(dir_.path().c_str(), &tmp_st) != 0 ||
      stat("/dev/shm", &shm_st) != 0 || tmp_st.st_dev == shm_st.st_dev ||
      access("/dev/shm", W_OK) != 0) {
    GTEST_SKIP() << "no second writable filesystem at /dev/shm";
  }
  std::string dest =
      "/dev/shm/m2drop-disposition-test-" + std::to_string(getpid());
  std::string src = dir_.WriteFile("work/drop.csv", "x");
  Result<std::string> moved = FileAway(src, dest, clock_);
  std::error_code ec;
  fs::remove_all(dest, ec);
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.status().code(), StatusCode::kInvalidInput);
  EXPECT_THAT(moved.status().message(), HasSubstr("one filesystem"));
  EXPECT_TRUE(fs::exists(src));
}

}  // namespace
}  // namespace m2drop::pipeline
