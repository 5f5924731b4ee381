// SPDX-License-Identifier: Apache-2.0
// Opening, creating and migrating ledger files (schema.h is private to
// ledger/, so it is seen through Ledger::Open; raw sqlite3 plays the other
// m2drop versions and the foreign files).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>
#include <thread>
#include <vector>

#include "m2drop/base/fake_clock.h"
#include "m2drop/ledger/ledger.h"
#include "m2drop/ledger/sqlite_ledger.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::ledger {
namespace {

using ::m2drop::testing::ScopedTempDir;
using ::testing::HasSubstr;

// Runs `sql` on the database at `path` with a connection of its own and
// returns the first column of the first row as text ("" for none).
std::string RawQuery(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  std::string result;
  int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
  EXPECT_EQ(rc, SQLITE_OK) << sqlite3_errmsg(db);
  rc = sqlite3_step(stmt);
  EXPECT_TRUE(rc == SQLITE_ROW || rc == SQLITE_DONE) << sqlite3_errmsg(db);
  if (rc == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
    result = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return result;
}

class LedgerSchemaTest : public ::testing::Test {
 protected:
  ScopedTempDir dir_;
  std::string path_ = SqliteLedger::PathIn(dir_.path().string());
  FakeClock clock_;
};

constexpr char kTables[] =
    "SELECT group_concat(name) FROM (SELECT name FROM sqlite_schema WHERE "
    "type = 'table' ORDER BY name)";

TEST_F(LedgerSchemaTest, NewFileGetsVersionTwoInWalMode) {
  auto ledger = SqliteLedger::Open(path_, clock_);
  ASSERT_OK(ledger);
  EXPECT_EQ(RawQuery(path_, "PRAGMA user_version"), "2");
  EXPECT_EQ(RawQuery(path_, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(RawQuery(path_, kTables),
            "files,pull_state,pulled_files,rows,sqlite_sequence,"
            "stock_versions");
}

// A ledger written by the m2drop before pulls (version 1) gains the pull
// tables and keeps its files.
TEST_F(LedgerSchemaTest, VersionOneIsMigratedKeepingItsFiles) {
  {
    auto ledger = SqliteLedger::Open(path_, clock_);
    ASSERT_OK(ledger);
    FileEntry e;
    e.profile = "ship";
    e.sha256 = "abc";
    ASSERT_OK((*ledger)->AddFile(e));
  }
  RawQuery(path_, "DROP TABLE pulled_files");
  RawQuery(path_, "DROP TABLE pull_state");
  RawQuery(path_, "PRAGMA user_version = 1");
  auto ledger = SqliteLedger::Open(path_, clock_);
  ASSERT_OK(ledger);
  EXPECT_EQ(RawQuery(path_, "PRAGMA user_version"), "2");
  EXPECT_EQ(RawQuery(path_, "SELECT count(*) FROM files"), "1");
  ASSERT_OK((*ledger)->RecordPulled({"ship", "a.csv", 3, 100, true, 0}));
  auto pulled = (*ledger)->PulledFiles("ship");
  ASSERT_OK(pulled);
  EXPECT_EQ(pulled->size(), 1u);
}

TEST_F(LedgerSchemaTest, DaemonsCreatingOneNewLedgerAtOnceAllSucceed) {
  // Two daemons started together on a fresh state_dir race to create the
  // schema; each attempt here is a fresh file, opened by 6 connections at
  // once (each its own connection, as separate processes would be).
  for (int round = 0; round < 10; ++round) {
    const std::string path =
        dir_.path().string() + "/race-" + std::to_string(round) + ".sqlite3";
    std::vector<Status> results(6);
    {
      std::vector<std::jthread> openers;
      for (Status& result : results) {
        openers.emplace_back([&path, &result, this] {
          result = SqliteLedger::Open(path, clock_).status();
        });
      }
    }
    for (const Status& result : results) EXPECT_OK(result);
  }
}

TEST_F(LedgerSchemaTest, ReopenKeepsTheData) {
  int64_t id = 0;
  {
    auto ledger = SqliteLedger::Open(path_, clock_);
    ASSERT_OK(ledger);
    FileEntry e;
    e.profile = "ship";
    e.sha256 = "abc";
    e.state = FileState::kProcessed;
    auto added = (*ledger)->AddFile(e);
    ASSERT_OK(added);
    id = *added;
    std::vector<RowEntry> rows = {{2, "applied", "", ""}};
    ASSERT_OK((*ledger)->RecordRows(id, rows));
  }
  auto reopened = SqliteLedger::Open(path_, clock_);
  ASSERT_OK(reopened);
  auto found = (*reopened)->FindProcessed("ship", "abc");
  ASSERT_OK(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, id);
  auto rows = (*reopened)->Rows(id);
  ASSERT_OK(rows);
  EXPECT_EQ(rows->size(), 1u);
}

TEST_F(LedgerSchemaTest, NewerSchemaIsRefusedNamingItsVersion) {
  { ASSERT_OK(SqliteLedger::Open(path_, clock_)); }
  RawQuery(path_, "PRAGMA user_version = 7");
  auto ledger = SqliteLedger::Open(path_, clock_);
  ASSERT_FALSE(ledger.ok());
  EXPECT_EQ(ledger.status().code(), StatusCode::kIo);
  EXPECT_THAT(ledger.status().message(), HasSubstr(path_));
  EXPECT_THAT(ledger.status().message(),
              HasSubstr("was written by a newer m2drop (schema 7)"));
}

TEST_F(LedgerSchemaTest, ForeignSqliteDatabaseIsNotALedger) {
  RawQuery(path_, "CREATE TABLE customers (id INTEGER)");
  auto ledger = SqliteLedger::Open(path_, clock_);
  ASSERT_FALSE(ledger.ok());
  EXPECT_EQ(ledger.status().code(), StatusCode::kIo);
  EXPECT_THAT(ledger.status().message(), HasSubstr("not an m2drop ledger"));
  // Nothing was added to the foreign database, nor its journal changed.
  EXPECT_EQ(RawQuery(path_, "SELECT count(*) FROM sqlite_schema"), "1");
  EXPECT_EQ(RawQuery(path_, "PRAGMA journal_mode"), "delete");
}

TEST_F(LedgerSchemaTest, FileThatIsNotSqliteIsIoNamingIt) {
  std::string path = dir_.WriteFile(
      "ledger.sqlite3", std::string(4096, 'x') + "order,tracking\n");
  auto ledger = SqliteLedger::Open(path, clock_);
  ASSERT_FALSE(ledger.ok());
  EXPECT_EQ(ledger.status().code(), StatusCode::kIo);
  EXPECT_THAT(ledger.status().message(), HasSubstr(path));
  EXPECT_THAT(ledger.status().message(), HasSubstr("not a database"));
}

TEST_F(LedgerSchemaTest, MissingStateDirIsIoNamingThePath) {
  std::string path = SqliteLedger::PathIn(dir_.Join("no/such/dir"));
  auto ledger = SqliteLedger::Open(path, clock_);
  ASSERT_FALSE(ledger.ok());
  EXPECT_EQ(ledger.status().code(), StatusCode::kIo);
  EXPECT_THAT(ledger.status().message(), HasSubstr(path));
  EXPECT_THAT(ledger.status().message(), HasSubstr("No such file"));
}

}  // namespace
}  // namespace m2drop::ledger
