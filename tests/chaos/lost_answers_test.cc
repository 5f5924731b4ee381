// SPDX-License-Identifier: Apache-2.0
// Lost answers, one way of the wire at a time (issue 16): the real
// `m2drop watch` against a real `m2drop sim` that applies a share of the
// requests (5 % or 20 %) and then loses their answers — the connection
// closed before any byte, closed after the status line and headers, or
// reset — while three drops go through: orders to ship (POST
// /V1/order/{id}/ship), orders already shipped that get a new track (POST
// /V1/shipment/track) and stock (POST /V1/inventory/source-items, in small
// batches). At the end:
//   - every drop is in processed/ with every row applied: nothing failed
//     because of a lost answer, nothing deferred;
//   - no write happened twice: one shipment per open order with its track,
//     one new track per shipped order, every stock quantity as sent;
//   - the api_calls of the reports add up to the requests the simulator
//     received: every request that left the process was counted, libcurl's
//     own resends on a fresh connection included.
// The fault seed is fixed per case, so a run repeats.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "testing/watch_process.h"

namespace m2drop {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using std::chrono::seconds;
using testing::GeneratedOrderNumber;
using testing::PollUntil;
using testing::ReadWholeFile;
using testing::WatchProcess;

constexpr int kOpenOrders = 40;     // shipped by the drop
constexpr int kShippedOrders = 40;  // get a second track
constexpr int kSkus = 40;           // stock rows, saved 4 per request

std::string Sku(int n) { return "LOST-" + std::to_string(n); }

// The shop: ShopSeed's open and shipped orders, plus kSkus simple products.
json Seed() {
  json seed = testing::ShopSeed(kOpenOrders, kShippedOrders);
  for (int n = 1; n <= kSkus; ++n) {
    seed["products"].push_back({{"sku", Sku(n)},
                                {"name", "Lost " + std::to_string(n)},
                                {"type", "simple"}});
  }
  return seed;
}

std::string ShipCsv() { return testing::TrackingCsv(1, kOpenOrders); }

std::string NewTrack(int n) { return "NEW-" + GeneratedOrderNumber(n); }

std::string TrackCsv() {
  std::string csv = "order_number,tracking_number,carrier_code,title\n";
  for (int n = kOpenOrders + 1; n <= kOpenOrders + kShippedOrders; ++n) {
    csv += GeneratedOrderNumber(n) + "," + NewTrack(n) + ",ups,UPS\n";
  }
  return csv;
}

int Quantity(int n) { return 100 + n; }

std::string StockCsv() {
  std::string csv = "sku,quantity,source_code\n";
  for (int n = 1; n <= kSkus; ++n) {
    csv += Sku(n) + "," + std::to_string(Quantity(n)) + ",default\n";
  }
  return csv;
}

using Case = std::tuple<std::string, double>;  // lost_response_mode, rate

class LostAnswersTest : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    const auto& [mode, rate] = GetParam();
    const std::string seed = dir_.WriteFile("seed.json", Seed().dump());
    sim_ = std::make_unique<testing::SimProcess>(std::vector<std::string>{
        "--seed", seed, "--lost-response-rate", std::to_string(rate),
        "--lost-response-mode", mode, "--fault-seed",
        std::to_string(static_cast<int>(rate * 100) + mode.size())});
    ASSERT_TRUE(sim_->started());
    testing::WatchSetup setup;
    setup.retry_toml =
        "[retry]\ninitial_backoff = \"10ms\"\nmax_backoff = \"50ms\"\n"
        "max_attempts = 10\n";
    setup.profiles = {{"3pl", "tracking", ""},
                      {"erp", "stock", "batch_size = 4\n"}};
    config_ = testing::WatchConfigToml(dir_, sim_->base_url(), setup);
  }

  void Drop(const std::string& profile, const std::string& name,
            const std::string& content) {
    dir_.WriteFile(profile + "/inbox/." + name, content);
    fs::rename(dir_.path() / profile / "inbox" / ("." + name),
               dir_.path() / profile / "inbox" / name);
  }

  // The drop's report, from processed/ or failed/ (with "filed_in" added),
  // or null while it has none.
  json Report(const std::string& profile, const std::string& name) const {
    for (const char* where : {"processed", "failed"}) {
      const fs::path path =
          dir_.path() / profile / where / (name + ".report.json");
      if (!fs::exists(path)) continue;
      json report = json::parse(ReadWholeFile(path.string()), nullptr, false);
      if (report.is_object()) report["filed_in"] = where;
      return report;
    }
    return nullptr;
  }

  testing::ScopedTempDir dir_;
  std::unique_ptr<testing::SimProcess> sim_;
  std::string config_;
};

