// SPDX-License-Identifier: Apache-2.0
// `m2drop watch` pulling from a real OpenSSH server (issue 22, "Done
// when"): a tracking file on the SFTP server is fetched into the inbox,
// imported against the simulator and deleted from the server; /readyz,
// /metrics and `status` show the pull. A restart after a crash between
// the rename into the inbox and the remote delete fetches the file again,
// and the ledger's content hash files that copy as a duplicate: nothing is
// shipped twice. `check-config` says what it found, or why it cannot pull,
// with exit 0, 77 or 75. Skipped unless sshd can run here (root).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "testing/sshd_process.h"
#include "testing/watch_process.h"

namespace m2drop {
namespace {

namespace fs = std::filesystem;
using std::chrono::seconds;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::PollUntil;
using testing::RunProcess;
using testing::SshdProcess;
using testing::TrackingCsv;
using testing::WatchProcess;
using testing::WatchSetup;

constexpr char kShipRoute[] = "POST /V1/order/{id}/ship";
constexpr char kMetricsAt[] = "metrics and health on http://";

class WatchPullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::string why = SshdProcess::SkipReason(); !why.empty()) {
      GTEST_SKIP() << why;
    }
    sshd_ = std::make_unique<SshdProcess>(dir_);
    ASSERT_TRUE(sshd_->started());
    sim_ = testing::StartSeededSim(dir_, 10);
    ASSERT_TRUE(sim_->started());
    fs::create_directories(Remote());
    known_hosts_ = dir_.WriteFile("known_hosts", sshd_->KnownHostsLine());
    key_ = sshd_->AddClientKey("id_ed25519", "ed25519");
    setup_.metrics_listen = "127.0.0.1:0";
    setup_.profiles[0].extra_toml =
        "[profile.pull]\nurl = \"sftp://root@127.0.0.1:" +
        std::to_string(sshd_->port()) + Remote() + "\"\nkey_file = \"" + key_ +
        "\"\nknown_hosts = \"" + known_hosts_ +
        "\"\nevery = \"1s\"\nafter = \"delete\"\ntimeout = \"5s\"\n";
    config_ = testing::WatchConfigToml(dir_, sim_->base_url(), setup_);
  }

  std::string Remote() const { return dir_.Join("remote/out"); }

  // Uploads as a producer should: a dot name, then a rename.
  void PutRemote(const std::string& name, const std::string& content) {
    dir_.WriteFile("remote/out/." + name, content);
    fs::rename(Remote() + "/." + name, Remote() + "/" + name);
  }

  bool Filed(const std::string& name) const {
    return fs::exists(dir_.path() / "3pl/processed" / (name + ".report.json"));
  }

  std::unique_ptr<WatchProcess> Start() {
    auto daemon = std::make_unique<WatchProcess>(config_);
    EXPECT_TRUE(daemon->WaitStarted());
    return daemon;
  }

  std::string Get(const WatchProcess& daemon, const std::string& path,
                  int* status) {
    const std::string& log = daemon.log();
    const size_t at = log.find(kMetricsAt);
    if (at == std::string::npos) return "";
    const size_t begin = at + sizeof kMetricsAt - 1;
    const size_t colon = log.find(':', begin);
    httplib::Client client(log.substr(begin, colon - begin),
                           std::stoi(log.substr(colon + 1)));
    client.set_connection_timeout(seconds(2));
    auto res = client.Get(path);
    *status = res ? res->status : 0;
    return res ? res->body : "";
  }

  testing::ScopedTempDir dir_;
  std::unique_ptr<SshdProcess> sshd_;
  std::unique_ptr<testing::SimProcess> sim_;
  WatchSetup setup_;
  std::string known_hosts_, key_, config_;
};

