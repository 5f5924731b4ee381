// SPDX-License-Identifier: Apache-2.0
// `m2drop watch` surviving what happens to daemons (issue 5, "Done when"):
// kill -9 in the middle of a 2,000-row file and SIGTERM during work both
// leave the file in work/, and the next start finishes it with no
// duplicate shipment or track in the simulator and a report that counts
// every row; an outage makes the file wait in work/ and it completes after
// the outage, with nothing in failed/.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "m2drop/base/clock.h"
#include "m2drop/ledger/ledger.h"
#include "m2drop/ledger/sqlite_ledger.h"
#include "testing/watch_process.h"

namespace m2drop {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::PollUntil;
using testing::ReadWholeFile;
using testing::TrackingCsv;
using testing::WatchProcess;
using testing::WatchSetup;

constexpr char kShipRoute[] = "POST /V1/order/{id}/ship";
constexpr int kBigRows = 2000;
// SIGTERM's file: long enough to outlast the 300 ms grace by far.
constexpr int kTermRows = 1000;

std::set<std::string> FilesIn(const fs::path& dir) {
  std::set<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().filename().string()[0] != '.') {
      names.insert(entry.path().filename().string());
    }
  }
  return names;
}

class WatchRecoveryTest : public ::testing::Test {
 protected:
  void StartSim(int orders, const std::vector<std::string>& args = {}) {
    sim_ = testing::StartSeededSim(dir_, orders, args);
    ASSERT_TRUE(sim_->started());
  }

  std::unique_ptr<WatchProcess> StartDaemon(const WatchSetup& setup = {}) {
    config_ = testing::WatchConfigToml(dir_, sim_->base_url(), setup);
    auto daemon = std::make_unique<WatchProcess>(config_);
    EXPECT_TRUE(daemon->WaitStarted());
    return daemon;
  }

  fs::path Dir(const std::string& name) const {
    return dir_.path() / "3pl" / name;
  }

  int64_t Ships() { return sim_->Count(kShipRoute, 200); }

  std::optional<ledger::FileEntry> OnlyLedgerFile() {
    auto ledger = ledger::SqliteLedger::Open(
        ledger::SqliteLedger::PathIn(dir_.Join("state")),
        RealClock::Instance());
    EXPECT_TRUE(ledger.ok()) << ledger.status();
    if (!ledger.ok()) return std::nullopt;
    auto files = (*ledger)->RecentFiles(10);
    EXPECT_TRUE(files.ok() && files->size() == 1u);
    if (!files.ok() || files->size() != 1u) return std::nullopt;
    return files->front();
  }

  // Every generated order 1..n has exactly one shipment with exactly one
  // track, TRK-<n>.
  void ExpectEachOrderShippedOnce(int n) {
    const json state = sim_->State();
    std::map<std::string, json> orders;
    for (const json& o : state["orders"]) {
      orders[o["increment_id"].get<std::string>()] = o;
    }
    int checked = 0;
    for (int i = 1; i <= n; ++i) {
      const json& o = orders[testing::GeneratedOrderNumber(i)];
      ASSERT_EQ(o["shipments"].size(), 1u) << o.dump();
      ASSERT_EQ(o["shipments"][0]["tracks"].size(), 1u) << o.dump();
      EXPECT_EQ(o["shipments"][0]["tracks"][0]["track_number"],
                "TRK-" + std::to_string(i));
      ++checked;
    }
    EXPECT_EQ(checked, n);
  }

  // The report of processed/big.csv counts all its `rows`, none failed.
  void ExpectCompleteReport(int rows) {
    const json report = json::parse(
        ReadWholeFile((Dir("processed") / "big.csv.report.json").string()),
        nullptr, false);
    ASSERT_FALSE(report.is_discarded());
    EXPECT_EQ(report["rows_total"], rows);
    EXPECT_EQ(
        report["applied"].get<int>() + report["already_present"].get<int>(),
        rows)
        << report["applied"] << " " << report["already_present"];
    EXPECT_EQ(report["failed"], 0);
    EXPECT_EQ(report["deferred"], 0);
    EXPECT_EQ(report["rows"].size(), static_cast<size_t>(rows));
  }

  // Drops big.csv (`rows` rows) and waits until the simulator has applied
  // `ships` of them (the daemon is then in the middle of the file).
  void DropBigAndWaitForShips(WatchProcess& daemon, int rows, int64_t ships) {
    dir_.WriteFile("3pl/inbox/.big.csv", TrackingCsv(1, rows));
    ASSERT_EQ(rename((Dir("inbox") / ".big.csv").c_str(),
                     (Dir("inbox") / "big.csv").c_str()),
              0);
    ASSERT_TRUE(
        PollUntil([&] { return Ships() >= ships; }, seconds(15), {&daemon}))
        << daemon.log();
    ASSERT_LT(Ships(), rows) << "the file ended before the interruption";
  }

