// SPDX-License-Identifier: Apache-2.0
// `m2drop check-config` and `m2drop sim`, both as the real binary: the
// simulator runs as a child process on an ephemeral loopback port, and
// check-config is run against it with configurations an operator might
// write, right or wrong. What is checked is what a person or a script sees:
// the exit code (docs/design.md §3) and the words on stdout: for each way
// Magento refuses a login, the one setting or value that fixes it.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
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
  // reaching `base_url` with the credentials in `auth_toml`.
  std::string WriteConfigWith(const std::string& base_url,
                              const std::string& auth_toml,
                              std::string inbox = "") {
    if (inbox.empty()) {
      inbox = dir_.Join("3pl/inbox");
      dir_.WriteFile("3pl/inbox/.keep", "");
    }
    return dir_.WriteFile(
        "m2drop.toml",
        "[magento]\nbase_url = \"" + base_url + "\"\n" + auth_toml +
            "connect_timeout = \"2s\"\ntimeout = \"5s\"\n"
            "[retry]\ninitial_backoff = \"10ms\"\nmax_backoff = \"50ms\"\n"
            "[[profile]]\nname = \"3pl\"\nkind = \"tracking\"\ninbox = \"" +
            inbox + "\"\n");
  }

  // As WriteConfigWith, signing in with bearer `token` (stored in a file).
  std::string WriteConfig(const std::string& base_url, const std::string& token,
                          std::string inbox = "") {
    return WriteConfigWith(base_url,
                           "auth = \"token\"\n" + Secret("token", token),
                           std::move(inbox));
  }

  // `<name>_file = "PATH"`, PATH holding `value`, as an operator writes it.
  std::string Secret(const std::string& name, const std::string& value) {
    return name + "_file = \"" +
           dir_.WriteFile("secrets/" + name, value + "\n") + "\"\n";
  }

  // auth = "oauth1" with the demo integration's values (fixtures/sim/
  // README.md), `wrong` replaced by a value of the same length that the
  // shop does not know.
  std::string OAuth1(const std::string& wrong = "") {
    const std::pair<std::string, std::string> values[] = {
        {"consumer_key", "dk7q2m9x4c1v8b5n3z6a0s2d4f6g8h1j"},
        {"consumer_secret", "s3cr3tq2w4e6r8t0y1u3i5o7p9a2s4d6"},
        {"access_token", kDemoAccessToken},
        {"access_token_secret", "ts1a2s3d4f5g6h7j8k9l0z1x2c3v4b5n"}};
    std::string toml = "auth = \"oauth1\"\n";
    for (const auto& [name, value] : values) {
      toml += Secret(name, name == wrong ? std::string(32, 'x') : value);
    }
    return toml;
  }

  // POST /_sim/flags, as an admin changing a shop setting.
  void SetFlags(const nlohmann::json& flags) {
    httplib::Client client(base_url_);
    auto r = client.Post("/_sim/flags", flags.dump(), "application/json");
    ASSERT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
  }

  static constexpr char kDemoAccessToken[] = "tq9w8e7r6t5y4u3i2o1p0a9s8d7f6g5h";

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
  EXPECT_NE(r.out.find("can ship orders"), std::string::npos) << r.out;
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

