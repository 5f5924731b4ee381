// SPDX-License-Identifier: Apache-2.0
// The SQLite connection under the ledger (sqlite.h is private to ledger/,
// so it is seen through Ledger): WAL sharing between connections, bound
// values that would break string-built SQL, and damage reported as errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>

#include "m2drop/base/fake_clock.h"
#include "m2drop/ledger/ledger.h"
#include "m2drop/ledger/sqlite_ledger.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::ledger {
namespace {

using ::m2drop::testing::ScopedTempDir;
using ::testing::HasSubstr;

class LedgerSqliteTest : public ::testing::Test {
 protected:
  std::unique_ptr<Ledger> OpenLedger() {
    auto ledger = SqliteLedger::Open(path_, clock_);
    EXPECT_OK(ledger);
    return ledger.ok() ? std::move(ledger).value() : nullptr;
  }

  // A raw connection of its own, as another process would have.
  sqlite3* RawOpen() {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    return db;
  }

  static FileEntry Entry(std::string sha256, FileState state) {
    FileEntry e;
    e.profile = "ship";
    e.sha256 = std::move(sha256);
    e.state = state;
    return e;
  }

  ScopedTempDir dir_;
  std::string path_ = SqliteLedger::PathIn(dir_.path().string());
  FakeClock clock_;
};

TEST_F(LedgerSqliteTest, TwoLedgersOnOneFileSeeEachOthersWrites) {
  std::unique_ptr<Ledger> a = OpenLedger();
  std::unique_ptr<Ledger> b = OpenLedger();
  ASSERT_TRUE(a && b);
  auto id = a->AddFile(Entry("abc", FileState::kProcessed));
  ASSERT_OK(id);
  auto seen = b->FindProcessed("ship", "abc");
  ASSERT_OK(seen);
  ASSERT_TRUE(seen->has_value());
  EXPECT_EQ((*seen)->id, *id);

  auto id2 = b->AddFile(Entry("def", FileState::kWaiting));
  ASSERT_OK(id2);
  auto waiting = a->FilesInState(FileState::kWaiting);
  ASSERT_OK(waiting);
  ASSERT_EQ(waiting->size(), 1u);
  EXPECT_EQ((*waiting)[0].id, *id2);
}

TEST_F(LedgerSqliteTest, ReadsGoOnWhileAnotherConnectionWrites) {
  std::unique_ptr<Ledger> ledger = OpenLedger();
  ASSERT_TRUE(ledger);
  ASSERT_OK(ledger->AddFile(Entry("abc", FileState::kProcessed)));
  sqlite3* other = RawOpen();
  // WAL: a reader is not blocked by a writer holding its transaction open.
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE; UPDATE files SET note = 'x';",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  auto found = ledger->FindProcessed("ship", "abc");
  ASSERT_OK(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->note, "");  // the uncommitted write is not seen
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
}

TEST_F(LedgerSqliteTest, ValuesAreBoundNotSpliced) {
  std::unique_ptr<Ledger> ledger = OpenLedger();
  ASSERT_TRUE(ledger);
  std::string hostile = "x'); DROP TABLE files; --";
  std::string with_nul("a\0b", 3);
  FileEntry e = Entry(hostile, FileState::kClaimed);
  e.note = with_nul;
  auto id = ledger->AddFile(e);
  ASSERT_OK(id);
  std::vector<RowEntry> rows = {{2, "failed", "bad", "quote ' and \" é"}};
  ASSERT_OK(ledger->RecordRows(*id, rows));
  auto found = ledger->FindUnfinished("ship", hostile);
  ASSERT_OK(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->note, with_nul);
  auto stored = ledger->Rows(*id);
  ASSERT_OK(stored);
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_EQ((*stored)[0].message, "quote ' and \" é");
}

TEST_F(LedgerSqliteTest, UnknownStateInTheFileIsIoNamingIt) {
  std::unique_ptr<Ledger> ledger = OpenLedger();
  ASSERT_TRUE(ledger);
  auto id = ledger->AddFile(Entry("abc", FileState::kClaimed));
  ASSERT_OK(id);
  sqlite3* other = RawOpen();
  ASSERT_EQ(sqlite3_exec(other, "UPDATE files SET state = 'lost'", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(other);
  auto got = ledger->GetFile(*id);
  EXPECT_EQ(got.status().code(), StatusCode::kIo);
  EXPECT_THAT(got.status().message(), HasSubstr("unknown state \"lost\""));
  EXPECT_THAT(got.status().message(), HasSubstr(path_));
}

TEST_F(LedgerSqliteTest, DroppedTableIsIoNamingTheOperation) {
  std::unique_ptr<Ledger> ledger = OpenLedger();
  ASSERT_TRUE(ledger);
  sqlite3* other = RawOpen();
  ASSERT_EQ(sqlite3_exec(other, "DROP TABLE stock_versions", nullptr, nullptr,
                         nullptr),
            SQLITE_OK);
  sqlite3_close(other);
  std::vector<StockKey> keys = {{"SKU", "default"}};
  auto found = ledger->LastStockVersions(keys);
  EXPECT_EQ(found.status().code(), StatusCode::kIo);
  EXPECT_THAT(found.status().message(), HasSubstr("no such table"));
  EXPECT_THAT(found.status().message(), HasSubstr("SELECT kind, value"));
  // The failed call left no transaction open: the ledger still writes.
  EXPECT_OK(ledger->AddFile(Entry("abc", FileState::kClaimed)));
}

// Not a timing assertion: the cost of a batch on a real file (WAL,
// synchronous=NORMAL), for the report.
TEST_F(LedgerSqliteTest, HundredThousandRowsOnAFile) {
  std::unique_ptr<Ledger> ledger = OpenLedger();
  ASSERT_TRUE(ledger);
  auto id = ledger->AddFile(Entry("big", FileState::kClaimed));
  ASSERT_OK(id);
  std::vector<RowEntry> rows;
  for (uint64_t line = 2; line < 100'002; ++line) {
    rows.push_back({line, "applied", "", ""});
  }
  auto start = std::chrono::steady_clock::now();
  ASSERT_OK(ledger->RecordRows(*id, rows));
  auto elapsed = std::chrono::steady_clock::now() - start;
  std::cout
      << "[ measure  ] RecordRows 100000 rows (file, WAL): "
      << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()
      << " ms\n";
  auto stored = ledger->Rows(*id);
  ASSERT_OK(stored);
  EXPECT_EQ(stored->size(), 100'000u);
}

}  // namespace
}  // namespace m2drop::ledger
