// SPDX-License-Identifier: Apache-2.0
// `m2drop check-config` and `m2drop sim`, both as the real binary: the
// simulator runs as a child process on an ephemeral loopback port, and
// check-config is run against it with configurations an operator might
// write, right or wrong. What is checked is what a person or a script sees:
// the exit code (DESIGN.md §3) and the words on stdout.
#include <gtest/gtest.h>
#include <signal.h>

#include <memory>
#include <string>
#include <vector>

#include "m2drop/base/exit_codes.h"
#include "testing/sim_process.h"
#include "testing/subprocess.h"
#include "testing/temp_dir.h"

namespace m2drop {
namespace {

using testing::ClosedLoopbackPort;
using testing::FixturePath;
using testing::ProcessResult;
using testing::SimProcess;

class CheckConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sim_ = std::make_unique<SimProcess>(
        std::vector<std::string>{"--seed", FixturePath("sim/demo-seed.json")});
    ASSERT_TRUE(sim_->started());
    base_url_ = sim_->base_url();
  }

  // A configuration with one tracking profile whose inbox is `inbox` (a
  // fresh directory under the temp dir when empty) and the [magento] table
  // reaching `base_url` with bearer `token` (stored in a file).
  std::string WriteConfig(const std::string& base_url, const std::string& token,
                          std::string inbox = "") {
    if (inbox.empty()) {
      inbox = dir_.Join("3pl/inbox");
      dir_.WriteFile("3pl/inbox/.keep", "");
    }
    std::string token_file = dir_.WriteFile("token", token + "\n");
    return dir_.WriteFile(
        "m2drop.toml",
        "[magento]\nbase_url = \"" + base_url +
            "\"\nauth = \"token\"\ntoken_file = \"" + token_file +
            "\"\nconnect_timeout = \"2s\"\ntimeout = \"5s\"\n"
            "[retry]\ninitial_backoff = \"10ms\"\nmax_backoff = \"50ms\"\n"
            "[[profile]]\nname = \"3pl\"\nkind = \"tracking\"\ninbox = \"" +
            inbox + "\"\n");
  }

  static ProcessResult CheckConfig(const std::string& config_path) {
    return testing::RunProcess(
        {M2DROP_BINARY, "check-config", "--config", config_path},
        std::chrono::seconds(60));
  }

  testing::ScopedTempDir dir_;
  std::unique_ptr<SimProcess> sim_;
  std::string base_url_;
};

TEST_F(CheckConfigTest, PassesWithTheDemoToken) {
  ProcessResult r = CheckConfig(WriteConfig(base_url_, "demo-token"));
  EXPECT_EQ(r.exit_code, kExitOk) << r.out << r.err;
  EXPECT_NE(r.out.find("all checks passed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("can search orders"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("can search shipments"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("directories ok"), std::string::npos) << r.out;
}

TEST_F(CheckConfigTest, WrongTokenExits77WithTheExplanation) {
  const std::string token = "wrong-token-for-check-config";
  ProcessResult r = CheckConfig(WriteConfig(base_url_, token));
  EXPECT_EQ(r.exit_code, kExitUnauthorized) << r.out << r.err;
  EXPECT_NE(r.out.find("integration tokens as bearer tokens"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("oauth1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("some checks failed"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(token), std::string::npos) << "the secret leaked";
  EXPECT_EQ(r.err.find(token), std::string::npos) << "the secret leaked";
}

TEST_F(CheckConfigTest, UnreachableMagentoExits75) {
  std::string closed =
      "http://127.0.0.1:" + std::to_string(ClosedLoopbackPort());
  ProcessResult r = CheckConfig(WriteConfig(closed, "demo-token"));
  EXPECT_EQ(r.exit_code, kExitUnavailable) << r.out << r.err;
  EXPECT_NE(r.out.find("cannot search orders"), std::string::npos) << r.out;
}

TEST_F(CheckConfigTest, InboxWhoseParentIsMissingExits2) {
  const std::string inbox = dir_.Join("no-such-parent/3pl/inbox");
  ProcessResult r = CheckConfig(WriteConfig(base_url_, "demo-token", inbox));
  EXPECT_EQ(r.exit_code, kExitUsage) << r.out << r.err;
  EXPECT_NE(r.out.find("inbox " + inbox +
                       " does not exist and cannot be "
                       "created"),
            std::string::npos)
      << r.out;
  // The Magento checks still ran and passed: only the directory is wrong.
  EXPECT_NE(r.out.find("credentials accepted"), std::string::npos) << r.out;
}

TEST_F(CheckConfigTest, MissingConfigFileExits2) {
  ProcessResult r = CheckConfig(dir_.Join("absent.toml"));
  EXPECT_EQ(r.exit_code, kExitUsage) << r.out << r.err;
  EXPECT_NE(r.err.find("absent.toml"), std::string::npos) << r.err;
}

TEST_F(CheckConfigTest, SimStopsCleanlyOnSigterm) {
  sim_->child().Signal(SIGTERM);
  ProcessResult r = sim_->child().Wait(std::chrono::seconds(10));
  EXPECT_FALSE(r.timed_out) << "m2drop sim ignored SIGTERM";
  EXPECT_EQ(r.signal, 0);
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
}

}  // namespace
}  // namespace m2drop
