// SPDX-License-Identifier: Apache-2.0
// `m2drop watch` as the real binary against `m2drop sim` (issue 5, "Done
// when"): a file is picked up only when complete — a slow writer only after
// it stops, a .filepart upload once after its rename, a marker profile only
// once the marker is there — and 20 files dropped at once are each
// processed exactly once. Also the start-up and inbox-gone exits.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "m2drop/base/clock.h"
#include "m2drop/base/exit_codes.h"
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

int64_t WallMs() {
  return std::chrono::duration_cast<milliseconds>(
             RealClock::Instance().WallNow().time_since_epoch())
      .count();
}

class WatchPickupTest : public ::testing::Test {
 protected:
  void Start(int orders, const WatchSetup& setup = {}) {
    sim_ = testing::StartSeededSim(dir_, orders);
    ASSERT_TRUE(sim_->started());
    config_ = testing::WatchConfigToml(dir_, sim_->base_url(), setup);
    daemon_ = std::make_unique<WatchProcess>(config_);
    ASSERT_TRUE(daemon_->WaitStarted());
  }

  fs::path Dir(const std::string& name, const std::string& profile = "3pl") {
    return dir_.path() / profile / name;
  }

  bool WaitFor(const std::function<bool()>& cond, milliseconds timeout) {
    return PollUntil(cond, timeout, {daemon_.get()});
  }

  // Waits until `name` is filed under processed/ with its report.
  bool WaitProcessed(const std::string& name, milliseconds timeout,
                     const std::string& profile = "3pl") {
    return WaitFor(
        [&] {
          return fs::exists(Dir("processed", profile) /
                            (name + ".report.json"));
        },
        timeout);
  }

  // Every ledger entry, newest first.
  std::vector<ledger::FileEntry> LedgerFiles() {
    auto ledger = ledger::SqliteLedger::Open(
        ledger::SqliteLedger::PathIn(dir_.Join("state")),
        RealClock::Instance());
    EXPECT_TRUE(ledger.ok()) << ledger.status();
    if (!ledger.ok()) return {};
    auto files = (*ledger)->RecentFiles(1000);
    EXPECT_TRUE(files.ok()) << files.status();
    return files.ok() ? *files : std::vector<ledger::FileEntry>{};
  }

