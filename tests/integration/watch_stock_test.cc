// SPDX-License-Identifier: Apache-2.0
// `m2drop watch` with a stock profile (issue 5 "Claiming"): stock files of
// one profile run strictly one after another, oldest first, so an older
// quantity never lands after a newer one — even with idle workers to spare.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "testing/watch_process.h"

namespace m2drop {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using std::chrono::seconds;

// The quantity the simulator holds for (sku, source), or -1.
double Quantity(const testing::SimProcess& sim, const std::string& sku,
                const std::string& source) {
  const json state = sim.State();
  for (const json& item : state["source_items"]) {
    if (item["sku"] == sku && item["source_code"] == source) {
      return item["quantity"].get<double>();
    }
  }
  return -1;
}

TEST(WatchStockTest, StockFilesOfOneProfileRunOneAfterAnotherOldestFirst) {
  testing::ScopedTempDir dir;
  auto sim = testing::StartSeededSim(dir, 0);
  ASSERT_TRUE(sim->started());
  testing::WatchSetup setup;
  setup.profiles = {{"erp", "stock", ""}};
  testing::WatchProcess daemon(
      testing::WatchConfigToml(dir, sim->base_url(), setup));
  ASSERT_TRUE(daemon.WaitStarted());

  // Five files, each setting the same SKU; their mtimes give the order.
  const fs::path inbox = dir.path() / "erp/inbox";
  const auto base = fs::file_time_type::clock::now() - std::chrono::minutes(5);
  for (int n = 1; n <= 5; ++n) {
    const std::string name = "stock-" + std::to_string(n) + ".csv";
    const std::string hidden = dir.WriteFile(
        "erp/inbox/." + name, "sku,quantity,source_code\n24-MB01," +
                                  std::to_string(n * 10) + ",default\n");
    fs::last_write_time(hidden, base + std::chrono::seconds(n));
  }
  for (int n = 5; n >= 1; --n) {  // newest first into the inbox
    const std::string name = "stock-" + std::to_string(n) + ".csv";
    ASSERT_EQ(rename((inbox / ("." + name)).c_str(), (inbox / name).c_str()),
              0);
  }
  ASSERT_TRUE(testing::PollUntil(
      [&] { return daemon.CountInLog("state=processed") == 5; }, seconds(15),
      {&daemon}))
      << daemon.log();
  EXPECT_EQ(Quantity(*sim, "24-MB01", "default"), 50);

  // Strictly serial and in mtime order: each file is claimed only after the
  // one before it was processed.
  size_t at = 0;
  for (int n = 1; n <= 5; ++n) {
    const std::string file = "file=stock-" + std::to_string(n) + ".csv";
    const size_t claimed =
        daemon.log().find(file + " profile=erp state=claimed");
    const size_t done =
        daemon.log().find(file + " profile=erp state=processed");
    ASSERT_NE(claimed, std::string::npos) << daemon.log();
    ASSERT_NE(done, std::string::npos) << daemon.log();
    EXPECT_GT(claimed, at) << file << "\n" << daemon.log();
    EXPECT_GT(done, claimed);
    at = done;
  }
}

}  // namespace
}  // namespace m2drop
