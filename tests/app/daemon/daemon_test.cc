// SPDX-License-Identifier: Apache-2.0
// Daemon turn by turn on real directories: the inbox monitor polls (no
// watcher) on a FakeClock, so Step runs without waiting.
#include "m2drop/app/daemon/daemon.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <set>
#include <string>

#include "m2drop/base/fake_clock.h"
#include "m2drop/config/loader.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::app {
namespace {

namespace fs = std::filesystem;
using std::chrono::seconds;

std::set<std::string> FilesIn(const fs::path& dir) {
  std::set<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    names.insert(entry.path().filename().string());
  }
  return names;
}

class DaemonLoopTest : public ::testing::Test {
 protected:
  // The files' mtimes come from the real clock: the fake wall clock starts
  // there so that they are not in its future.
  DaemonLoopTest() { clock_.SetWallNow(RealClock::Instance().WallNow()); }

  // The configuration text with `profiles` (name, kind) under the temp dir.
  std::string Toml(const std::vector<std::string>& profiles,
                   const std::string& kind = "tracking",
                   const std::string& settle = "0s") {
    std::string toml = "[daemon]\nsettle = \"" + settle + "\"\nstate_dir = \"" +
                       dir_.Join("state") + "\"\n";
    for (const std::string& name : profiles) {
      toml += "[[profile]]\nname = \"" + name + "\"\nkind = \"" + kind +
              "\"\ninbox = \"" + dir_.Join(name + "/inbox") + "\"\n";
    }
    return toml;
  }

  void Make(const std::vector<std::string>& profiles, size_t capacity = 8,
            const std::string& kind = "tracking",
            const std::string& settle = "0s") {
    for (const std::string& name : profiles) {
      fs::create_directories(dir_.path() / name / "inbox");
    }
    config_path_ = dir_.WriteFile("m2drop.toml", Toml(profiles, kind, settle));
    auto config = config::LoadFile(config_path_);
    ASSERT_OK(config);
    queue_ = std::make_unique<WorkQueue>(capacity, clock_);
    daemon_ = std::make_unique<Daemon>(
        Daemon::Deps{fs_, clock_, monitor_, *queue_}, config_path_,
        std::make_shared<const config::Config>(std::move(*config)));
  }

  // Steps until `queued` files are in the queue (each Step polls once;
  // the fake clock moves a poll interval per turn).
  void StepUntilQueued(size_t queued) {
    for (int i = 0; i < 10 && queue_->queued() < queued; ++i) {
      ASSERT_EQ(daemon_->Step({}), Daemon::Next::kContinue);
      clock_.Advance(seconds(2));
    }
    ASSERT_EQ(queue_->queued(), queued);
  }

  testing::ScopedTempDir dir_;
  FakeClock clock_;
  m2drop::fs::FileSystem& fs_ = m2drop::fs::PosixFileSystem::Instance();
  inbox::InboxMonitor monitor_{{fs_, clock_, nullptr}, {}};
  std::string config_path_;
  std::unique_ptr<WorkQueue> queue_;
  std::unique_ptr<Daemon> daemon_;
};

TEST_F(DaemonLoopTest, StartRefusesAMissingInboxNamingIt) {
  Make({"3pl"});
  fs::remove_all(dir_.path() / "3pl/inbox");
  Status s = daemon_->Start();
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_NE(s.message().find(dir_.Join("3pl/inbox")), std::string::npos) << s;
  EXPECT_NE(s.message().find("profile 3pl"), std::string::npos) << s;
}

TEST_F(DaemonLoopTest, StartCreatesTheProfileDirectories) {
  Make({"3pl"});
  ASSERT_OK(daemon_->Start());
  for (const char* d : {"work", "processed", "failed"}) {
    EXPECT_TRUE(fs::is_directory(dir_.path() / "3pl" / d)) << d;
  }
  ASSERT_EQ(monitor_.Inboxes().size(), 1u);
  EXPECT_EQ(monitor_.Inboxes()[0].first.dir, dir_.Join("3pl/inbox"));
}

TEST_F(DaemonLoopTest, FilesLeftInWorkAreQueuedFirstOldestFirst) {
  Make({"3pl"});
  const std::string newer = dir_.WriteFile("3pl/work/newer.csv", "x");
  const std::string older = dir_.WriteFile("3pl/work/older.csv", "x");
  dir_.WriteFile("3pl/work/.report.tmp-1", "x");  // a temp file: skipped
  fs::last_write_time(older, fs::last_write_time(newer) - seconds(60));
  ASSERT_OK(daemon_->Start());
  ASSERT_EQ(daemon_->Step({}), Daemon::Next::kContinue);
  ASSERT_EQ(queue_->queued(), 2u);
  EXPECT_EQ(queue_->TryPop()->name, "older.csv");
  EXPECT_EQ(queue_->TryPop()->name, "newer.csv");
}

TEST_F(DaemonLoopTest, ReadyFileIsClaimedIntoWorkAndQueued) {
  Make({"3pl"});
  ASSERT_OK(daemon_->Start());
  dir_.WriteFile("3pl/inbox/drop.csv", "order_number\n1\n");
  monitor_.RequestRescan();
  StepUntilQueued(1);
  EXPECT_TRUE(FilesIn(dir_.path() / "3pl/inbox").empty());
  EXPECT_EQ(FilesIn(dir_.path() / "3pl/work"),
            std::set<std::string>{"drop.csv"});
  std::optional<WorkItem> item = queue_->TryPop();
  ASSERT_TRUE(item);
  EXPECT_EQ(item->path, dir_.Join("3pl/work/drop.csv"));
  EXPECT_EQ(item->profile, "3pl");
  EXPECT_EQ(item->config, daemon_->config());
}