  json Report(const fs::path& path) {
    json j = json::parse(ReadWholeFile(path.string()), nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << path;
    return j;
  }

  testing::ScopedTempDir dir_;
  std::unique_ptr<testing::SimProcess> sim_;
  std::string config_;
  std::unique_ptr<WatchProcess> daemon_;
};

TEST_F(WatchPickupTest, SlowWriterIsClaimedOnlyAfterItStops) {
  WatchSetup setup;
  setup.settle = "400ms";
  Start(60, setup);
  const std::string path = (Dir("inbox") / "slow.csv").string();
  std::ofstream out(path, std::ios::binary);
  out << "order_number,tracking_number,carrier_code,title\n" << std::flush;
  int64_t last_write_ms = 0;
  // One line every 50 ms for 3 s; the file must stay in the inbox all along.
  for (int n = 1; n <= 60; ++n) {
    out << testing::GeneratedOrderNumber(n) << ",SLOW-" << n << ",ups,UPS\n"
        << std::flush;
    last_write_ms = WallMs();
    daemon_->Drain(milliseconds(50));
    ASSERT_TRUE(fs::exists(path))
        << "claimed while written, at line " << n << ":\n"
        << daemon_->log();
  }
  out.close();
  ASSERT_TRUE(WaitProcessed("slow.csv", seconds(15))) << daemon_->log();
  const std::vector<ledger::FileEntry> files = LedgerFiles();
  ASSERT_EQ(files.size(), 1u);
  EXPECT_GE(files[0].claimed_at_ms, last_write_ms + 300)
      << "claimed before the settle period after the last write";
  EXPECT_EQ(files[0].rows_total, 60u);
  EXPECT_EQ(files[0].applied, 60u);
  EXPECT_EQ(sim_->Count(kShipRoute, 200), 60);
}

TEST_F(WatchPickupTest, FilepartUploadIsPickedUpOnceAfterItsRename) {
  Start(3);
  const std::string part =
      dir_.WriteFile("3pl/inbox/upload.csv.filepart", TrackingCsv(1, 3));
  // Well past the settle period, the temporary name is still ignored.
  WaitFor([] { return false; }, milliseconds(1200));
  EXPECT_TRUE(fs::exists(part));
  EXPECT_TRUE(FilesIn(Dir("work")).empty());
  ASSERT_EQ(rename(part.c_str(), (Dir("inbox") / "upload.csv").c_str()), 0);
  ASSERT_TRUE(WaitProcessed("upload.csv", seconds(10))) << daemon_->log();
  WaitFor([] { return false; }, milliseconds(800));  // any second pick-up
  EXPECT_EQ(FilesIn(Dir("processed")),
            (std::set<std::string>{"upload.csv", "upload.csv.report.json"}));
  EXPECT_EQ(LedgerFiles().size(), 1u);
  EXPECT_EQ(daemon_->CountInLog("state=claimed"), 1u) << daemon_->log();
  EXPECT_EQ(sim_->Count(kShipRoute, 200), 3);
}

TEST_F(WatchPickupTest, MarkerProfileWaitsForTheMarker) {
  WatchSetup setup;
  setup.profiles[0].extra_toml = "marker = \".ok\"\n";
  Start(2, setup);
  dir_.WriteFile("3pl/inbox/batch.csv", TrackingCsv(1, 2));
  WaitFor([] { return false; }, milliseconds(1200));
  EXPECT_TRUE(fs::exists(Dir("inbox") / "batch.csv"));
  EXPECT_EQ(sim_->Count(kShipRoute, 200), 0);
  dir_.WriteFile("3pl/inbox/batch.csv.ok", "");
  ASSERT_TRUE(WaitProcessed("batch.csv", seconds(10))) << daemon_->log();
  EXPECT_FALSE(fs::exists(Dir("inbox") / "batch.csv.ok"));
  EXPECT_EQ(sim_->Count(kShipRoute, 200), 2);
}

TEST_F(WatchPickupTest, TwentyFilesDroppedAtOnceAreEachProcessedOnce) {
  Start(20);
  for (int n = 1; n <= 20; ++n) {
    dir_.WriteFile("3pl/inbox/.drop-" + std::to_string(n), TrackingCsv(n, n));
  }
  for (int n = 1; n <= 20; ++n) {  // all appear within microseconds
    const std::string name = "drop-" + std::to_string(n);
    ASSERT_EQ(rename((Dir("inbox") / ("." + name)).c_str(),
                     (Dir("inbox") / (name + ".csv")).c_str()),
              0);
  }
  ASSERT_TRUE(WaitFor([&] { return FilesIn(Dir("processed")).size() == 40; },
                      seconds(15)))
      << daemon_->log();
  EXPECT_TRUE(FilesIn(Dir("inbox")).empty());
  EXPECT_TRUE(FilesIn(Dir("work")).empty());
  EXPECT_TRUE(FilesIn(Dir("failed")).empty());
  const std::vector<ledger::FileEntry> files = LedgerFiles();
  EXPECT_EQ(files.size(), 20u);
  for (const ledger::FileEntry& f : files) {
    EXPECT_EQ(f.state, ledger::FileState::kProcessed) << f.name;
    EXPECT_EQ(f.applied, 1u) << f.name;
  }
  EXPECT_EQ(sim_->Count(kShipRoute, 200), 20);
  for (int n = 1; n <= 20; ++n) {
    EXPECT_EQ(sim_->Order(testing::GeneratedOrderNumber(n))["shipments"].size(),
              1u);
  }
  EXPECT_EQ(daemon_->CountInLog("state=processed"), 20u);
}

TEST_F(WatchPickupTest, JsonLogsCarryEachStateChangeAsFields) {
  WatchSetup setup;
  setup.daemon_extra_toml = "log_format = \"json\"\n";
  Start(1, setup);
  dir_.WriteFile("3pl/inbox/one.csv", TrackingCsv(1, 1));
  ASSERT_TRUE(WaitProcessed("one.csv", seconds(10))) << daemon_->log();
  // The report is filed before the line saying so is written: wait for
  // the line, not only for the file.
  std::vector<json> events;
  auto parse = [&] {
    events.clear();
    std::istringstream lines(daemon_->log());
    for (std::string line; std::getline(lines, line);) {
      const json j = json::parse(line, nullptr, false);
      if (j.is_discarded()) return false;  // a line still being written
      const json event =
          json::parse(j.value("msg", std::string()), nullptr, false);
      if (event.is_object()) events.push_back(event);
    }
    return !events.empty() && events.back()["state"] == "processed";
  };
  ASSERT_TRUE(WaitFor(parse, seconds(10))) << daemon_->log();
  std::vector<std::string> states;
  for (const json& event : events) {
    EXPECT_EQ(event["file"], "one.csv");
    EXPECT_EQ(event["profile"], "3pl");
    states.push_back(event["state"]);
    if (event["state"] == "processed") {
      EXPECT_EQ(event["rows"], 1);
      EXPECT_EQ(event["applied"], 1);
      EXPECT_TRUE(event.contains("elapsed_ms"));
    }
  }
  EXPECT_EQ(states, (std::vector<std::string>{"claimed", "processed"}));
}

TEST_F(WatchPickupTest, MissingInboxStopsTheStartWithOneLine) {
  sim_ = testing::StartSeededSim(dir_, 1);
  ASSERT_TRUE(sim_->started());
  config_ = testing::WatchConfigToml(dir_, sim_->base_url(), {});
  fs::remove_all(Dir("inbox"));
  testing::ProcessResult r = testing::RunProcess(
      {M2DROP_BINARY, "watch", "--config", config_}, seconds(10));
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find("inbox " + Dir("inbox").string()), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("does not exist"), std::string::npos) << r.err;
}

TEST_F(WatchPickupTest, InboxDeletedWhileRunningExitsNonZero) {
  Start(1);
  fs::remove_all(Dir("inbox"));
  testing::ProcessResult r = daemon_->child().Wait(seconds(10));
  EXPECT_FALSE(r.timed_out);
  EXPECT_NE(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find(Dir("inbox").string()), std::string::npos) << r.err;
}

}  // namespace
}  // namespace m2drop
