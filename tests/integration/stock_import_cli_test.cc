// SPDX-License-Identifier: Apache-2.0
// `m2drop import` of stock drops as the real binary against `m2drop sim` as a
// child process (issue 6): both stock samples end as the samples README
// says (read back through GET /_sim/state), a batch holding one bad SKU
// saves every other row (also when eight batches go out at once),
// Magento's input limit of 20 is learnt and the import completes, an older
// file is stale against the ledger, the legacy API updates stock items, and
// the exit codes and reports are those of tracking imports.
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "m2drop/base/exit_codes.h"
#include "testing/sim_process.h"
#include "testing/subprocess.h"
#include "testing/temp_dir.h"

namespace m2drop {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::FixturePath;
using testing::ProcessResult;
using testing::ReadWholeFile;
using testing::SimProcess;

constexpr char kSaveRoute[] = "POST /V1/inventory/source-items";

class StockImportCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sim_ = std::make_unique<SimProcess>(
        std::vector<std::string>{"--seed", FixturePath("sim/demo-seed.json")});
    ASSERT_TRUE(sim_->started());
    const std::string token = dir_.WriteFile("token", "demo-token\n");
    std::string toml = "[magento]\nbase_url = \"" + sim_->base_url() +
                       "\"\nauth = \"token\"\ntoken_file = \"" + token +
                       "\"\nconnect_timeout = \"2s\"\ntimeout = \"5s\"\n"
                       "[retry]\nmax_attempts = 3\ngive_up_after = \"2s\"\n"
                       "initial_backoff = \"10ms\"\n"
                       "max_backoff = \"50ms\"\n[daemon]\nstate_dir = \"" +
                       dir_.Join("state") + "\"\n";
    toml += Profile("msi", "");
    toml +=
        Profile("erp",
                "[profile.columns]\nsku = [\"ITEMNO\"]\n"
                "source = [\"WAREHOUSE\"]\nquantity = [\"QTY_AVAILABLE\"]\n");
    toml += Profile("nocheck", "check_skus = false\nbatch_size = 100\n");
    toml += Profile("legacy", "stock_api = \"legacy\"\n");
    toml += Profile("batches", "check_skus = false\nbatch_size = 5\n");
    config_ = dir_.WriteFile("m2drop.toml", toml);
  }

  std::string Profile(const std::string& name, const std::string& extra) {
    dir_.WriteFile(name + "/inbox/.keep", "");
    return "\n[[profile]]\nname = \"" + name +
           "\"\nkind = \"stock\"\npattern = [\"*.csv\", \"*.tsv\"]\n"
           "inbox = \"" +
           dir_.Join(name + "/inbox") + "\"\n" + extra;
  }

  ProcessResult Import(const std::string& profile, const std::string& name,
                       const std::string& content) {
    const std::string file =
        dir_.WriteFile(profile + "/inbox/" + name, content);
    return testing::RunProcess({M2DROP_BINARY, "import", file, "--profile",
                                profile, "--json", "--config", config_});
  }

  static json Summary(const ProcessResult& r) {
    json j = json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.out << r.err;
    return j.is_discarded() ? json::object() : j;
  }

  void SetFlags(const json& flags) {
    httplib::Client client(sim_->base_url());
    auto r = client.Post("/_sim/flags", flags.dump(), "application/json");
    ASSERT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
  }

  // Magento's source item (quantity, status) for sku at source, or null.
  json SourceItem(const std::string& sku, const std::string& source) {
    const json state = sim_->State();
    const json& items = state["source_items"];
    for (const json& item : items) {
      if (item["sku"] == sku && item["source_code"] == source) return item;
    }
    return nullptr;
  }

  json StockItem(const std::string& sku) {
    const json state = sim_->State();
    const json& items = state["stock_items"];
    for (const json& item : items) {
      if (item["sku"] == sku) return item;
    }
    return nullptr;
  }

  testing::ScopedTempDir dir_;
  std::unique_ptr<SimProcess> sim_;
  std::string config_;
};

TEST_F(StockImportCliTest, MsiSampleIsSavedInOneBatchWithDecimals) {
  ProcessResult r =
      Import("msi", "stock_sources_msi.csv",
             ReadWholeFile(FixturePath("samples/stock_sources_msi.csv")));
  ASSERT_EQ(r.exit_code, kExitOk) << r.out << r.err;
  json s = Summary(r);
  EXPECT_EQ(s["applied"], 4);
  EXPECT_EQ(s["api_calls"], 2);  // one product search, one save
  EXPECT_EQ(sim_->Count(kSaveRoute, 200), 1);
  EXPECT_EQ(SourceItem("WS12-M-Blue", "warehouse_eu")["quantity"], 35.5);
  EXPECT_EQ(SourceItem("WS12-M-Green", "warehouse_eu")["status"], 0);
  EXPECT_EQ(SourceItem("MH01-XS-Black", "default")["quantity"], 120);
  EXPECT_TRUE(fs::exists(dir_.Join("msi/processed/stock_sources_msi.csv")));
}

