// SPDX-License-Identifier: Apache-2.0
// Secrets echoed by Magento or a proxy (issue 17): against a loopback "shop"
// that answers every request with an error quoting the request's headers
// (Authorization included) and a token endpoint quoting the request body
// (the admin password), the real binary's `check-config`, `import --json`
// (stdout and stderr, which is its log), `watch` (its log, at debug level)
// on a second drop, `status` and `status --json`, and every file they leave
// (report.json, errors.csv, the ledger with its WAL) hold none of the
// secrets: the bearer token, the admin password, the admin
// token (a JWT) and the OAuth consumer key, consumer secret, access token
// and token secret.
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "m2drop/base/exit_codes.h"
#include "testing/echo_shop.h"
#include "testing/loopback_shop.h"
#include "testing/subprocess.h"
#include "testing/temp_dir.h"
#include "testing/watch_process.h"

namespace m2drop {
namespace {

namespace fs = std::filesystem;
using testing::ProcessResult;

constexpr char kToken[] = "bearer-SECRET-4711";
constexpr char kPassword[] = "admin-PASSWORD-0815";
// A JWT (header {"alg":"HS256"}, payload {"exp":4102444800}).
constexpr char kJwt[] =
    "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjQxMDI0NDQ4MDB9.c2lnbmF0dXJlLVNFQ1JFVA";
constexpr char kConsumerKey[] = "ck-SECRET-consumer-key-000001";
constexpr char kConsumerSecret[] = "cs-SECRET-consumer-secret-0002";
constexpr char kAccessToken[] = "at-SECRET-access-token-000003";
constexpr char kTokenSecret[] = "ts-SECRET-token-secret-000004";

class EchoedSecretsTest : public ::testing::Test {
 protected:
  // Writes the configuration for `settings` against `shop`, a tracking drop
  // in the profile's inbox, and returns the config's path.
  void Configure(const testing::EchoShop& shop,
                 testing::ConnectionSettings settings) {
    settings.max_attempts = 2;
    settings.give_up_after = "1s";
    config_ = dir_.WriteFile(
        "m2drop.toml",
        testing::ConnectionToml(shop.base_url(), settings, dir_) +
            "[daemon]\nstate_dir = \"" + dir_.Join("state") +
            "\"\nsettle = \"200ms\"\nlog_level = \"debug\"\n"
            "metrics_listen = \"\"\n"
            "[[profile]]\nname = \"3pl\"\nkind = \"tracking\"\n"
            "inbox = \"" +
            dir_.Join("3pl/inbox") + "\"\n");
    drop_ = dir_.WriteFile("3pl/inbox/drop.csv",
                           "order_number,tracking_number,carrier_code\n"
                           "000000001,TRK-1,ups\n000000002,TRK-2,ups\n");
  }

  ProcessResult Run(std::vector<std::string> args) {
    args.insert(args.begin(), M2DROP_BINARY);
    args.insert(args.end(), {"--config", config_});
    ProcessResult r = testing::RunProcess(args, std::chrono::seconds(60));
    outputs_ += "\n== " + args[1] + "\n" + r.out + "\n" + r.err;
    return r;
  }

  // The daemon on a second drop, until the drop failed or waits.
  void RunDaemon() {
    testing::WatchProcess daemon(config_);
    ASSERT_TRUE(daemon.WaitStarted());
    dir_.WriteFile("3pl/inbox/.second.csv",
                   "order_number,tracking_number,carrier_code\n"
                   "000000003,TRK-3,ups\n");
    fs::rename(dir_.path() / "3pl/inbox/.second.csv",
               dir_.path() / "3pl/inbox/second.csv");
    EXPECT_TRUE(testing::PollUntil(
        [&] {
          return daemon.log().find("state=failed") != std::string::npos ||
                 daemon.log().find("state=waiting") != std::string::npos;
        },
        std::chrono::seconds(30), {&daemon}))
        << daemon.log();
    daemon.child().Signal(SIGTERM);
    ProcessResult stopped = daemon.child().Wait(std::chrono::seconds(15));
    outputs_ += "\n== watch\n" + stopped.err + stopped.out;
  }

