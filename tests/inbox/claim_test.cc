// SPDX-License-Identifier: Apache-2.0
#include "m2drop/inbox/claim.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <optional>
#include <thread>
#include <vector>

#include "fakes/fake_file_system.h"
#include "m2drop/base/fake_clock.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::inbox {
namespace {

using fs::FakeFileSystem;
using testing::ScopedTempDir;

ReadyFile Ready(const std::string& dir, const std::string& name,
                std::string marker_path = "") {
  ReadyFile file;
  file.profile = "p";
  file.path = dir + "/" + name;
  file.name = name;
  file.marker_path = std::move(marker_path);
  return file;
}

class ClaimTest : public ::testing::Test {
 protected:
  FakeClock clock_;
  FakeFileSystem fs_{clock_};
};

TEST_F(ClaimTest, MovesIntoWorkAndRemovesTheMarker) {
  fs_.WriteFile("/in/x.csv", "a,b\n");
  fs_.WriteFile("/in/x.csv.ok", "");
  Result<std::string> claimed =
      Claim(fs_, Ready("/in", "x.csv", "/in/x.csv.ok"), "/work");
  ASSERT_OK(claimed);
  EXPECT_EQ(*claimed, "/work/x.csv");
  EXPECT_EQ(fs_.Contents("/work/x.csv"), "a,b\n");
  EXPECT_FALSE(fs_.Exists("/in/x.csv"));
  EXPECT_FALSE(fs_.Exists("/in/x.csv.ok"));
}

TEST_F(ClaimTest, CreatesAMissingWorkDirectory) {
  fs_.WriteFile("/in/x.csv", "1");
  ASSERT_OK(Claim(fs_, Ready("/in", "x.csv"), "/srv/work"));
  EXPECT_EQ(fs_.Contents("/srv/work/x.csv"), "1");
}

TEST_F(ClaimTest, NameTakenInWorkGetsASuffixBeforeTheExtension) {
  fs_.WriteFile("/work/x.csv", "old");
  fs_.WriteFile("/work/x.1.csv", "older");
  fs_.WriteFile("/in/x.csv", "new");
  Result<std::string> claimed = Claim(fs_, Ready("/in", "x.csv"), "/work/");
  ASSERT_OK(claimed);
  EXPECT_EQ(*claimed, "/work/x.2.csv");
  EXPECT_EQ(fs_.Contents("/work/x.csv"), "old");
  EXPECT_EQ(fs_.Contents("/work/x.1.csv"), "older");
  EXPECT_EQ(fs_.Contents("/work/x.2.csv"), "new");
}

TEST_F(ClaimTest, NameWithoutExtensionGetsTheSuffixAtTheEnd) {
  fs_.WriteFile("/work/stock", "old");
  fs_.WriteFile("/in/stock", "new");
  Result<std::string> claimed = Claim(fs_, Ready("/in", "stock"), "/work");
  ASSERT_OK(claimed);
  EXPECT_EQ(*claimed, "/work/stock.1");
}

TEST_F(ClaimTest, GoneFileIsNotFound) {
  Result<std::string> claimed = Claim(fs_, Ready("/in", "x.csv"), "/work");
  EXPECT_EQ(claimed.status().code(), StatusCode::kNotFound);
}

TEST_F(ClaimTest, SecondClaimOfTheSameFileIsNotFound) {
  fs_.WriteFile("/in/x.csv", "1");
  ASSERT_OK(Claim(fs_, Ready("/in", "x.csv"), "/work"));
  Result<std::string> again = Claim(fs_, Ready("/in", "x.csv"), "/work");
  EXPECT_EQ(again.status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(fs_.Exists("/work/x.1.csv"));
}

TEST_F(ClaimTest, OtherRenameErrorsAreReturned) {
  fs_.WriteFile("/in/x.csv", "1");
  fs_.FailNext(FakeFileSystem::Op::kRename, "/in/x.csv",
               Status::Io("different filesystems"));
  Result<std::string> claimed = Claim(fs_, Ready("/in", "x.csv"), "/work");
  EXPECT_EQ(claimed.status().code(), StatusCode::kIo);
  EXPECT_TRUE(fs_.Exists("/in/x.csv"));
}

TEST_F(ClaimTest, MarkerThatCannotBeRemovedDoesNotUndoTheClaim) {
  fs_.WriteFile("/in/x.csv", "1");
  fs_.WriteFile("/in/x.csv.ok", "");
  fs_.FailNext(FakeFileSystem::Op::kRemove, "/in/x.csv.ok",
               Status::Io("permission denied"));
  Result<std::string> claimed =
      Claim(fs_, Ready("/in", "x.csv", "/in/x.csv.ok"), "/work");
  ASSERT_OK(claimed);
  EXPECT_EQ(*claimed, "/work/x.csv");
}

TEST(ClaimOnDiskTest, ConcurrentClaimsOfOneFileExactlyOneSucceeds) {
  ScopedTempDir dir;
  for (int round = 0; round < 20; ++round) {
    std::string name = "drop" + std::to_string(round) + ".csv";
    dir.WriteFile("inbox/" + name, "x");
    std::atomic<int> won = 0, lost = 0;
    std::vector<std::thread> claimers;
    for (int i = 0; i < 4; ++i) {
      claimers.emplace_back([&] {
        Result<std::string> r =
            Claim(fs::PosixFileSystem::Instance(),
                  Ready(dir.Join("inbox"), name), dir.Join("work"));
        if (r.ok()) {
          ++won;
        } else if (r.status().code() == StatusCode::kNotFound) {
          ++lost;
        }
      });
    }
    for (std::thread& t : claimers) t.join();
    EXPECT_EQ(won, 1) << name;
    EXPECT_EQ(lost, 3) << name;
  }
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.Join("work")),
                          std::filesystem::directory_iterator()),
            20);
}

