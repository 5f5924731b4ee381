// SPDX-License-Identifier: Apache-2.0
#include "m2drop/ledger/state_dir.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "m2drop/base/fake_clock.h"
#include "m2drop/ledger/ledger.h"
#include "m2drop/ledger/sqlite_ledger.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::ledger {
namespace {

mode_t ModeOf(const std::string& path) {
  struct stat st;
  EXPECT_EQ(stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

class StateDirTest : public ::testing::Test {
 protected:
  testing::ScopedTempDir dir_;
  FakeClock clock_;
};

// Issue 17: the ledger was created 0644 in a 0755 state directory, so every
// local user could read file names, paths and row messages.
TEST_F(StateDirTest, NewStateDirAndLedgerArePrivate) {
  const std::string state = dir_.Join("var/lib/m2drop");
  ASSERT_OK(MakeStateDir(state));
  EXPECT_EQ(ModeOf(state), 0700u);
  const std::string path = SqliteLedger::PathIn(state);
  auto ledger = SqliteLedger::Open(path, clock_);
  ASSERT_OK(ledger);
  FileEntry e;
  e.profile = "3pl";
  e.name = "drop.csv";
  ASSERT_OK((*ledger)->AddFile(e));  // a write: the WAL exists now
  for (const std::string& file : {path, path + "-wal", path + "-shm"}) {
    ASSERT_TRUE(std::filesystem::exists(file)) << file;
    EXPECT_EQ(ModeOf(file), 0600u) << file;
  }
}

TEST_F(StateDirTest, AnOlderLedgerOthersCouldReadIsMadePrivate) {
  const std::string path = SqliteLedger::PathIn(dir_.path().string());
  { ASSERT_OK(SqliteLedger::Open(path, clock_)); }
  ASSERT_EQ(chmod(path.c_str(), 0644), 0);
  dir_.WriteFile("ledger.sqlite3-wal", "");
  ASSERT_EQ(chmod((path + "-wal").c_str(), 0664), 0);
  auto reopened = SqliteLedger::Open(path, clock_);  // kept open: the WAL stays
  ASSERT_OK(reopened);
  EXPECT_EQ(ModeOf(path), 0600u);
  EXPECT_EQ(ModeOf(path + "-wal"), 0600u);
}

TEST_F(StateDirTest, AnExistingStateDirIsKeptAndAFileInTheWayIsAnError) {
  const std::string state = dir_.Join("state");
  ASSERT_TRUE(std::filesystem::create_directory(state));
  ASSERT_EQ(chmod(state.c_str(), 0750), 0);
  ASSERT_OK(MakeStateDir(state));
  EXPECT_EQ(ModeOf(state), 0750u);
  dir_.WriteFile("file", "");
  EXPECT_EQ(MakeStateDir(dir_.Join("file")).code(), StatusCode::kIo);
}

TEST_F(StateDirTest, MemoryLedgersAreLeftAlone) {
  EXPECT_OK(MakeLedgerPrivate(":memory:"));
  EXPECT_FALSE(std::filesystem::exists(":memory:"));
}

}  // namespace
}  // namespace m2drop::ledger
