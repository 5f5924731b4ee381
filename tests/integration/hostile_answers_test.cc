// SPDX-License-Identifier: Apache-2.0
// Answers that would cost unbounded memory or output (issue 17), through the
// real binary against loopback servers:
//   - a shop answering every request with a 5 MB error message: each row's
//     message is cut (its start kept, its length said), so report.json,
//     errors.csv, the --json summary, the daemon's log, the ledger and
//     `status` stay small (17 such rows made a 178 MB report.json; six
//     show it);
//   - an answer larger than [magento] max_response_size is refused and the
//     message names the key; a larger cap takes it.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "m2drop/base/exit_codes.h"
#include "testing/echo_shop.h"
#include "testing/loopback_http_server.h"
#include "testing/loopback_shop.h"
#include "testing/subprocess.h"
#include "testing/temp_dir.h"
#include "testing/watch_process.h"

namespace m2drop {
namespace {

namespace fs = std::filesystem;
using testing::ProcessResult;

constexpr size_t kFiveMegabytes = 5 << 20;

// 200 to every search, with a valid answer padded to `bytes`.
testing::LoopbackHttpServer BigAnswerShop(size_t bytes) {
  const std::string body = nlohmann::json{{"items", nlohmann::json::array()},
                                          {"total_count", 0},
                                          {"padding", std::string(bytes, 'p')}}
                               .dump();
  return testing::LoopbackHttpServer([body](httplib::Server& s) {
    s.Get(".*", [body](const httplib::Request&, httplib::Response& res) {
      res.set_content(body, "application/json");
    });
  });
}

class HostileAnswersTest : public ::testing::Test {
 protected:
  std::string Config(const std::string& base_url,
                     const std::string& magento_extra = "") {
    testing::ConnectionSettings settings;
    settings.max_attempts = 2;
    settings.give_up_after = "1s";
    std::string toml = testing::ConnectionToml(base_url, settings, dir_);
    toml.insert(toml.find("[retry]"), magento_extra);
    return dir_.WriteFile(
        "m2drop.toml", toml + "[daemon]\nstate_dir = \"" + dir_.Join("state") +
                           "\"\nsettle = \"200ms\"\nmetrics_listen = \"\"\n"
                           "[[profile]]\nname = \"3pl\"\nkind = "
                           "\"tracking\"\ninbox = \"" +
                           dir_.Join("3pl/inbox") + "\"\n");
  }

  static ProcessResult Run(std::vector<std::string> args) {
    args.insert(args.begin(), M2DROP_BINARY);
    return testing::RunProcess(args, std::chrono::seconds(120));
  }

  static uintmax_t SizeOf(const fs::path& path) {
    std::error_code ec;
    const uintmax_t size = fs::file_size(path, ec);
    EXPECT_FALSE(ec) << path;
    return ec ? 0 : size;
  }

  testing::ScopedTempDir dir_;
};

TEST_F(HostileAnswersTest, AFiveMegabyteMessagePerRowIsCutInEveryOutput) {
  testing::EchoShop shop("", 400, kFiveMegabytes);
  const std::string config = Config(shop.base_url());
  std::string csv = "order_number,tracking_number,carrier_code\n";
  for (int i = 1; i <= 6; ++i) {
    csv += "0000001" + std::to_string(10 + i) + ",TRK-" + std::to_string(i) +
           ",ups\n";
  }
  const std::string drop = dir_.WriteFile("3pl/inbox/drop.csv", csv);

  ProcessResult imported =
      Run({"import", drop, "--profile", "3pl", "--json", "--config", config});
  EXPECT_EQ(imported.exit_code, kExitRowsFailed)
      << imported.err.substr(0, 2000);
  EXPECT_LT(imported.out.size(), 200'000u);
  EXPECT_LT(imported.err.size(), 200'000u);
  nlohmann::json summary = nlohmann::json::parse(imported.out, nullptr, false);
  ASSERT_FALSE(summary.is_discarded()) << imported.out.substr(0, 2000);
  ASSERT_FALSE(summary["errors"].empty());
  EXPECT_NE(
      summary["errors"][0]["message"].get<std::string>().find("bytes in all"),
      std::string::npos);

  const fs::path failed = dir_.path() / "3pl/failed";
  EXPECT_LT(SizeOf(failed / "drop.csv.report.json"), 200'000u);
  EXPECT_LT(SizeOf(failed / "drop.csv.errors.csv"), 200'000u);

  // The daemon records every row's message in the ledger and logs it.
  testing::WatchProcess daemon(config);
  ASSERT_TRUE(daemon.WaitStarted());
  dir_.WriteFile("3pl/inbox/.again.csv", csv);
  fs::rename(dir_.path() / "3pl/inbox/.again.csv",
             dir_.path() / "3pl/inbox/again.csv");
  EXPECT_TRUE(testing::PollUntil(
      [&] { return fs::exists(failed / "again.csv.report.json"); },
      std::chrono::seconds(60), {&daemon}));
  daemon.child().Signal(SIGTERM);
  ProcessResult stopped = daemon.child().Wait(std::chrono::seconds(15));
  EXPECT_LT(stopped.err.size(), 200'000u);
  uintmax_t ledger = 0;
  for (const auto& e : fs::directory_iterator(dir_.path() / "state")) {
    ledger += SizeOf(e.path());
  }
  EXPECT_LT(ledger, 2'000'000u);
  ProcessResult status = Run({"status", "--json", "--config", config});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_LT(status.out.size(), 200'000u);
}

TEST_F(HostileAnswersTest, AnAnswerOverMaxResponseSizeIsRefusedNamingTheKey) {
  testing::LoopbackHttpServer shop = BigAnswerShop(2 << 20);
  dir_.WriteFile("3pl/inbox/.keep", "");
  ProcessResult small =
      Run({"check-config", "--config",
           Config(shop.base_url(), "max_response_size = \"1MiB\"\n")});
  EXPECT_EQ(small.exit_code, kExitUnavailable) << small.out << small.err;
  EXPECT_NE(small.out.find("max_response_size"), std::string::npos)
      << small.out;

  ProcessResult large =
      Run({"check-config", "--config",
           Config(shop.base_url(), "max_response_size = \"4MiB\"\n")});
  // The search's answer is taken (check-config's write probes, which this
  // shop does not route, fail on their own; they are not what is tested).
  EXPECT_NE(large.out.find("can search orders"), std::string::npos)
      << large.out << large.err;
  EXPECT_EQ(large.out.find("max_response_size"), std::string::npos)
      << large.out;
}

}  // namespace
}  // namespace m2drop
