// SPDX-License-Identifier: Apache-2.0
// Ledger::PruneStep (issue 17: the ledger grew about 111 bytes per row with
// nothing pruning it), on SQLite :memory: and on a file.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "m2drop/base/fake_clock.h"
#include "m2drop/ledger/ledger.h"
#include "m2drop/ledger/sqlite_ledger.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::ledger {
namespace {

using std::chrono::hours;

constexpr auto kRetention = hours(24 * 90);

class LedgerRetentionTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(":memory:"); }

  void Open(const std::string& path) {
    ledger_.reset();
    auto opened = SqliteLedger::Open(path, clock_);
    ASSERT_OK(opened);
    ledger_ = std::move(opened).value();
  }

  // A file of `profile` with content `sha256`, ending in `state`, with
  // `rows` row outcomes.
  int64_t AddFile(const std::string& sha256, FileState state, int rows) {
    FileEntry e;
    e.profile = "3pl";
    e.name = sha256 + ".csv";
    e.sha256 = sha256;
    auto id = ledger_->AddFile(e);
    EXPECT_OK(id);
    e.id = id.value_or(0);
    std::vector<RowEntry> entries;
    for (int i = 0; i < rows; ++i) {
      entries.push_back({static_cast<uint64_t>(i + 2), "failed",
                         "unknown_order",
                         "order 0000001 does not exist in Magento"});
    }
    EXPECT_OK(ledger_->RecordRows(e.id, entries));
    e.state = state;
    EXPECT_OK(ledger_->UpdateFile(e));
    return e.id;
  }

  bool Exists(int64_t id) {
    auto got = ledger_->GetFile(id);
    EXPECT_OK(got);
    return got.ok() && got->has_value();
  }
  size_t RowCount(int64_t id) {
    auto rows = ledger_->Rows(id);
    EXPECT_OK(rows);
    return rows.ok() ? rows->size() : 0;
  }
  WallTime Cutoff() const { return clock_.WallNow() - kRetention; }

  FakeClock clock_;
  std::unique_ptr<Ledger> ledger_;
};

TEST_F(LedgerRetentionTest, DeletesOnlyFinishedFilesOlderThanTheCutoff) {
  const int64_t processed = AddFile("p", FileState::kProcessed, 10);
  const int64_t failed = AddFile("f", FileState::kFailed, 3);
  const int64_t duplicate = AddFile("d", FileState::kDuplicate, 0);
  const int64_t waiting = AddFile("w", FileState::kWaiting, 5);
  const StockKey key{"SKU-1", "default"};
  const std::vector<std::pair<StockKey, StockStamp>> stamps = {
      {key, {0, 100, "p.csv"}}};
  ASSERT_OK(ledger_->RecordStockVersions(stamps));
  clock_.Advance(kRetention + hours(1));
  const int64_t recent = AddFile("r", FileState::kProcessed, 2);

  auto pruned = ledger_->PruneStep(Cutoff(), 1000);
  ASSERT_OK(pruned);
  EXPECT_EQ(pruned->files, 3u);
  EXPECT_EQ(pruned->rows, 13u);
  EXPECT_FALSE(pruned->more);
  for (int64_t id : {processed, failed, duplicate}) EXPECT_FALSE(Exists(id));
  // A restart resumes a waiting file whatever its age.
  EXPECT_TRUE(Exists(waiting));
  EXPECT_EQ(RowCount(waiting), 5u);
  EXPECT_TRUE(Exists(recent));
  EXPECT_EQ(RowCount(recent), 2u);
  // Duplicate detection forgets the old content; stale-update refusal
  // keeps the newest version per key.
  auto original = ledger_->FindProcessed("3pl", "p");
  ASSERT_OK(original);
  EXPECT_FALSE(original->has_value());
  auto versions = ledger_->LastStockVersions(std::vector<StockKey>{key});
  ASSERT_OK(versions);
  ASSERT_TRUE(versions->contains(key));
  EXPECT_EQ(versions->at(key).value, 100);

  auto again = ledger_->PruneStep(Cutoff(), 1000);
  ASSERT_OK(again);
  EXPECT_EQ(again->files, 0u);
  EXPECT_EQ(again->rows, 0u);
}

TEST_F(LedgerRetentionTest, EachStepDeletesAtMostMaxRows) {
  const int64_t big = AddFile("big", FileState::kProcessed, 25);
  const int64_t small = AddFile("small", FileState::kFailed, 4);
  clock_.Advance(kRetention + hours(1));
  std::vector<Ledger::PruneCounts> steps;
  for (int i = 0; i < 10; ++i) {
    auto step = ledger_->PruneStep(Cutoff(), 10);
    ASSERT_OK(step);
    steps.push_back(*step);
    if (!step->more) break;
  }
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[0].rows, 10u);
  EXPECT_EQ(steps[0].files, 0u);
  EXPECT_TRUE(steps[0].more);
  EXPECT_EQ(steps[1].rows, 10u);
  EXPECT_EQ(steps[2].rows, 9u);  // big's last 5, then small's 4
  EXPECT_EQ(steps[2].files, 2u);
  EXPECT_FALSE(steps[2].more);
  EXPECT_FALSE(Exists(big));
  EXPECT_FALSE(Exists(small));
}

// On disk, pruning keeps the file from growing: SQLite reuses the pages
// the deleted rows held.
TEST_F(LedgerRetentionTest, AFileLedgerStopsGrowing) {
  testing::ScopedTempDir dir;
  const std::string path = SqliteLedger::PathIn(dir.path().string());
  auto size_after_a_cycle = [&] {
    for (int f = 0; f < 10; ++f) {
      AddFile("c" + std::to_string(f), FileState::kProcessed, 1000);
    }
    clock_.Advance(kRetention + hours(1));
    for (int i = 0; i < 100; ++i) {
      auto step = ledger_->PruneStep(Cutoff(), 5000);
      EXPECT_OK(step);
      if (!step.ok() || !step->more) break;
    }
    Open(path);  // closing checkpoints the WAL into the file
    return std::filesystem::file_size(path);
  };
  Open(path);
  const auto first = size_after_a_cycle();
  uintmax_t last = first;
  for (int cycle = 0; cycle < 4; ++cycle) last = size_after_a_cycle();
  EXPECT_LE(last, first + first / 4) << "first " << first << ", last " << last;
}

}  // namespace
}  // namespace m2drop::ledger