// Issue 17 item 5: a 255-byte name (NAME_MAX) taken in work/ still gets a
// free name that the file system accepts, instead of failing every claim.
TEST(ClaimOnDiskTest, LongNameTakenInWorkGetsASuffixThatFits) {
  ScopedTempDir dir;
  const std::string name = std::string(251, 'n') + ".csv";
  dir.WriteFile("work/" + name, "old");
  dir.WriteFile("inbox/" + name, "new");
  Result<std::string> claimed =
      Claim(fs::PosixFileSystem::Instance(), Ready(dir.Join("inbox"), name),
            dir.Join("work"));
  ASSERT_OK(claimed);
  const std::string base = std::filesystem::path(*claimed).filename();
  EXPECT_LE(base.size(), 255u);
  EXPECT_NE(base, name);
  EXPECT_TRUE(base.ends_with(".csv")) << base;
  EXPECT_EQ(testing::ReadWholeFile(*claimed), "new");
}

class WorkLockTest : public ::testing::Test {
 protected:
  std::optional<WorkLock> Lock(const std::string& path) {
    Result<std::optional<WorkLock>> lock =
        WorkLock::TryLock(fs::PosixFileSystem::Instance(), path);
    EXPECT_OK(lock);
    return lock.ok() ? std::move(*lock) : std::nullopt;
  }

  ScopedTempDir dir_;
  std::string path_ = dir_.WriteFile("work/x.csv", "a,b\n");
};

TEST_F(WorkLockTest, HeldLockRefusesASecondOneEvenInTheSameProcess) {
  std::optional<WorkLock> first = Lock(path_);
  ASSERT_TRUE(first.has_value());
  // A new open file description conflicts with flock, even in one process.
  EXPECT_FALSE(Lock(path_).has_value());
}

TEST_F(WorkLockTest, ReleasedOnDestruction) {
  {
    std::optional<WorkLock> first = Lock(path_);
    ASSERT_TRUE(first.has_value());
  }
  EXPECT_TRUE(Lock(path_).has_value());
}

TEST_F(WorkLockTest, MovedLockStaysHeldUntilItsLastOwnerGoes) {
  std::optional<WorkLock> first = Lock(path_);
  ASSERT_TRUE(first.has_value());
  WorkLock moved = std::move(*first);
  first.reset();  // the moved-from lock owns nothing
  EXPECT_FALSE(Lock(path_).has_value());
  WorkLock other = std::move(moved);
  EXPECT_FALSE(Lock(path_).has_value());
}

TEST_F(WorkLockTest, GoneFileGivesNoLock) {
  EXPECT_FALSE(Lock(dir_.Join("work/missing.csv")).has_value());
}

TEST_F(WorkLockTest, LockFollowsTheFileNotTheName) {
  std::optional<WorkLock> held = Lock(path_);
  ASSERT_TRUE(held.has_value());
  // The holder files it away; a new drop of the same name is claimed.
  std::string processed = dir_.Join("processed.csv");
  ASSERT_EQ(rename(path_.c_str(), processed.c_str()), 0);
  dir_.WriteFile("work/x.csv", "new");
  EXPECT_TRUE(Lock(path_).has_value());
  EXPECT_FALSE(Lock(processed).has_value());
}

TEST_F(WorkLockTest, SymlinkInWorkIsNeverLocked) {
  std::string link = dir_.Join("work/link.csv");
  ASSERT_EQ(symlink(path_.c_str(), link.c_str()), 0);
  EXPECT_FALSE(Lock(link).has_value());
}

// A child process holds the lock (as another m2drop would): it takes it,
// says so on a pipe, and holds it until killed.
TEST_F(WorkLockTest, LockOfALiveProcessBlocksAndItsDeathReleases) {
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // Only async-signal-safe calls between fork and _exit.
    int fd = open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    char ok = (fd >= 0 && flock(fd, LOCK_EX) == 0) ? '1' : '0';
    (void)!write(ready[1], &ok, 1);
    for (;;) pause();
  }
  close(ready[1]);
  // Never leave the child behind, whatever assertion fails first.
  struct Reaper {
    pid_t pid;
    ~Reaper() {
      if (pid > 0 && kill(pid, SIGKILL) == 0) waitpid(pid, nullptr, 0);
    }
  } reaper{child};
  char got = 0;
  ASSERT_EQ(read(ready[0], &got, 1), 1);
  close(ready[0]);
  ASSERT_EQ(got, '1');
  EXPECT_FALSE(Lock(path_).has_value());
  kill(child, SIGKILL);  // as kill -9 of a daemon mid-file
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  reaper.pid = -1;
  EXPECT_TRUE(Lock(path_).has_value());
}

}  // namespace
}  // namespace m2drop::inbox
