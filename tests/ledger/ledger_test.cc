// SPDX-License-Identifier: Apache-2.0
// The ledger's queries on a private in-memory database (STYLE.md §4: no
// fake ledger, the real one on :memory:).
#include "m2drop/ledger/ledger.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <set>
#include <thread>

#include "m2drop/base/fake_clock.h"
#include "m2drop/ledger/sqlite_ledger.h"
#include "testing/status_matchers.h"

namespace m2drop::ledger {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr int64_t kStartMs = 1795255200000;  // FakeClock's wall start

FileEntry Entry(std::string profile, std::string sha256,
                FileState state = FileState::kClaimed) {
  FileEntry e;
  e.profile = std::move(profile);
  e.name = "drop.csv";
  e.sha256 = std::move(sha256);
  e.size = 42;
  e.state = state;
  e.path = "/srv/work/drop.csv";
  return e;
}

std::vector<int64_t> Ids(const std::vector<FileEntry>& entries) {
  std::vector<int64_t> ids;
  for (const FileEntry& e : entries) ids.push_back(e.id);
  return ids;
}

class LedgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = SqliteLedger::Open(":memory:", clock_);
    ASSERT_OK(opened);
    ledger_ = std::move(opened).value();
  }

  int64_t Add(const FileEntry& e) {
    auto id = ledger_->AddFile(e);
    EXPECT_OK(id);
    return id.value_or(0);
  }
  FileEntry Get(int64_t id) {
    auto got = ledger_->GetFile(id);
    EXPECT_OK(got);
    if (!got.ok() || !got->has_value()) {
      ADD_FAILURE() << "no file " << id;
      return FileEntry{};
    }
    return **got;
  }
  void Tick() { clock_.Advance(std::chrono::milliseconds(1000)); }

  FakeClock clock_;
  std::unique_ptr<Ledger> ledger_;
};

TEST_F(LedgerTest, FileStateNamesRoundTrip) {
  for (FileState s :
       {FileState::kClaimed, FileState::kWaiting, FileState::kProcessed,
        FileState::kFailed, FileState::kDuplicate}) {
    EXPECT_EQ(ParseFileState(FileStateName(s)), s);
  }
  EXPECT_EQ(FileStateName(FileState::kWaiting), "waiting");
  EXPECT_EQ(ParseFileState("Processed"), std::nullopt);
}

TEST_F(LedgerTest, PathInNamesTheFileInTheStateDir) {
  EXPECT_EQ(SqliteLedger::PathIn("/var/lib/m2drop"),
            "/var/lib/m2drop/ledger.sqlite3");
}

TEST_F(LedgerTest, AddFileStoresEveryFieldAndStampsTimes) {
  FileEntry e = Entry("ship", "abc");
  e.id = 999;  // ignored
  e.report_json = "r.json";
  e.errors_csv = "e.csv";
  e.claimed_at_ms = 5;  // ignored: set by AddFile
  e.rows_total = 10;
  e.applied = 1;
  e.already_present = 2;
  e.stale = 3;
  e.failed = 4;
  e.deferred = 5;
  e.attempts = 6;
  e.note = "why \"quoted\" — ünïcode";
  int64_t id = Add(e);
  EXPECT_NE(id, 999);
  FileEntry got = Get(id);
  EXPECT_EQ(got.id, id);
  EXPECT_EQ(got.profile, "ship");
  EXPECT_EQ(got.name, "drop.csv");
  EXPECT_EQ(got.sha256, "abc");
  EXPECT_EQ(got.size, 42u);
  EXPECT_EQ(got.state, FileState::kClaimed);
  EXPECT_EQ(got.path, "/srv/work/drop.csv");
  EXPECT_EQ(got.report_json, "r.json");
  EXPECT_EQ(got.errors_csv, "e.csv");
  EXPECT_EQ(got.claimed_at_ms, kStartMs);
  EXPECT_EQ(got.updated_at_ms, kStartMs);
  EXPECT_EQ(got.finished_at_ms, 0);
  EXPECT_EQ(got.rows_total, 10u);
  EXPECT_EQ(got.applied, 1u);
  EXPECT_EQ(got.already_present, 2u);
  EXPECT_EQ(got.stale, 3u);
  EXPECT_EQ(got.failed, 4u);
  EXPECT_EQ(got.deferred, 5u);
  EXPECT_EQ(got.attempts, 6);
  EXPECT_EQ(got.note, e.note);
}