TEST_F(StockImportCliTest, ErpSampleKeepsTheNewerQuantity) {
  ProcessResult r =
      Import("erp", "stock_erp_export.tsv",
             ReadWholeFile(FixturePath("samples/stock_erp_export.tsv")));
  ASSERT_EQ(r.exit_code, kExitOk) << r.out << r.err;
  json s = Summary(r);
  EXPECT_EQ(s["applied"], 2);
  EXPECT_EQ(s["stale"], 1);
  EXPECT_EQ(SourceItem("MH01-XS-Black", "default")["quantity"], 118);
  EXPECT_EQ(SourceItem("WS12-M-Blue", "warehouse_eu")["quantity"], 30);
  const json report = json::parse(
      ReadWholeFile(
          dir_.Join("erp/processed/stock_erp_export.tsv.report.json")),
      nullptr, false);
  ASSERT_FALSE(report.is_discarded());
  EXPECT_EQ(report["rows"][1]["outcome"], "stale");
}

TEST_F(StockImportCliTest, OneBadSkuInABatchSavesAllTheOthers) {
  SetFlags({{"accept_unknown_skus", false}});
  std::string csv = "sku,quantity\n";
  const std::vector<std::string> skus = {"24-MB01", "24-MB02",     "24-MB03",
                                         "24-MB04", "NO-SUCH-SKU", "24-MB05",
                                         "24-MB06", "24-UB02"};
  for (const std::string& sku : skus) csv += sku + ",7\n";
  ProcessResult r = Import("nocheck", "bad.csv", csv);
  ASSERT_EQ(r.exit_code, kExitRowsFailed) << r.out << r.err;
  json s = Summary(r);
  EXPECT_EQ(s["applied"], 7);
  EXPECT_EQ(s["failed"], 1);
  EXPECT_EQ(s["errors"][0]["line"], 6);
  for (const std::string& sku : skus) {
    if (sku == "NO-SUCH-SKU") continue;
    EXPECT_EQ(SourceItem(sku, "default")["quantity"], 7) << sku;
  }
  EXPECT_TRUE(SourceItem("NO-SUCH-SKU", "default").is_null());
  const std::string errors =
      ReadWholeFile(dir_.Join("nocheck/failed/bad.csv.errors.csv"));
  EXPECT_NE(errors.find("NO-SUCH-SKU,7,"), std::string::npos) << errors;
}

// Eight batches of five go out at once (max_in_flight 8); the two holding
// a SKU the shop does not know are split until the bad rows are alone, and
// every other row is saved.
TEST_F(StockImportCliTest, BatchesSentAtOnceIsolateTheirOwnBadRows) {
  SetFlags({{"accept_unknown_skus", false}});
  const std::vector<std::string> skus = {
      "MH01",        "WS12",          "24-MB01",
      "24-MB02",     "24-MB03",       "24-MB04",
      "24-MB05",     "24-MB06",       "24-UB02",
      "24-UG06",     "24-WB01",       "24-WB04",
      "24-WG02",     "MH01-XS-Black", "MH01-XS-Orange",
      "WS12-M-Blue", "WS12-M-Green",  "VIRTUAL-GIFT-CARD"};
  // 36 good rows (each SKU at two sources) and two unknown SKUs, 40 rows.
  std::vector<std::pair<std::string, std::string>> rows;
  for (const char* source : {"default", "warehouse_eu"}) {
    for (const std::string& sku : skus) rows.emplace_back(sku, source);
  }
  rows.insert(rows.begin() + 7, {"NO-SUCH-1", "default"});
  rows.insert(rows.begin() + 31, {"NO-SUCH-2", "default"});
  std::string csv = "sku,quantity,source_code\n";
  for (size_t i = 0; i < rows.size(); ++i) {
    csv +=
        rows[i].first + "," + std::to_string(i) + "," + rows[i].second + "\n";
  }
  ProcessResult r = Import("batches", "batches.csv", csv);
  ASSERT_EQ(r.exit_code, kExitRowsFailed) << r.out << r.err;
  json s = Summary(r);
  EXPECT_EQ(s["applied"], 36);
  EXPECT_EQ(s["failed"], 2);
  ASSERT_EQ(s["errors"].size(), 2u);
  std::vector<int> lines = {s["errors"][0]["line"], s["errors"][1]["line"]};
  std::sort(lines.begin(), lines.end());
  EXPECT_EQ(lines, (std::vector<int>{9, 33}));
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].first.rfind("NO-SUCH", 0) == 0) continue;
    EXPECT_EQ(SourceItem(rows[i].first, rows[i].second)["quantity"], i)
        << rows[i].first << " at " << rows[i].second;
  }
  // Each bad batch of five: refused whole, then by halves down to the bad
  // row, three refusals in all; the six good batches are saved at once.
  EXPECT_EQ(sim_->Count(kSaveRoute, 400), 6);
}