// The default: the integration's four values, signed, on a shop as it comes.
TEST_F(CheckConfigTest, PassesWithTheIntegrationsFourValues) {
  ProcessResult r = CheckConfig(WriteConfigWith(base_url_, OAuth1()));
  EXPECT_EQ(r.exit_code, kExitOk) << r.out << r.err;
  EXPECT_NE(r.out.find("(auth = oauth1)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("credentials accepted"), std::string::npos) << r.out;
}

// A shop as it comes (2.4.4+) refuses an integration's access token as a
// bearer token: check-config names the admin setting, or the oauth1 form,
// and the setting indeed fixes it.
TEST_F(CheckConfigTest, IntegrationTokenAsBearerNamesTheShopSettingOrOAuth1) {
  const std::string config = WriteConfig(base_url_, kDemoAccessToken);
  ProcessResult r = CheckConfig(config);
  EXPECT_EQ(r.exit_code, kExitUnauthorized) << r.out << r.err;
  EXPECT_NE(r.out.find("Stores > Configuration > Services > OAuth > Consumer "
                       "Settings > \"Allow OAuth Access Tokens to be used as "
                       "standalone Bearer tokens\" is Yes"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("auth = \"oauth1\" with the integration's four values "
                       "in consumer_key_file, consumer_secret_file, "
                       "access_token_file and access_token_secret_file"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find(kDemoAccessToken), std::string::npos) << "leaked";

  SetFlags({{"integration_bearer_allowed", true}});
  r = CheckConfig(config);
  EXPECT_EQ(r.exit_code, kExitOk) << r.out << r.err;
}

// Each refused OAuth value is named, among the four, so the operator copies
// the right one again.
TEST_F(CheckConfigTest, OAuth1RefusalNamesTheValueToCopyAgain) {
  const std::pair<const char*, const char*> cases[] = {
      {"consumer_key", "the Consumer Key (consumer_key_file"},
      {"access_token", "the Access Token (access_token_file"},
      {"consumer_secret", "the Consumer Secret (consumer_secret_file"},
      {"access_token_secret", "the Access Token Secret (access_token_secret_"},
  };
  for (const auto& [wrong, named] : cases) {
    ProcessResult r = CheckConfig(WriteConfigWith(base_url_, OAuth1(wrong)));
    EXPECT_EQ(r.exit_code, kExitUnauthorized) << wrong << r.out << r.err;
    EXPECT_NE(r.out.find(named), std::string::npos) << wrong << "\n" << r.out;
    EXPECT_EQ(r.out.find("s3cr3tq2w4e6r8t0y1u3i5o7p9a2s4d6"), std::string::npos)
        << "leaked";
  }
}

// Magento's default admin 2FA blocks the admin token route: the answer is
// an integration, in the oauth1 form.
TEST_F(CheckConfigTest, AdminBehindTwoFactorAuthNamesTheIntegrationForm) {
  SetFlags({{"two_factor_auth", true}});
  ProcessResult r = CheckConfig(WriteConfigWith(
      base_url_, "auth = \"admin\"\nusername = \"admin\"\n" +
                     Secret("password", "demo-admin-password1")));
  EXPECT_EQ(r.exit_code, kExitUnauthorized) << r.out << r.err;
  EXPECT_NE(r.out.find("blocked by two-factor auth on this shop: use an "
                       "integration (auth = \"oauth1\") instead"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("consumer_key_file, consumer_secret_file, "
                       "access_token_file and access_token_secret_file"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("demo-admin-password1"), std::string::npos) << "leaked";
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
  EXPECT_NE(r.out.find("inbox " + inbox + " does not exist: create it"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("not writable"), std::string::npos) << r.out;
  // The Magento checks still ran and passed: only the directory is wrong.
  EXPECT_NE(r.out.find("credentials accepted"), std::string::npos) << r.out;
}

// `watch` never creates an inbox (PrepareProfileDirs), so check-config must
// not pass one that is missing because it could be created.
TEST_F(CheckConfigTest, MissingInboxFailsEvenWhereItCouldBeCreated) {
  const std::string inbox = dir_.Join("3pl/inbox");
  dir_.WriteFile("3pl/.keep", "");
  ProcessResult r = CheckConfig(WriteConfig(base_url_, "demo-token", inbox));
  EXPECT_EQ(r.exit_code, kExitUsage) << r.out << r.err;
  EXPECT_NE(r.out.find("inbox " + inbox + " does not exist: create it"),
            std::string::npos)
      << r.out;
}

// work/, processed/ and failed/ are created by the daemon at start.
TEST_F(CheckConfigTest, MissingWorkDirectoriesAreFine) {
  ProcessResult r =
      testing::RunProcess({M2DROP_BINARY, "check-config", "--offline",
                           "--config", WriteConfig(base_url_, "demo-token")},
                          std::chrono::seconds(60));
  EXPECT_EQ(r.exit_code, kExitOk) << r.out << r.err;
  EXPECT_NE(r.out.find("directories ok"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("magento: not checked (--offline)"), std::string::npos)
      << r.out;
}

// README's permission table: shipping needs Magento_Sales::ship
// (Sales/etc/webapi.xml). An integration without it is told so by name,
// after every other probe said what works; nothing is shipped.
TEST_F(CheckConfigTest, AMissingResourceIsNamedAndExits77) {
  const std::string seed = dir_.WriteFile("seed.json", R"({
    "flags": {"integration_bearer_allowed": true},
    "auth": {"integrations": [{"consumer_key": "k", "consumer_secret": "s",
      "access_token": "limited-integration-token",
      "access_token_secret": "ts",
      "resources": ["Magento_Sales::actions_view",
                    "Magento_Sales::shipment"]}]},
    "orders": [{"increment_id": "1", "items": [{"sku": "A", "qty": 1}]}]})");
  SimProcess limited({"--seed", seed});
  ASSERT_TRUE(limited.started());
  ProcessResult r =
      CheckConfig(WriteConfig(limited.base_url(), "limited-integration-token"));
  EXPECT_EQ(r.exit_code, kExitUnauthorized) << r.out << r.err;
  EXPECT_NE(r.out.find("can search orders"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("can search shipments"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("cannot ship orders (Magento_Sales::ship is not "
                       "granted)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(limited.State()["orders"][0]["state"], "complete");
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
