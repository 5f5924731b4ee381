// SPDX-License-Identifier: Apache-2.0
// The crash test of issue 19: a drop's whole life — claim, lock, read and
// hash, import against the simulator, reports, filing, ledger record — runs
// on a FakeFileSystem that fails or "crashes" (tests/fakes/
// fake_file_system.h: that call and every later one refused, as if the
// process died) at its k-th file operation, for every k of the sequence.
// Then the daemon restarts on what survived, as watch does at start
// (filing recovery, files left in work/, the inbox), and the test checks:
//   - the drop is never lost: it ends in processed/ with its bytes
//     unchanged, once, and nowhere else (inbox, work/, failed/);
//   - a filed drop has its report beside it;
//   - no row was applied twice to Magento (the simulator's counters);
//   - the ledger agrees: one entry, processed, naming the filed path and
//     report, nothing left unfinished.
// k is enumerated from a recording of a clean run, so a file operation
// added to the drop's life is covered without touching this test.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "fakes/fake_file_system.h"
#include "m2drop/app/daemon/file_job.h"
#include "m2drop/app/daemon/filing_recovery.h"
#include "m2drop/app/daemon/profile_dirs.h"
#include "m2drop/app/magento_connection.h"
#include "m2drop/config/loader.h"
#include "m2drop/inbox/claim.h"
#include "m2drop/ledger/ledger.h"
#include "m2drop/ledger/sqlite_ledger.h"
#include "testing/loopback_shop.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::app {
namespace {

using fs::FakeFileSystem;
using ledger::FileState;

constexpr char kShipRoute[] = "POST /V1/order/{id}/ship";
constexpr char kRoot[] = "/srv/3pl";
constexpr char kName[] = "drop.csv";
// Bounds the restarted daemon's retries of a file that waits.
constexpr int kMaxRunsAfterRestart = 4;

// How the k-th operation goes wrong.
enum class Fault {
  kKill,       // kill -9: every call that returned stays done
  kPowerLoss,  // only what was synced survives (FakeFileSystem::Restart)
  kEio,        // the call fails with EIO, the process goes on
  kEnospc,     // the call fails with ENOSPC, the process goes on
};

const char* FaultName(Fault f) {
  switch (f) {
    case Fault::kKill:
      return "kill";
    case Fault::kPowerLoss:
      return "power loss";
    case Fault::kEio:
      return "EIO";
    case Fault::kEnospc:
      return "ENOSPC";
  }
  return "?";
}

class DropLifeCrashTest : public testing::LoopbackShopTest {
 protected:
  // A fresh shop, disk and ledger with the drop in the inbox.
  void Fresh() {
    // The connection first: its keep-alive sockets would hold the old
    // shop's server open until they time out.
    connection_.reset();
    StartShop(testing::ShopSeed());
    fake_ = std::make_unique<FakeFileSystem>(clock_);
    fake_->AddDir(std::string(kRoot) + "/inbox");
    fake_->WriteFile(Inbox(), drop_);
    const std::string toml =
        testing::ConnectionToml(shop_->base_url(), {}, dir_) +
        "[daemon]\nstate_dir = \"" + dir_.Join("state") + "\"\n" +
        "[[profile]]\nname = \"3pl\"\nkind = \"tracking\"\ninbox = \"" + kRoot +
        "/inbox\"\n";
    Result<config::Config> loaded = config::LoadString(toml, "<test>");
    ASSERT_OK(loaded);
    config_ = std::make_shared<const config::Config>(std::move(*loaded));
    ASSERT_OK(PrepareProfileDirs(*fake_, config_->profiles[0]));
    auto connection = MagentoConnection::Create(*config_, clock_);
    ASSERT_OK(connection);
    connection_ = std::move(*connection);
    auto ledger = ledger::SqliteLedger::Open(":memory:", clock_);
    ASSERT_OK(ledger);
    ledger_ = std::move(*ledger);
    fake_->ClearOps();
  }

  static std::string Inbox() { return std::string(kRoot) + "/inbox/" + kName; }
  const config::Profile& Profile() const { return config_->profiles[0]; }

  JobResult Job(const WorkItem& item) {
    FileJobDeps deps{*ledger_, connection_->caller(), clock_, *fake_};
    return RunFileJob(deps, item, {});
  }

  // Claims the inbox file `name` and runs its job, as the daemon does.
  void ClaimAndRun(const std::string& name) {
    inbox::ReadyFile ready;
    ready.profile = "3pl";
    ready.name = name;
    ready.path = Profile().inbox + "/" + name;
    Result<std::string> claimed =
        inbox::Claim(*fake_, ready, Profile().work_dir);
    if (!claimed.ok()) return;  // the file stays in the inbox
    WorkItem item;
    item.profile = "3pl";
    item.name = name;
    item.path = *claimed;
    item.config = config_;
    Job(item);
  }

  // The drop's first life; a crash ends it where it happened.
  void Life() {
    try {
      ClaimAndRun(kName);
    } catch (const FakeFileSystem::Crashed&) {
    }
  }

