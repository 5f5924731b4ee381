// SPDX-License-Identifier: Apache-2.0
// Secrets never reach a log line or a report (issue 7): `m2drop watch` at
// debug level — every request logged — imports a drop with a failing row
// against `m2drop sim`, and neither its whole log nor the reports it wrote
// hold the configured token; nor does the log of a daemon whose token the
// shop refuses.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <string>

#include "testing/watch_process.h"

namespace m2drop {
namespace {

namespace fs = std::filesystem;
using std::chrono::seconds;

constexpr char kToken[] = "demo-token";  // WatchConfigToml's token

TEST(WatchSecretsTest, TheTokenAppearsInNoLogLineAndNoReport) {
  testing::ScopedTempDir dir;
  auto sim = testing::StartSeededSim(dir, 3);
  ASSERT_TRUE(sim->started());
  testing::WatchSetup setup;
  setup.daemon_extra_toml = "log_level = \"debug\"\n";
  testing::WatchProcess daemon(
      testing::WatchConfigToml(dir, sim->base_url(), setup));
  ASSERT_TRUE(daemon.WaitStarted());

  dir.WriteFile("3pl/inbox/.drop.csv",
                testing::TrackingCsv(1, 3) + "999999999,TRK-X,ups,UPS\n");
  fs::rename(dir.path() / "3pl/inbox/.drop.csv",
             dir.path() / "3pl/inbox/drop.csv");
  const fs::path report = dir.path() / "3pl/failed/drop.csv.report.json";
  ASSERT_TRUE(testing::PollUntil([&] { return fs::exists(report); },
                                 seconds(20), {&daemon}))
      << daemon.log();
  daemon.child().Signal(SIGTERM);
  testing::ProcessResult stopped = daemon.child().Wait(seconds(10));
  EXPECT_EQ(stopped.exit_code, 0);

  // The log is not trivially empty: requests and the file's end are in it.
  EXPECT_NE(stopped.err.find("state=failed"), std::string::npos) << stopped.err;
  EXPECT_NE(stopped.err.find("debug"), std::string::npos) << stopped.err;
  EXPECT_EQ(stopped.err.find(kToken), std::string::npos) << stopped.err;
  for (const auto& entry :
       fs::recursive_directory_iterator(dir.path() / "3pl")) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    if (name.find(".report.json") == std::string::npos &&
        name.find(".errors.csv") == std::string::npos) {
      continue;
    }
    EXPECT_EQ(testing::ReadWholeFile(entry.path().string()).find(kToken),
              std::string::npos)
        << entry.path();
  }
}

TEST(WatchSecretsTest, ARefusedTokenIsNotEchoedInTheLog) {
  testing::ScopedTempDir dir;
  auto sim = testing::StartSeededSim(dir, 3);
  ASSERT_TRUE(sim->started());
  const std::string config =
      testing::WatchConfigToml(dir, sim->base_url(), testing::WatchSetup{});
  constexpr char kWrong[] = "wrong-secret-token-4711";
  dir.WriteFile("token", std::string(kWrong) + "\n");  // the shop refuses it
  testing::WatchProcess daemon(config);
  ASSERT_TRUE(daemon.WaitStarted());
  dir.WriteFile("3pl/inbox/.drop.csv", testing::TrackingCsv(1, 3));
  fs::rename(dir.path() / "3pl/inbox/.drop.csv",
             dir.path() / "3pl/inbox/drop.csv");
  // The file waits in work/ and the log says why.
  ASSERT_TRUE(testing::PollUntil(
      [&] { return daemon.log().find("state=waiting") != std::string::npos; },
      seconds(20), {&daemon}))
      << daemon.log();
  daemon.child().Signal(SIGTERM);
  testing::ProcessResult stopped = daemon.child().Wait(seconds(10));
  EXPECT_EQ(stopped.err.find(kWrong), std::string::npos) << stopped.err;
}

}  // namespace
}  // namespace m2drop