TEST_F(LedgerTest, AddFileInAFinalStateIsFinishedAtOnce) {
  int64_t id = Add(Entry("ship", "abc", FileState::kDuplicate));
  EXPECT_EQ(Get(id).finished_at_ms, kStartMs);
}

TEST_F(LedgerTest, GetFileOfUnknownIdIsEmpty) {
  auto got = ledger_->GetFile(12345);
  ASSERT_OK(got);
  EXPECT_FALSE(got->has_value());
}

TEST_F(LedgerTest, UpdateFileOverwritesAllButIdAndClaimedAt) {
  int64_t id = Add(Entry("ship", "abc"));
  Tick();
  FileEntry e = Get(id);
  e.state = FileState::kWaiting;
  e.claimed_at_ms = 1;
  e.path = "/srv/work/other.csv";
  e.deferred = 7;
  e.attempts = 2;
  e.note = "Magento unavailable";
  ASSERT_OK(ledger_->UpdateFile(e));
  FileEntry got = Get(id);
  EXPECT_EQ(got.state, FileState::kWaiting);
  EXPECT_EQ(got.claimed_at_ms, kStartMs);
  EXPECT_EQ(got.updated_at_ms, kStartMs + 1000);
  EXPECT_EQ(got.finished_at_ms, 0);
  EXPECT_EQ(got.path, "/srv/work/other.csv");
  EXPECT_EQ(got.deferred, 7u);
  EXPECT_EQ(got.attempts, 2);
  EXPECT_EQ(got.note, "Magento unavailable");
}

TEST_F(LedgerTest, UpdateFileSetsFinishedAtWhenFinalAndKeepsIt) {
  int64_t id = Add(Entry("ship", "abc"));
  Tick();
  FileEntry e = Get(id);
  e.state = FileState::kProcessed;
  ASSERT_OK(ledger_->UpdateFile(e));
  EXPECT_EQ(Get(id).finished_at_ms, kStartMs + 1000);

  Tick();  // a later write (say, the report's path) keeps the finish time
  e.report_json = "/srv/processed/drop.csv.report.json";
  ASSERT_OK(ledger_->UpdateFile(e));
  FileEntry got = Get(id);
  EXPECT_EQ(got.finished_at_ms, kStartMs + 1000);
  EXPECT_EQ(got.updated_at_ms, kStartMs + 2000);
}

TEST_F(LedgerTest, UpdateFileOfUnknownIdIsNotFound) {
  FileEntry e = Entry("ship", "abc");
  e.id = 77;
  Status s = ledger_->UpdateFile(e);
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_THAT(s.message(), HasSubstr("77"));
}

TEST_F(LedgerTest, FindUnfinishedChoosesTheNewestOfThisProfileAndContent) {
  int64_t older = Add(Entry("ship", "abc", FileState::kWaiting));
  Tick();
  int64_t newer = Add(Entry("ship", "abc", FileState::kClaimed));
  Tick();
  Add(Entry("ship", "abc", FileState::kFailed));
  Add(Entry("stock", "abc", FileState::kClaimed));
  Add(Entry("ship", "def", FileState::kClaimed));

  auto found = ledger_->FindUnfinished("ship", "abc");
  ASSERT_OK(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, newer);

  FileEntry done = Get(newer);
  done.state = FileState::kProcessed;
  ASSERT_OK(ledger_->UpdateFile(done));
  found = ledger_->FindUnfinished("ship", "abc");
  ASSERT_OK(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, older);

  found = ledger_->FindUnfinished("other", "abc");
  ASSERT_OK(found);
  EXPECT_FALSE(found->has_value());
}

