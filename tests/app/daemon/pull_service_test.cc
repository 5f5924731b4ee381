// SPDX-License-Identifier: Apache-2.0
// The daemon's side of [profile.pull]: the ledger as the pulls' memory,
// the service that runs them, check-config's words and exit codes (through
// FakeRemote), and what `m2drop status` shows of a pull.
#include "m2drop/app/daemon/pull_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "m2drop/app/commands/pull_check.h"
#include "m2drop/app/commands/status_command.h"
#include "m2drop/base/exit_codes.h"
#include "m2drop/base/fake_clock.h"
#include "m2drop/config/loader.h"
#include "m2drop/ledger/sqlite_ledger.h"
#include "pull/fake_remote.h"
#include "testing/loopback_port.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::app {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

config::Config Load(const std::string& toml) {
  auto config = config::LoadString(toml, "<test>");
  EXPECT_OK(config);
  return config.ok() ? *config : config::Config();
}

std::string PullProfile(const std::string& inbox, int port,
                        const std::string& extra = "") {
  return "[[profile]]\nname = \"3pl\"\nkind = \"tracking\"\ninbox = \"" +
         inbox + "\"\n[profile.pull]\nurl = \"sftp://u@127.0.0.1:" +
         std::to_string(port) +
         "/out\"\nkey_file = \"/nonexistent/key\"\nknown_hosts = "
         "\"/nonexistent/known_hosts\"\nevery = \"1s\"\ntimeout = \"2s\"\n" +
         extra;
}

TEST(LedgerPullMemoryTest, RemembersPerProfileInTheLedger) {
  FakeClock clock;
  auto ledger = ledger::SqliteLedger::Open(":memory:", clock);
  ASSERT_OK(ledger);
  LedgerPullMemory a(**ledger, "a"), b(**ledger, "b");
  ASSERT_OK(a.Remember({"x.csv", 3, 100, true}));
  ASSERT_OK(b.Remember({"y.csv", 4, 200, false}));
  auto all = a.All();
  ASSERT_OK(all);
  EXPECT_THAT(*all, ElementsAre(pull::Remembered{"x.csv", 3, 100, true}));
  ASSERT_OK(a.Forget("x.csv"));
  EXPECT_TRUE(a.All()->empty());
  EXPECT_EQ(b.All()->size(), 1u);
}

TEST(PullSecretsTest, PassphrasesAndPasswordsThatCanBeRead) {
  m2drop::testing::ScopedTempDir dir;
  const std::string pass = dir.WriteFile("pass", "open sesame\n");
  config::Config config = Load(PullProfile(
      "/srv/in", 22,
      "key_passphrase_file = \"" + pass + "\"\npassword_file = \"/no\"\n"));
  EXPECT_THAT(PullSecrets(config), ElementsAre("open sesame"));
}

