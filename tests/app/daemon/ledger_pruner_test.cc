// SPDX-License-Identifier: Apache-2.0
// LedgerPruner over the real ledger on SQLite :memory:.
#include "m2drop/app/daemon/ledger_pruner.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

#include "m2drop/base/fake_clock.h"
#include "m2drop/ledger/sqlite_ledger.h"
#include "testing/status_matchers.h"

namespace m2drop::app {
namespace {

using std::chrono::hours;

constexpr auto kRetention = hours(24 * 90);

class LedgerPrunerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = ledger::SqliteLedger::Open(":memory:", ledger_clock_);
    ASSERT_OK(opened);
    ledger_ = std::move(opened).value();
  }

  // A processed file with `rows` row outcomes, stamped by ledger_clock_.
  int64_t AddProcessed(const std::string& sha256, int rows) {
    ledger::FileEntry e;
    e.profile = "erp";
    e.name = sha256 + ".csv";
    e.sha256 = sha256;
    auto id = ledger_->AddFile(e);
    EXPECT_OK(id);
    e.id = id.value_or(0);
    std::vector<ledger::RowEntry> entries;
    for (int i = 0; i < rows; ++i) {
      entries.push_back({static_cast<uint64_t>(i + 2), "applied", "", ""});
    }
    EXPECT_OK(ledger_->RecordRows(e.id, entries));
    e.state = ledger::FileState::kProcessed;
    EXPECT_OK(ledger_->UpdateFile(e));
    return e.id;
  }
  bool Exists(int64_t id) {
    auto got = ledger_->GetFile(id);
    return got.ok() && got->has_value();
  }

  FakeClock ledger_clock_;
  std::unique_ptr<ledger::Ledger> ledger_;
};

// More rows than one step deletes: RunOnce goes on until nothing is left.
TEST_F(LedgerPrunerTest, RunOncePrunesEverythingOlderThanTheRetention) {
  const int64_t old_big = AddProcessed("old-big", 12'000);
  const int64_t old_small = AddProcessed("old-small", 3);
  ledger_clock_.Advance(kRetention + hours(1));
  const int64_t recent = AddProcessed("recent", 3);
  LedgerPruner pruner(*ledger_, ledger_clock_, kRetention);
  auto done = pruner.RunOnce();
  ASSERT_OK(done);
  EXPECT_EQ(done->files, 2u);
  EXPECT_EQ(done->rows, 12'003u);
  EXPECT_FALSE(Exists(old_big));
  EXPECT_FALSE(Exists(old_small));
  EXPECT_TRUE(Exists(recent));
}

// The thread prunes at start and stops at once when asked (it would
// otherwise wait a day for its next run).
TEST_F(LedgerPrunerTest, StartPrunesAtOnceAndStopInterruptsTheWait) {
  ledger_clock_.SetWallNow(WallTime() + hours(24 * 365 * 40));  // 2010
  const int64_t old = AddProcessed("old", 10);
  LedgerPruner pruner(*ledger_, RealClock::Instance(), kRetention);
  pruner.Start();
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (Exists(old) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_FALSE(Exists(old));
  const auto stopping = std::chrono::steady_clock::now();
  pruner.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - stopping,
            std::chrono::seconds(2));
}

}  // namespace
}  // namespace m2drop::app