TEST_F(WatchPullTest, PullsATrackingFileImportsItAndDeletesIt) {
  PutRemote("drop.csv", TrackingCsv(1, 3));
  auto daemon = Start();
  ASSERT_TRUE(
      PollUntil([&] { return Filed("drop.csv"); }, seconds(30), {daemon.get()}))
      << daemon->log();
  EXPECT_FALSE(fs::exists(Remote() + "/drop.csv"));
  EXPECT_EQ(sim_->Count(kShipRoute, 200), 3);
  EXPECT_THAT(daemon->log(), HasSubstr("pulling profile=3pl from=sftp://root@"
                                       "127.0.0.1:"));
  EXPECT_THAT(daemon->log(),
              HasSubstr("file=drop.csv profile=3pl state=pulled bytes="));
  int status = 0;
  std::string ready = Get(*daemon, "/readyz", &status);
  EXPECT_EQ(status, 200);
  EXPECT_THAT(ready, HasSubstr("pull profile=3pl server=sftp://root@"
                               "127.0.0.1:"));
  EXPECT_THAT(ready, Not(HasSubstr("last_listing=never")));
  std::string metrics = Get(*daemon, "/metrics", &status);
  EXPECT_THAT(metrics,
              HasSubstr("m2drop_pull_files_total{profile=\"3pl\"} 1\n"));
  testing::ProcessResult shown =
      RunProcess({M2DROP_BINARY, "status", "--config", config_}, seconds(30));
  EXPECT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out, HasSubstr("    pull sftp://root@127.0.0.1:"));
  EXPECT_THAT(shown.out, HasSubstr("last file fetched drop.csv"));
}

// kill -9 right after the file was renamed into the inbox and imported,
// before the server's copy was deleted and without the ledger's record of
// the pull (the narrowest window): the next start fetches it again and
// files it as a duplicate; Magento is not written to again.
TEST_F(WatchPullTest, ARestartAfterTheRenameFilesTheCopyAsADuplicate) {
  const std::string csv = TrackingCsv(1, 3);
  PutRemote("drop.csv", csv);
  auto daemon = Start();
  ASSERT_TRUE(
      PollUntil([&] { return Filed("drop.csv"); }, seconds(30), {daemon.get()}))
      << daemon->log();
  daemon->child().Signal(SIGKILL);
  daemon->child().Wait(seconds(10));
  PutRemote("drop.csv", csv);  // as the crash left it on the server
  const int64_t ships = sim_->Count(kShipRoute, 200);
  daemon = Start();
  ASSERT_TRUE(PollUntil(
      [&] {
        return daemon->log().find("state=duplicate") != std::string::npos &&
               !fs::exists(Remote() + "/drop.csv");
      },
      seconds(30), {daemon.get()}))
      << daemon->log();
  EXPECT_EQ(sim_->Count(kShipRoute, 200), ships);
  EXPECT_EQ(sim_->Order(testing::GeneratedOrderNumber(1))["shipments"].size(),
            1u);
}

TEST_F(WatchPullTest, CheckConfigSaysWhatItFoundOrWhyItCannot) {
  PutRemote("a.csv", "x\n");
  auto check = [&] {
    return RunProcess({M2DROP_BINARY, "check-config", "--config", config_},
                      seconds(60));
  };
  testing::ProcessResult ok = check();
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_THAT(ok.out,
              HasSubstr("  - host key ED25519 " + sshd_->HostKeyFingerprint() +
                        " is in " + known_hosts_));
  EXPECT_THAT(ok.out, HasSubstr("holds 1 file, 1 matching *.csv (a.csv)"));

  SshdProcess::Keygen(dir_.Join("other"), "ed25519", "");
  dir_.WriteFile("known_hosts",
                 "[127.0.0.1]:" + std::to_string(sshd_->port()) + " " +
                     testing::ReadWholeFile(dir_.Join("other.pub")));
  testing::ProcessResult changed = check();
  EXPECT_EQ(changed.exit_code, 77) << changed.out;
  EXPECT_THAT(changed.out, HasSubstr("has CHANGED: the server offered the "
                                     "ED25519 " +
                                     sshd_->HostKeyFingerprint() + " key"));

  sshd_->Stop();
  testing::ProcessResult away = check();
  EXPECT_EQ(away.exit_code, 75) << away.out;
  EXPECT_THAT(away.out, HasSubstr("Connection refused"));
}

}  // namespace
}  // namespace m2drop