// A pull to a port nobody listens on: the daemon keeps running, the ledger
// says since when it fails; a reload without the pull stops it.
TEST(PullServiceTest, RunsRecordsAndStopsPulls) {
  m2drop::testing::ScopedTempDir dir;
  std::filesystem::create_directories(dir.Join("inbox"));
  auto config = std::make_shared<const config::Config>(Load(
      PullProfile(dir.Join("inbox"), m2drop::testing::ClosedLoopbackPort())));
  auto ledger = ledger::SqliteLedger::Open(":memory:", RealClock::Instance());
  ASSERT_OK(ledger);
  auto ops = DaemonOps::Create(*config, RealClock::Instance());
  ASSERT_OK(ops);
  PullService service({**ledger, **ops, RealClock::Instance(),
                       fs::PosixFileSystem::Instance()});
  service.Apply(config);
  EXPECT_EQ(service.size(), 1u);
  std::optional<ledger::PullState> state;
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    auto got = (*ledger)->PullStateOf("3pl");
    ASSERT_OK(got);
    if (got->has_value()) {
      state = *got;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(state.has_value());
  EXPECT_THAT(state->last_error, HasSubstr("Connection refused"));
  EXPECT_GT(state->failing_since_ms, 0);
  EXPECT_EQ(state->last_listing_at_ms, 0);
  service.Apply(config);  // the same configuration: nothing restarts
  EXPECT_EQ(service.size(), 1u);
  service.Apply(std::make_shared<const config::Config>(
      Load("[[profile]]\nname = \"3pl\"\nkind = \"tracking\"\ninbox = \"" +
           dir.Join("inbox") + "\"\n")));
  EXPECT_EQ(service.size(), 0u);
}

class PullCheckTest : public ::testing::Test {
 protected:
  int Check(const std::string& extra = "") {
    config_ = Load(PullProfile("/srv/in", 22, extra));
    out_.str("");
    return CheckPull(config_.profiles[0], remote_, out_);
  }

  config::Config config_;
  pull::testing::FakeRemote remote_;
  std::ostringstream out_;
};

TEST_F(PullCheckTest, SaysWhatItFound) {
  remote_.Put("a.csv", "1");
  remote_.Put("b.csv", "22");
  remote_.Put("notes.txt", "x");
  EXPECT_EQ(Check("after = \"move:/out/done\"\n"), kExitOk);
  EXPECT_EQ(out_.str(),
            "profile 3pl pull sftp://fake@host:22/out:\n"
            "  - host key ED25519 SHA256:fake is in /nonexistent/known_hosts\n"
            "  - logged in as u with key /k\n"
            "  - /out holds 3 files, 2 matching *.csv (a.csv, b.csv); each is "
            "fetched once its size and mtime held still over one listing "
            "(every 1s), then moved to /out/done on the server once in the "
            "inbox (it must exist)\n");
}

TEST_F(PullCheckTest, ExitCodesSayWhyItCannot) {
  remote_.connect_failures = {Status::Unauthenticated("host key CHANGED")};
  EXPECT_EQ(Check(), kExitUnauthorized);
  EXPECT_THAT(out_.str(), HasSubstr("  - cannot pull: host key CHANGED\n"));
  remote_.connect_failures = {Status::Unavailable("Connection refused")};
  EXPECT_EQ(Check(), kExitUnavailable);
  remote_.connect_failures = {Status::NotFound("directory /out: no such")};
  EXPECT_EQ(Check(), kExitUsage);
  remote_.list_failures = {Status::Rejected("cannot list /out: denied")};
  EXPECT_EQ(Check(), kExitUsage);
  EXPECT_THAT(out_.str(), HasSubstr("  - cannot list /out: denied\n"));
}

TEST_F(PullCheckTest, WarnsAboutAKeyOthersCanRead) {
  m2drop::testing::ScopedTempDir dir;
  const std::string key = dir.WriteFile("key", "not really a key");
  chmod(key.c_str(), 0644);
  config_ = Load(PullProfile("/srv/in", 22));
  config_.profiles[0].pull->key_file = key;
  EXPECT_EQ(CheckPull(config_.profiles[0], remote_, out_), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("warning: key_file " + key +
                                    " has mode 0644: other users may read "
                                    "the private key; chmod 600 it"));
}

TEST(PullStatusTest, StatusShowsEachPullsLastListing) {
  m2drop::testing::ScopedTempDir dir;
  std::filesystem::create_directories(dir.path() / "state");
  const std::string config = dir.WriteFile(
      "m2drop.toml", "[daemon]\nstate_dir = \"" + dir.Join("state") + "\"\n" +
                         PullProfile(dir.Join("inbox"), 2222));
  FakeClock clock;
  {
    auto ledger = ledger::SqliteLedger::Open(
        ledger::SqliteLedger::PathIn(dir.Join("state")), clock);
    ASSERT_OK(ledger);
    ASSERT_OK((*ledger)->RecordPullState(
        {"3pl", "sftp://u@127.0.0.1:2222/out", 1'700'000'000'000, 3, "a.csv",
         1'700'000'001'000, 1'700'000'060'000, "connection refused", 0}));
  }
  std::ostringstream out, err;
  EXPECT_EQ(RunStatus({config, false, 20}, clock, out, err), kExitOk)
      << err.str();
  EXPECT_THAT(out.str(),
              HasSubstr("    pull sftp://u@127.0.0.1:2222/out: last listing "
                        "2023-11-14T22:13:20Z (3 files there); last file "
                        "fetched a.csv at 2023-11-14T22:13:21Z; failing since "
                        "2023-11-14T22:14:20Z: connection refused\n"));
  out.str("");
  EXPECT_EQ(RunStatus({config, true, 20}, clock, out, err), kExitOk);
  nlohmann::json j = nlohmann::json::parse(out.str());
  EXPECT_EQ(j["profiles"][0]["pull"]["last_listing"], "2023-11-14T22:13:20Z");
  EXPECT_EQ(j["profiles"][0]["pull"]["last_error"], "connection refused");
}

}  // namespace
}  // namespace m2drop::app