  testing::ScopedTempDir dir_;
  std::unique_ptr<testing::SimProcess> sim_;
  std::string config_;
};

TEST_F(WatchRecoveryTest, KillNineMidFileThenRestartFinishesWithoutDoubles) {
  StartSim(kBigRows, {"--latency-ms", "5"});
  auto first = StartDaemon();
  DropBigAndWaitForShips(*first, kBigRows, 300);
  first->child().Signal(SIGKILL);
  testing::ProcessResult killed = first->child().Wait(seconds(5));
  EXPECT_EQ(killed.signal, SIGKILL);
  EXPECT_EQ(FilesIn(Dir("work")), std::set<std::string>{"big.csv"});

  auto second = StartDaemon();
  ASSERT_TRUE(PollUntil(
      [&] { return fs::exists(Dir("processed") / "big.csv.report.json"); },
      seconds(40), {second.get()}))
      << second->log();
  EXPECT_TRUE(FilesIn(Dir("work")).empty());
  EXPECT_TRUE(FilesIn(Dir("failed")).empty());
  ExpectEachOrderShippedOnce(kBigRows);
  ExpectCompleteReport(kBigRows);
  EXPECT_EQ(Ships(), kBigRows);
  std::optional<ledger::FileEntry> entry = OnlyLedgerFile();
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->state, ledger::FileState::kProcessed);
  EXPECT_EQ(entry->attempts, 2);
}

TEST_F(WatchRecoveryTest, SigtermDuringWorkExitsInGraceAndNextStartFinishes) {
  StartSim(kTermRows, {"--latency-ms", "20"});
  WatchSetup setup;
  setup.shutdown_grace = "300ms";
  auto first = StartDaemon(setup);
  DropBigAndWaitForShips(*first, kTermRows, 200);
  const SteadyTime signalled = RealClock::Instance().Now();
  first->child().Signal(SIGTERM);
  testing::ProcessResult stopped = first->child().Wait(seconds(10));
  const auto took = RealClock::Instance().Now() - signalled;
  EXPECT_EQ(stopped.exit_code, 0) << stopped.err;
  EXPECT_LT(took, seconds(3)) << "grace 300 ms";
  EXPECT_NE(stopped.err.find("state=waiting"), std::string::npos)
      << stopped.err;
  EXPECT_EQ(FilesIn(Dir("work")), std::set<std::string>{"big.csv"});
  std::optional<ledger::FileEntry> waiting = OnlyLedgerFile();
  ASSERT_TRUE(waiting);
  EXPECT_EQ(waiting->state, ledger::FileState::kWaiting);
  EXPECT_GT(waiting->deferred, 0u);

  auto second = StartDaemon(setup);
  ASSERT_TRUE(PollUntil(
      [&] { return fs::exists(Dir("processed") / "big.csv.report.json"); },
      seconds(40), {second.get()}))
      << second->log();
  ExpectEachOrderShippedOnce(kTermRows);
  ExpectCompleteReport(kTermRows);
  EXPECT_EQ(Ships(), kTermRows);
}

TEST_F(WatchRecoveryTest, OutageMakesTheFileWaitThenItCompletes) {
  StartSim(3);
  WatchSetup setup;
  setup.retry_toml =
      "[retry]\ninitial_backoff = \"10ms\"\nmax_backoff = \"50ms\"\n"
      "give_up_after = \"500ms\"\nbreaker_failures = 3\n"
      "breaker_cooldown = \"300ms\"\n";
  auto daemon = StartDaemon(setup);
  testing::SetSimFaults(*sim_, {{"outage", true}});
  dir_.WriteFile("3pl/inbox/drop.csv", TrackingCsv(1, 3));
  ASSERT_TRUE(PollUntil(
      [&] { return daemon->log().find("state=waiting") != std::string::npos; },
      seconds(10), {daemon.get()}))
      << daemon->log();
  EXPECT_EQ(FilesIn(Dir("work")), std::set<std::string>{"drop.csv"});
  EXPECT_TRUE(FilesIn(Dir("failed")).empty());

  testing::SetSimFaults(*sim_, {{"outage", false}});
  ASSERT_TRUE(PollUntil(
      [&] { return fs::exists(Dir("processed") / "drop.csv.report.json"); },
      seconds(15), {daemon.get()}))
      << daemon->log();
  EXPECT_TRUE(FilesIn(Dir("failed")).empty());
  EXPECT_TRUE(FilesIn(Dir("work")).empty());
  EXPECT_EQ(Ships(), 3);
  std::optional<ledger::FileEntry> entry = OnlyLedgerFile();
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->state, ledger::FileState::kProcessed);
  EXPECT_GE(entry->attempts, 2);
}

}  // namespace
}  // namespace m2drop
