// SPDX-License-Identifier: Apache-2.0
// `m2drop watch` and SIGHUP (issue 5): a new profile in the reloaded
// configuration is watched and its drops processed; an invalid
// configuration is refused with a log line and the running one kept.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "testing/watch_process.h"

namespace m2drop {
namespace {

namespace fs = std::filesystem;
using std::chrono::seconds;
using testing::PollUntil;
using testing::WatchProcess;

class WatchReloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sim_ = testing::StartSeededSim(dir_, 4);
    ASSERT_TRUE(sim_->started());
    config_ = testing::WatchConfigToml(dir_, sim_->base_url(), {});
    daemon_ = std::make_unique<WatchProcess>(config_);
    ASSERT_TRUE(daemon_->WaitStarted());
  }

  bool WaitProcessed(const std::string& profile, const std::string& name) {
    const fs::path report =
        dir_.path() / profile / "processed" / (name + ".report.json");
    return PollUntil([&] { return fs::exists(report); }, seconds(10),
                     {daemon_.get()});
  }

  bool WaitLog(const std::string& needle) {
    return PollUntil(
        [&] { return daemon_->log().find(needle) != std::string::npos; },
        seconds(10), {daemon_.get()});
  }

  testing::ScopedTempDir dir_;
  std::unique_ptr<testing::SimProcess> sim_;
  std::string config_;
  std::unique_ptr<WatchProcess> daemon_;
};

TEST_F(WatchReloadTest, SighupPicksUpANewProfile) {
  testing::WatchSetup setup;
  setup.profiles.push_back({"erp-3pl", "tracking", ""});
  testing::WatchConfigToml(dir_, sim_->base_url(), setup);  // same path
  daemon_->child().Signal(SIGHUP);
  ASSERT_TRUE(WaitLog("watching profile=erp-3pl")) << daemon_->log();
  EXPECT_NE(daemon_->log().find("configuration reloaded"), std::string::npos);

  dir_.WriteFile("erp-3pl/inbox/new.csv", testing::TrackingCsv(1, 2));
  dir_.WriteFile("3pl/inbox/old.csv", testing::TrackingCsv(3, 4));
  ASSERT_TRUE(WaitProcessed("erp-3pl", "new.csv")) << daemon_->log();
  ASSERT_TRUE(WaitProcessed("3pl", "old.csv")) << daemon_->log();
  EXPECT_EQ(sim_->Count("POST /V1/order/{id}/ship", 200), 4);
}

TEST_F(WatchReloadTest, InvalidConfigurationIsRefusedAndTheOldOneKept) {
  dir_.WriteFile("m2drop.toml", "[daemon]\nworkers = \"many\"\n");
  daemon_->child().Signal(SIGHUP);
  ASSERT_TRUE(WaitLog("keeping the running configuration")) << daemon_->log();
  EXPECT_NE(daemon_->log().find("workers"), std::string::npos)
      << daemon_->log();

  dir_.WriteFile("3pl/inbox/still.csv", testing::TrackingCsv(1, 1));
  ASSERT_TRUE(WaitProcessed("3pl", "still.csv")) << daemon_->log();
  daemon_->child().Signal(SIGTERM);
  testing::ProcessResult r = daemon_->child().Wait(seconds(10));
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

}  // namespace
}  // namespace m2drop