  // The daemon's start on what is left: filing recovery, the files left in
  // work/, then the inbox; a file that waits is run again (the worker's
  // backoff), a bounded number of times.
  void RestartDaemon() {
    ASSERT_OK(RecoverInterruptedFilings(*fake_, *config_, *ledger_, clock_));
    ASSERT_OK(PrepareProfileDirs(*fake_, Profile()));
    for (int run = 0; run < kMaxRunsAfterRestart; ++run) {
      auto left = FilesInWork(*fake_, Profile(), config_);
      ASSERT_OK(left);
      for (const WorkItem& item : *left) Job(item);
      auto inbox = fake_->ListDir(Profile().inbox);
      ASSERT_OK(inbox);
      for (const fs::DirEntry& e : *inbox) {
        if (e.info.type == fs::FileType::kRegular && e.name[0] != '.') {
          ClaimAndRun(e.name);
        }
      }
    }
  }

  // The non-hidden files in `dir` (temp files are dot files).
  std::vector<std::string> Visible(const std::string& dir) {
    std::vector<std::string> names;
    auto entries = fake_->ListDir(dir);
    if (!entries.ok()) return names;
    for (const fs::DirEntry& e : *entries) {
      if (e.name[0] != '.') names.push_back(e.name);
    }
    return names;
  }

  void ExpectInvariants(const std::string& where) {
    SCOPED_TRACE(where);
    const std::string processed = Profile().processed_dir + "/" + kName;
    const std::string report = processed + ".report.json";
    // Never lost, filed once, with its bytes, its report beside it.
    EXPECT_EQ(fake_->Contents(processed), drop_);
    EXPECT_TRUE(fake_->Contents(report).has_value());
    EXPECT_EQ(
        Visible(Profile().processed_dir),
        (std::vector<std::string>{kName, std::string(kName) + ".report.json"}));
    EXPECT_TRUE(Visible(Profile().inbox).empty());
    EXPECT_TRUE(Visible(Profile().work_dir).empty());
    EXPECT_TRUE(Visible(Profile().failed_dir).empty());
    // Each row applied once; no second ship of a shipped order tried.
    EXPECT_EQ(shop_->Count(kShipRoute, 200), 3);
    EXPECT_EQ(shop_->Count(kShipRoute, 400), 0);
    // The ledger agrees with the disk.
    auto done = ledger_->FilesInState(FileState::kProcessed);
    ASSERT_OK(done);
    ASSERT_EQ(done->size(), 1u);
    EXPECT_EQ((*done)[0].path, processed);
    EXPECT_EQ((*done)[0].report_json, report);
    EXPECT_EQ((*done)[0].applied, 3u);
    for (FileState s :
         {FileState::kClaimed, FileState::kWaiting, FileState::kFailed}) {
      auto other = ledger_->FilesInState(s);
      ASSERT_OK(other);
      EXPECT_TRUE(other->empty()) << ledger::FileStateName(s);
    }
  }

  // The number of file operations of a clean life.
  size_t CleanLifeOps() {
    Fresh();
    Life();
    ExpectInvariants("clean run");
    return fake_->ops().size();
  }

  void RunEveryStep(Fault fault) {
    const size_t steps = CleanLifeOps();
    ASSERT_GT(steps, 10u);
    for (size_t k = 0; k < steps; ++k) {
      Fresh();
      switch (fault) {
        case Fault::kKill:
        case Fault::kPowerLoss:
          fake_->CrashAt(k);
          break;
        case Fault::kEio:
          fake_->FailAt(k, Status::Io("Input/output error"));
          break;
        case Fault::kEnospc:
          fake_->FailAt(k, Status::Io("No space left on device"));
          break;
      }
      Life();
      const std::string op = k < fake_->ops().size() ? fake_->ops()[k] : "";
      fake_->Restart(fault == Fault::kPowerLoss
                         ? FakeFileSystem::Survives::kSynced
                         : FakeFileSystem::Survives::kEverything);
      RestartDaemon();
      ExpectInvariants(std::string(FaultName(fault)) + " at step " +
                       std::to_string(k) + " of " + std::to_string(steps) +
                       ": " + op);
      if (HasFailure()) return;  // the first broken step says enough
    }
  }

  const std::string drop_ = testing::ReadWholeFile(
      testing::FixturePath("samples/tracking_minimal.csv"));
  std::unique_ptr<FakeFileSystem> fake_;
  std::shared_ptr<const config::Config> config_;
  std::unique_ptr<MagentoConnection> connection_;
  std::unique_ptr<ledger::Ledger> ledger_;
};

TEST_F(DropLifeCrashTest, KilledAtEveryStep) { RunEveryStep(Fault::kKill); }

TEST_F(DropLifeCrashTest, PowerLostAtEveryStep) {
  RunEveryStep(Fault::kPowerLoss);
}

TEST_F(DropLifeCrashTest, EioAtEveryStep) { RunEveryStep(Fault::kEio); }

TEST_F(DropLifeCrashTest, DiskFullAtEveryStep) { RunEveryStep(Fault::kEnospc); }

}  // namespace
}  // namespace m2drop::app
