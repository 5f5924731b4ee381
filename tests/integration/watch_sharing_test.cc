// SPDX-License-Identifier: Apache-2.0
// Two `m2drop watch` processes on one inbox and one ledger (issue 5, "Done
// when"): the claim rename and the WorkLock make them share 20 files
// without a single double processing — every file is filed once, the
// ledger has one entry per file, and the simulator one shipment per order.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <set>
#include <string>

#include "m2drop/base/clock.h"
#include "m2drop/ledger/ledger.h"
#include "m2drop/ledger/sqlite_ledger.h"
#include "testing/watch_process.h"

namespace m2drop {
namespace {

namespace fs = std::filesystem;
using std::chrono::seconds;
using testing::PollUntil;
using testing::WatchProcess;

constexpr char kShipRoute[] = "POST /V1/order/{id}/ship";
constexpr int kFiles = 20;

size_t CountFiles(const fs::path& dir, const std::string& suffix) {
  size_t n = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() >= suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      ++n;
    }
  }
  return n;
}

TEST(WatchSharingTest, TwoDaemonsOnOneInboxProcessEachFileExactlyOnce) {
  testing::ScopedTempDir dir;
  auto sim = testing::StartSeededSim(dir, kFiles);
  ASSERT_TRUE(sim->started());
  testing::WatchSetup setup;
  setup.workers = 2;
  const std::string config =
      testing::WatchConfigToml(dir, sim->base_url(), setup);
  // One after the other: two processes creating a new ledger file in the
  // same instant is the ledger's concern (ledger tests), not this test's.
  WatchProcess a(config);
  ASSERT_TRUE(a.WaitStarted());
  WatchProcess b(config);
  ASSERT_TRUE(b.WaitStarted());

  const fs::path inbox = dir.path() / "3pl/inbox";
  for (int n = 1; n <= kFiles; ++n) {
    const std::string name = "drop-" + std::to_string(n) + ".csv";
    dir.WriteFile("3pl/inbox/." + name, testing::TrackingCsv(n, n));
    ASSERT_EQ(rename((inbox / ("." + name)).c_str(), (inbox / name).c_str()),
              0);
  }
  const fs::path processed = dir.path() / "3pl/processed";
  ASSERT_TRUE(
      PollUntil([&] { return CountFiles(processed, ".report.json") == kFiles; },
                seconds(20), {&a, &b}))
      << "daemon a:\n"
      << a.log() << "\ndaemon b:\n"
      << b.log();
  // Give a double pick-up the time to show itself.
  PollUntil([] { return false; }, seconds(1), {&a, &b});

  EXPECT_EQ(CountFiles(processed, ".csv"), static_cast<size_t>(kFiles));
  EXPECT_EQ(CountFiles(processed, ".report.json"), static_cast<size_t>(kFiles));
  EXPECT_EQ(CountFiles(dir.path() / "3pl/failed", ""), 0u);
  EXPECT_EQ(CountFiles(dir.path() / "3pl/work", ".csv"), 0u);
  EXPECT_EQ(a.CountInLog("state=processed") + b.CountInLog("state=processed"),
            static_cast<size_t>(kFiles));
  EXPECT_EQ(a.CountInLog("state=claimed") + b.CountInLog("state=claimed"),
            static_cast<size_t>(kFiles));

  auto ledger = ledger::SqliteLedger::Open(
      ledger::SqliteLedger::PathIn(dir.Join("state")), RealClock::Instance());
  ASSERT_TRUE(ledger.ok()) << ledger.status();
  auto files = (*ledger)->RecentFiles(100);
  ASSERT_TRUE(files.ok()) << files.status();
  EXPECT_EQ(files->size(), static_cast<size_t>(kFiles));
  std::set<std::string> names;
  for (const ledger::FileEntry& f : *files) {
    EXPECT_EQ(f.state, ledger::FileState::kProcessed) << f.name;
    EXPECT_EQ(f.attempts, 1) << f.name;
    names.insert(f.name);
  }
  EXPECT_EQ(names.size(), static_cast<size_t>(kFiles));

  EXPECT_EQ(sim->Count(kShipRoute, 200), kFiles);
  for (int n = 1; n <= kFiles; ++n) {
    EXPECT_EQ(sim->Order(testing::GeneratedOrderNumber(n))["shipments"].size(),
              1u);
  }
}

}  // namespace
}  // namespace m2drop