TEST_F(StockImportCliTest, InputLimitOfTwentyIsLearnt) {
  SetFlags({{"input_limits", true}, {"input_array_limit", 20}});
  std::string csv = "sku,quantity\n";
  for (int i = 0; i < 60; ++i) {
    csv += "GEN-" + std::to_string(i) + "," + std::to_string(i) + "\n";
  }
  ProcessResult r = Import("nocheck", "limits.csv", csv);
  ASSERT_EQ(r.exit_code, kExitOk) << r.out << r.err;
  EXPECT_EQ(Summary(r)["applied"], 60);
  EXPECT_EQ(sim_->Count(kSaveRoute, 400), 1);  // the 60 refused once
  EXPECT_EQ(sim_->Count(kSaveRoute, 200), 3);
  EXPECT_EQ(SourceItem("GEN-59", "default")["quantity"], 59);
}

TEST_F(StockImportCliTest, OlderFileIsStaleAcrossFiles) {
  ProcessResult newer =
      Import("msi", "newer.csv", "sku,quantity,sequence\n24-MB01,50,20\n");
  ASSERT_EQ(newer.exit_code, kExitOk) << newer.out << newer.err;
  ProcessResult older =
      Import("msi", "older.csv",
             "sku,quantity,sequence\n24-MB01,40,19\n24-MB02,3,19\n");
  ASSERT_EQ(older.exit_code, kExitOk) << older.out << older.err;
  json s = Summary(older);
  EXPECT_EQ(s["stale"], 1);
  EXPECT_EQ(s["applied"], 1);
  EXPECT_EQ(SourceItem("24-MB01", "default")["quantity"], 50);
  EXPECT_EQ(SourceItem("24-MB02", "default")["quantity"], 3);
}

TEST_F(StockImportCliTest, LegacyApiUpdatesStockItems) {
  ProcessResult r = Import("legacy", "legacy.csv",
                           "sku,quantity\n24-MB01,12\n24-MB02,0\nNOPE,1\n");
  ASSERT_EQ(r.exit_code, kExitRowsFailed) << r.out << r.err;
  json s = Summary(r);
  EXPECT_EQ(s["applied"], 2);
  EXPECT_EQ(s["failed"], 1);
  EXPECT_EQ(StockItem("24-MB01")["qty"], 12);
  EXPECT_EQ(StockItem("24-MB02")["is_in_stock"], false);
  EXPECT_EQ(sim_->Count(kSaveRoute, 200), 0);
}

// Magento's StockItemRepository::save keeps qty 0 out of stock without
// backorders; the row reports what Magento saved (issue 16).
TEST_F(StockImportCliTest, LegacyZeroInStockReportsTheStatusMagentoSaved) {
  ProcessResult r =
      Import("legacy", "zero.csv", "sku,quantity,status\n24-MB01,0,in stock\n");
  ASSERT_EQ(r.exit_code, kExitOk) << r.out << r.err;
  EXPECT_EQ(StockItem("24-MB01")["is_in_stock"], false);
  const json report = json::parse(
      ReadWholeFile(dir_.Join("legacy/processed/zero.csv.report.json")),
      nullptr, false);
  ASSERT_FALSE(report.is_discarded());
  EXPECT_EQ(report["rows"][0]["outcome"], "applied");
  EXPECT_NE(report["rows"][0]["message"].get<std::string>().find(
                "Magento saved it out of stock"),
            std::string::npos)
      << report["rows"][0].dump();
}

TEST_F(StockImportCliTest, DryRunWritesNothing) {
  const std::string file =
      dir_.WriteFile("msi/inbox/dry.csv", "sku,quantity\n24-MB01,99\n");
  ProcessResult r =
      testing::RunProcess({M2DROP_BINARY, "import", file, "--profile", "msi",
                           "--json", "--dry-run", "--config", config_});
  ASSERT_EQ(r.exit_code, kExitOk) << r.out << r.err;
  EXPECT_EQ(Summary(r)["mode"], "dry-run");
  EXPECT_EQ(sim_->Posts(), 0);
  EXPECT_TRUE(fs::exists(file));
}

TEST_F(StockImportCliTest, MagentoDownDefersAndExits75) {
  httplib::Client client(sim_->base_url());
  auto set =
      client.Post("/_sim/faults", R"({"outage": true})", "application/json");
  ASSERT_TRUE(set && set->status == 200);
  const std::string file =
      dir_.WriteFile("msi/inbox/down.csv", "sku,quantity\n24-MB01,1\n");
  ProcessResult r =
      testing::RunProcess({M2DROP_BINARY, "import", file, "--profile", "msi",
                           "--json", "--config", config_},
                          std::chrono::seconds(60));
  EXPECT_EQ(r.exit_code, kExitUnavailable) << r.out << r.err;
  EXPECT_EQ(Summary(r)["deferred"], 1);
  EXPECT_TRUE(fs::exists(file));
}

}  // namespace
}  // namespace m2drop