TEST_P(LostAnswersTest, EveryRowAppliedOnceAndEveryRequestCounted) {
  WatchProcess daemon(config_);
  ASSERT_TRUE(daemon.WaitStarted(seconds(20)));
  Drop("3pl", "ship.csv", ShipCsv());
  Drop("3pl", "track.csv", TrackCsv());
  Drop("erp", "stock.csv", StockCsv());
  const std::vector<std::pair<std::string, std::string>> drops = {
      {"3pl", "ship.csv"}, {"3pl", "track.csv"}, {"erp", "stock.csv"}};
  ASSERT_TRUE(PollUntil(
      [&] {
        for (const auto& [profile, name] : drops) {
          if (Report(profile, name).is_null()) return false;
        }
        return true;
      },
      seconds(120), {&daemon}))
      << daemon.log();
  daemon.child().Signal(SIGTERM);
  EXPECT_EQ(daemon.child().Wait(seconds(10)).exit_code, 0);

  // Every row applied, in processed/.
  int64_t api_calls = 0;
  for (const auto& [profile, name] : drops) {
    const json report = Report(profile, name);
    ASSERT_TRUE(report.is_object()) << name;
    EXPECT_EQ(report["filed_in"], "processed") << report.dump(1);
    EXPECT_EQ(report["applied"], report["rows_total"]) << report.dump(1);
    EXPECT_EQ(report["failed"], 0) << name;
    EXPECT_EQ(report["deferred"], 0) << name;
    api_calls += report["api_calls"].get<int64_t>();
  }

  // No write twice.
  const json state = sim_->State();
  std::map<std::string, json> orders;
  for (const json& o : state["orders"]) {
    orders[o["increment_id"].get<std::string>()] = o;
  }
  for (int n = 1; n <= kOpenOrders; ++n) {
    const json& o = orders[GeneratedOrderNumber(n)];
    ASSERT_EQ(o["shipments"].size(), 1u) << o.dump();
    ASSERT_EQ(o["shipments"][0]["tracks"].size(), 1u) << o.dump();
    EXPECT_EQ(o["shipments"][0]["tracks"][0]["track_number"],
              "TRK-" + std::to_string(n));
  }
  for (int n = kOpenOrders + 1; n <= kOpenOrders + kShippedOrders; ++n) {
    const json& o = orders[GeneratedOrderNumber(n)];
    ASSERT_EQ(o["shipments"].size(), 1u) << o.dump();
    const json& tracks = o["shipments"][0]["tracks"];
    ASSERT_EQ(tracks.size(), 2u) << o.dump();
    EXPECT_EQ(tracks[1]["track_number"], NewTrack(n));
  }
  std::map<std::string, double> held;
  for (const json& item : state["source_items"]) {
    held[item["sku"].get<std::string>()] = item["quantity"];
  }
  for (int n = 1; n <= kSkus; ++n) EXPECT_EQ(held[Sku(n)], Quantity(n));

  // Every request that left the process was counted, and some answers
  // were lost (else the case proves nothing).
  const json requests = sim_->Requests();
  EXPECT_EQ(api_calls, requests["total"].get<int64_t>()) << requests.dump();
  EXPECT_GT(requests["faults"].value("lost_response", 0), 0) << requests.dump();
}

INSTANTIATE_TEST_SUITE_P(WireLosses, LostAnswersTest,
                         ::testing::Combine(::testing::Values("before_bytes",
                                                              "after_headers",
                                                              "reset"),
                                            ::testing::Values(0.05, 0.20)),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return std::get<0>(info.param) + "_" +
                                  std::to_string(static_cast<int>(
                                      std::get<1>(info.param) * 100 + 0.5)) +
                                  "pct";
                         });

}  // namespace
}  // namespace m2drop