  // check-config, import --json, watch, status and status --json; returns
  // the import's result.
  ProcessResult RunEveryCommand() {
    Run({"check-config"});
    ProcessResult imported =
        Run({"import", drop_, "--profile", "3pl", "--json"});
    RunDaemon();
    Run({"status"});
    ProcessResult status = Run({"status", "--json"});
    EXPECT_FALSE(
        nlohmann::json::parse(status.out, nullptr, false).is_discarded())
        << status.out;
    return imported;
  }

  // Every file the commands left: reports, errors.csv, the ledger and its
  // WAL (the secret files and the configuration are not theirs).
  std::string FilesLeft() const {
    std::string all;
    for (const char* sub : {"3pl", "state"}) {
      std::error_code ec;
      for (const auto& e :
           fs::recursive_directory_iterator(dir_.path() / sub, ec)) {
        if (!e.is_regular_file()) continue;
        all += "\n== " + e.path().string() + "\n" +
               testing::ReadWholeFile(e.path().string());
      }
    }
    return all;
  }

  void ExpectNoSecret(const std::vector<std::string>& secrets) {
    const std::string files = FilesLeft();
    for (const std::string& secret : secrets) {
      EXPECT_EQ(outputs_.find(secret), std::string::npos)
          << secret << " in the output:\n"
          << outputs_;
      EXPECT_EQ(files.find(secret), std::string::npos)
          << secret << " in a file:\n"
          << files;
    }
    // The echo did reach the outputs, masked.
    EXPECT_NE(outputs_.find("****"), std::string::npos) << outputs_;
  }

  testing::ScopedTempDir dir_;
  std::string config_;
  std::string drop_;
  std::string outputs_;  // every command's stdout and stderr
};

testing::ConnectionSettings Auth(const std::string& kind) {
  testing::ConnectionSettings s;
  s.auth = kind;
  s.token = kToken;
  s.password = kPassword;
  s.consumer_key = kConsumerKey;
  s.consumer_secret = kConsumerSecret;
  s.access_token = kAccessToken;
  s.access_token_secret = kTokenSecret;
  return s;
}

TEST_F(EchoedSecretsTest, BearerTokenEchoedInEveryRowsError) {
  testing::EchoShop shop;
  Configure(shop, Auth("token"));
  ProcessResult imported = RunEveryCommand();
  EXPECT_EQ(imported.exit_code, kExitRowsFailed) << outputs_;
  EXPECT_NE(outputs_.find("Request rejected"), std::string::npos) << outputs_;
  EXPECT_NE(FilesLeft().find("report.json"), std::string::npos);
  EXPECT_NE(FilesLeft().find("errors.csv"), std::string::npos);
  ExpectNoSecret({kToken});
}

TEST_F(EchoedSecretsTest, BearerTokenEchoedInARefusal) {
  testing::EchoShop shop("", 401);
  Configure(shop, Auth("token"));
  ProcessResult imported = RunEveryCommand();
  EXPECT_EQ(imported.exit_code, kExitUnauthorized) << outputs_;
  ExpectNoSecret({kToken});
}

TEST_F(EchoedSecretsTest, AdminPasswordEchoedByTheTokenEndpoint) {
  testing::EchoShop shop;  // refuses every sign-in, quoting it
  Configure(shop, Auth("admin"));
  ProcessResult imported = RunEveryCommand();
  EXPECT_EQ(imported.exit_code, kExitUnauthorized) << outputs_;
  EXPECT_NE(outputs_.find("Sign-in refused"), std::string::npos) << outputs_;
  ExpectNoSecret({kPassword});
}

TEST_F(EchoedSecretsTest, AdminTokenEchoedInEveryRowsError) {
  testing::EchoShop shop(kJwt);
  Configure(shop, Auth("admin"));
  ProcessResult imported = RunEveryCommand();
  EXPECT_EQ(imported.exit_code, kExitRowsFailed) << outputs_;
  ExpectNoSecret({kPassword, kJwt});
}

TEST_F(EchoedSecretsTest, OAuthCredentialsEchoedInEveryRowsError) {
  testing::EchoShop shop;
  Configure(shop, Auth("oauth1"));
  ProcessResult imported = RunEveryCommand();
  EXPECT_EQ(imported.exit_code, kExitRowsFailed) << outputs_;
  ExpectNoSecret({kConsumerKey, kConsumerSecret, kAccessToken, kTokenSecret});
}

}  // namespace
}  // namespace m2drop