TEST_F(LedgerTest, FindProcessedChoosesTheNewestProcessedEntry) {
  Add(Entry("ship", "abc", FileState::kProcessed));
  Tick();
  int64_t newest = Add(Entry("ship", "abc", FileState::kProcessed));
  Tick();
  Add(Entry("ship", "abc", FileState::kDuplicate));
  Add(Entry("ship", "abc", FileState::kClaimed));
  Add(Entry("stock", "abc", FileState::kProcessed));

  auto found = ledger_->FindProcessed("ship", "abc");
  ASSERT_OK(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, newest);

  found = ledger_->FindProcessed("ship", "zzz");
  ASSERT_OK(found);
  EXPECT_FALSE(found->has_value());
}

TEST_F(LedgerTest, RecentFilesAreNewestUpdateFirstAndLimited) {
  int64_t a = Add(Entry("ship", "a"));
  Tick();
  int64_t b = Add(Entry("ship", "b"));
  Tick();
  int64_t c = Add(Entry("ship", "c"));
  Tick();
  FileEntry touched = Get(a);  // a was written last: it comes first
  touched.attempts = 2;
  ASSERT_OK(ledger_->UpdateFile(touched));

  auto recent = ledger_->RecentFiles(2);
  ASSERT_OK(recent);
  EXPECT_THAT(Ids(*recent), ElementsAre(a, c));
  recent = ledger_->RecentFiles(100);
  ASSERT_OK(recent);
  EXPECT_THAT(Ids(*recent), ElementsAre(a, c, b));
  recent = ledger_->RecentFiles(0);
  ASSERT_OK(recent);
  EXPECT_TRUE(recent->empty());
}

TEST_F(LedgerTest, LastFileOfIsTheProfilesNewestClaim) {
  int64_t a = Add(Entry("ship", "a"));
  Tick();
  Add(Entry("stock", "b"));
  Tick();
  int64_t c = Add(Entry("ship", "c"));
  Tick();
  ASSERT_OK(ledger_->UpdateFile(Get(a)));  // updated later, claimed earlier
  auto last = ledger_->LastFileOf("ship");
  ASSERT_OK(last);
  ASSERT_TRUE(last->has_value());
  EXPECT_EQ((*last)->id, c);
  last = ledger_->LastFileOf("none");
  ASSERT_OK(last);
  EXPECT_FALSE(last->has_value());
}

TEST_F(LedgerTest, FilesInStateAreOldestFirst) {
  int64_t first = Add(Entry("ship", "a", FileState::kWaiting));
  Tick();
  Add(Entry("ship", "b", FileState::kClaimed));
  int64_t second = Add(Entry("stock", "c", FileState::kWaiting));
  auto waiting = ledger_->FilesInState(FileState::kWaiting);
  ASSERT_OK(waiting);
  EXPECT_THAT(Ids(*waiting), ElementsAre(first, second));
  auto failed = ledger_->FilesInState(FileState::kFailed);
  ASSERT_OK(failed);
  EXPECT_TRUE(failed->empty());
}