TEST_F(DaemonLoopTest, FullQueueLeavesReadyFilesInTheInbox) {
  Make({"3pl"}, /*capacity=*/1);
  ASSERT_OK(daemon_->Start());
  dir_.WriteFile("3pl/inbox/a.csv", "a");
  dir_.WriteFile("3pl/inbox/b.csv", "b");
  monitor_.RequestRescan();
  StepUntilQueued(1);
  EXPECT_EQ(FilesIn(dir_.path() / "3pl/inbox").size(), 1u);
  EXPECT_EQ(daemon_->backlog(), 1u);
  std::optional<WorkItem> first = queue_->TryPop();
  ASSERT_TRUE(first);
  queue_->Done(*first);
  StepUntilQueued(1);
  EXPECT_TRUE(FilesIn(dir_.path() / "3pl/inbox").empty());
  EXPECT_EQ(daemon_->backlog(), 0u);
}

TEST_F(DaemonLoopTest, StockFileWaitsForAnOlderOneStillSettling) {
  Make({"erp"}, 8, "stock", "5s");
  ASSERT_OK(daemon_->Start());
  const auto turn = [&](Duration advance) {
    monitor_.RequestRescan();
    ASSERT_EQ(daemon_->Step({}), Daemon::Next::kContinue);
    clock_.Advance(advance);
  };
  dir_.WriteFile("erp/inbox/newer.csv", "sku,quantity\nA,2\n");
  turn(seconds(3));
  // Uploaded later, exported earlier: its mtime says it is the older one.
  const std::string older =
      dir_.WriteFile("erp/inbox/older.csv", "sku,quantity\nA,1\n");
  fs::last_write_time(older, fs::last_write_time(older) - seconds(3600));
  turn(seconds(3));
  turn(seconds(0));  // newer.csv has settled, older.csv has not
  EXPECT_TRUE(FilesIn(dir_.path() / "erp/work").empty());
  EXPECT_EQ(queue_->queued(), 0u);
  EXPECT_EQ(daemon_->backlog(), 1u);
  clock_.Advance(seconds(3));
  StepUntilQueued(2);
  EXPECT_EQ(queue_->TryPop()->name, "older.csv");
  EXPECT_FALSE(queue_->TryPop());  // one stock file of a profile at a time
}

TEST_F(DaemonLoopTest, SigtermAndSigintStopTheLoop) {
  Make({"3pl"});
  ASSERT_OK(daemon_->Start());
  const int term[] = {SIGTERM};
  const int sigint[] = {SIGINT};
  EXPECT_EQ(daemon_->Step(term), Daemon::Next::kStop);
  EXPECT_EQ(daemon_->Step(sigint), Daemon::Next::kStop);
}

TEST_F(DaemonLoopTest, InboxGoneIsFatal) {
  Make({"3pl"});
  ASSERT_OK(daemon_->Start());
  fs::remove_all(dir_.path() / "3pl/inbox");
  Daemon::Next next = Daemon::Next::kContinue;
  for (int i = 0; i < 10 && next == Daemon::Next::kContinue; ++i) {
    monitor_.RequestRescan();
    next = daemon_->Step({});
    clock_.Advance(seconds(2));
  }
  EXPECT_EQ(next, Daemon::Next::kFatal);
  EXPECT_NE(daemon_->fatal().message().find(dir_.Join("3pl/inbox")),
            std::string::npos)
      << daemon_->fatal();
}

TEST_F(DaemonLoopTest, SighupAddsANewProfile) {
  Make({"3pl"});
  ASSERT_OK(daemon_->Start());
  fs::create_directories(dir_.path() / "erp/inbox");
  dir_.WriteFile("m2drop.toml", Toml({"3pl", "erp"}));
  const int hup[] = {SIGHUP};
  EXPECT_EQ(daemon_->Step(hup), Daemon::Next::kContinue);
  ASSERT_EQ(monitor_.Inboxes().size(), 2u);
  EXPECT_EQ(monitor_.Inboxes()[1].first.profile, "erp");
  EXPECT_NE(config::FindProfile(*daemon_->config(), "erp"), nullptr);
  EXPECT_TRUE(fs::is_directory(dir_.path() / "erp/work"));
}

TEST_F(DaemonLoopTest, ReloadRemovesAProfile) {
  Make({"3pl", "erp"});
  ASSERT_OK(daemon_->Start());
  dir_.WriteFile("m2drop.toml", Toml({"erp"}));
  ASSERT_OK(daemon_->Reload());
  ASSERT_EQ(monitor_.Inboxes().size(), 1u);
  EXPECT_EQ(monitor_.Inboxes()[0].first.profile, "erp");
}

TEST_F(DaemonLoopTest, InvalidReloadKeepsTheRunningConfiguration) {
  Make({"3pl"});
  ASSERT_OK(daemon_->Start());
  const auto before = daemon_->config();
  dir_.WriteFile("m2drop.toml", "[daemon]\nworkers = \"many\"\n");
  Status s = daemon_->Reload();
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(daemon_->config(), before);
  EXPECT_EQ(monitor_.Inboxes().size(), 1u);
}

TEST_F(DaemonLoopTest, ReloadWithAMissingNewInboxIsRefused) {
  Make({"3pl"});
  ASSERT_OK(daemon_->Start());
  const auto before = daemon_->config();
  dir_.WriteFile("m2drop.toml", Toml({"3pl", "nowhere"}));
  Status s = daemon_->Reload();
  EXPECT_EQ(s.code(), StatusCode::kNotFound) << s;
  EXPECT_EQ(daemon_->config(), before);
  EXPECT_EQ(monitor_.Inboxes().size(), 1u);
}

}  // namespace
}  // namespace m2drop::app