TEST_F(LedgerTest, RecordRowsReplacesByLine) {
  int64_t id = Add(Entry("ship", "abc"));
  std::vector<RowEntry> first = {{2, "deferred", "unavailable", "503"},
                                 {3, "applied", "", ""}};
  ASSERT_OK(ledger_->RecordRows(id, first));
  std::vector<RowEntry> second = {{2, "applied", "", ""},
                                  {5, "failed", "no_order", "order 7 unknown"}};
  ASSERT_OK(ledger_->RecordRows(id, second));

  auto rows = ledger_->Rows(id);
  ASSERT_OK(rows);
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].line, 2u);
  EXPECT_EQ((*rows)[0].state, "applied");
  EXPECT_EQ((*rows)[0].code, "");
  EXPECT_EQ((*rows)[1].line, 3u);
  EXPECT_EQ((*rows)[2].line, 5u);
  EXPECT_EQ((*rows)[2].code, "no_order");
  EXPECT_EQ((*rows)[2].message, "order 7 unknown");

  int64_t other = Add(Entry("ship", "def"));
  auto none = ledger_->Rows(other);
  ASSERT_OK(none);
  EXPECT_TRUE(none->empty());
}

TEST_F(LedgerTest, RecordRowsOfUnknownFileIsNotFoundAndWritesNothing) {
  std::vector<RowEntry> rows = {{2, "applied", "", ""}};
  Status s = ledger_->RecordRows(404, rows);
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_THAT(s.message(), HasSubstr("404"));
  auto stored = ledger_->Rows(404);
  ASSERT_OK(stored);
  EXPECT_TRUE(stored->empty());
}

// Not a timing assertion: it records the cost for the report and proves
// 100,000 rows go through in one call.
TEST_F(LedgerTest, RecordRowsTakesAHundredThousandRowsInOneCall) {
  int64_t id = Add(Entry("ship", "big"));
  std::vector<RowEntry> rows;
  for (uint64_t line = 2; line < 100'002; ++line) {
    rows.push_back({line, "applied", "", ""});
  }
  auto start = std::chrono::steady_clock::now();
  ASSERT_OK(ledger_->RecordRows(id, rows));
  auto elapsed = std::chrono::steady_clock::now() - start;
  std::cout
      << "[ measure  ] RecordRows 100000 rows (:memory:): "
      << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()
      << " ms\n";
  auto stored = ledger_->Rows(id);
  ASSERT_OK(stored);
  ASSERT_EQ(stored->size(), 100'000u);
  EXPECT_EQ(stored->back().line, 100'001u);
}

TEST_F(LedgerTest, AddFileFromManyThreadsGivesDistinctIds) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 50;
  std::vector<std::vector<int64_t>> ids(kThreads);
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kPerThread; ++i) {
          auto id = ledger_->AddFile(Entry("ship", std::to_string(t)));
          ids[t].push_back(id.ok() ? *id : -1);
        }
      });
    }
  }
  std::set<int64_t> distinct;
  for (const auto& v : ids) distinct.insert(v.begin(), v.end());
  EXPECT_EQ(distinct.size(), size_t{kThreads * kPerThread});
  EXPECT_FALSE(distinct.contains(-1));
}

class LedgerStockTest : public LedgerTest {
 protected:
  using Stamps = std::vector<std::pair<StockKey, StockStamp>>;

  std::optional<StockStamp> Last(const StockKey& key) {
    std::vector<StockKey> keys = {key};
    auto found = ledger_->LastStockVersions(keys);
    EXPECT_OK(found);
    if (!found.ok() || !found->contains(key)) return std::nullopt;
    return found->at(key);
  }

  const StockKey kKey{"SKU-1", "default"};
};

TEST_F(LedgerStockTest, UnknownKeysHaveNoStamp) {
  std::vector<StockKey> keys = {kKey, {"SKU-2", "eu"}};
  auto found = ledger_->LastStockVersions(keys);
  ASSERT_OK(found);
  EXPECT_TRUE(found->empty());
}

TEST_F(LedgerStockTest, RecordsAndReadsStampsPerSkuAndSource) {
  Stamps stamps = {{kKey, {0, 100, "a.csv"}},
                   {{"SKU-1", "eu"}, {1, 7, "b.csv"}}};
  ASSERT_OK(ledger_->RecordStockVersions(stamps));
  std::optional<StockStamp> one = Last(kKey);
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(one->kind, 0);
  EXPECT_EQ(one->value, 100);
  EXPECT_EQ(one->file, "a.csv");
  std::optional<StockStamp> two = Last({"SKU-1", "eu"});
  ASSERT_TRUE(two.has_value());
  EXPECT_EQ(two->kind, 1);
  EXPECT_EQ(two->value, 7);
  EXPECT_FALSE(Last({"SKU-1", "us"}).has_value());
}

TEST_F(LedgerStockTest, OlderStampOfTheSameKindIsNotRecorded) {
  ASSERT_OK(ledger_->RecordStockVersions(Stamps{{kKey, {0, 100, "new.csv"}}}));
  ASSERT_OK(ledger_->RecordStockVersions(Stamps{{kKey, {0, 99, "old.csv"}}}));
  EXPECT_EQ(Last(kKey)->value, 100);
  EXPECT_EQ(Last(kKey)->file, "new.csv");
}

TEST_F(LedgerStockTest, NewerOrEqualStampOfTheSameKindReplaces) {
  ASSERT_OK(ledger_->RecordStockVersions(Stamps{{kKey, {1, 5, "a.csv"}}}));
  ASSERT_OK(ledger_->RecordStockVersions(Stamps{{kKey, {1, 6, "b.csv"}}}));
  EXPECT_EQ(Last(kKey)->value, 6);
  ASSERT_OK(ledger_->RecordStockVersions(Stamps{{kKey, {1, 6, "c.csv"}}}));
  EXPECT_EQ(Last(kKey)->file, "c.csv");
}

TEST_F(LedgerStockTest, StampOfAnotherKindReplacesWhateverItsValue) {
  ASSERT_OK(ledger_->RecordStockVersions(
      Stamps{{kKey, {0, 1795255200000, "ts.csv"}}}));
  ASSERT_OK(ledger_->RecordStockVersions(Stamps{{kKey, {1, 3, "seq.csv"}}}));
  std::optional<StockStamp> got = Last(kKey);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->kind, 1);
  EXPECT_EQ(got->value, 3);
}

TEST_F(LedgerStockTest, OneCallWithRepeatedKeysKeepsTheNewest) {
  Stamps stamps = {
      {kKey, {0, 10, "a"}}, {kKey, {0, 30, "b"}}, {kKey, {0, 20, "c"}}};
  ASSERT_OK(ledger_->RecordStockVersions(stamps));
  EXPECT_EQ(Last(kKey)->value, 30);
  EXPECT_EQ(Last(kKey)->file, "b");
}

// Not a timing assertion: it records the cost for the report and proves
// that many thousands of keys are looked up in one call.
TEST_F(LedgerStockTest, HundredThousandKeysInOneCall) {
  Stamps stamps;
  std::vector<StockKey> keys;
  for (int i = 0; i < 100'000; ++i) {
    StockKey key{"SKU-" + std::to_string(i), i % 2 ? "eu" : "default"};
    keys.push_back(key);
    if (i % 2 == 0) stamps.push_back({key, {0, i, "f.csv"}});
  }
  auto start = std::chrono::steady_clock::now();
  ASSERT_OK(ledger_->RecordStockVersions(stamps));
  auto recorded = std::chrono::steady_clock::now();
  auto found = ledger_->LastStockVersions(keys);
  auto looked_up = std::chrono::steady_clock::now();
  ASSERT_OK(found);
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  std::cout << "[ measure  ] RecordStockVersions 50000 stamps (:memory:): "
            << duration_cast<milliseconds>(recorded - start).count()
            << " ms; LastStockVersions 100000 keys: "
            << duration_cast<milliseconds>(looked_up - recorded).count()
            << " ms\n";
  EXPECT_EQ(found->size(), 50'000u);
  EXPECT_EQ(found->at(keys[99'998]).value, 99'998);
  EXPECT_FALSE(found->contains(keys[99'999]));
}

}  // namespace
}  // namespace m2drop::ledger
