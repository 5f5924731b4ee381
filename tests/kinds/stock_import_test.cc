// SPDX-License-Identifier: Apache-2.0
#include "m2drop/kinds/stock/stock_import.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "fakes/fake_api_caller.h"
#include "m2drop/base/fake_clock.h"
#include "m2drop/base/strings.h"
#include "m2drop/ledger/sqlite_ledger.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::pipeline {
namespace {

using magento::FakeApiCaller;
using nlohmann::json;

constexpr char kSave[] = "V1/inventory/source-items";

// A shop knowing the products in `known_`; saves succeed and are kept.
class StockImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    profile_.name = "erp";
    profile_.kind = &config::KindNamed("stock");
    known_ = {"A", "B", "C", "MH01-XS-Black", "WS12-M-Blue"};
    caller_.OnCall("GET", "V1/products", [this](const magento::ApiRequest& r) {
      json items = json::array();
      for (const auto& [key, value] : r.query) {
        if (key.find("[value]") == std::string::npos) continue;
        for (std::string_view sku : Split(value, ',')) {
          // Magento's collation ignores case; it answers its own spelling.
          for (const std::string& known : known_) {
            if (!EqualsIgnoreCase(known, sku)) continue;
            items.push_back({{"id", items.size() + 1},
                             {"sku", known},
                             {"type_id", "simple"}});
          }
        }
      }
      return FakeApiCaller::Ok(
          {{"items", items}, {"total_count", items.size()}});
    });
    caller_.OnCall("POST", kSave, [this](const magento::ApiRequest& r) {
      for (const json& item : (*r.body)["sourceItems"]) saved_.push_back(item);
      return FakeApiCaller::Ok(json::array());
    });
    auto ledger = ledger::SqliteLedger::Open(":memory:", clock_);
    ASSERT_OK(ledger);
    ledger_ = std::move(*ledger);
  }

  Result<ImportResult> Import(const std::string& name, const std::string& csv,
                              DropImportOptions options = {}) {
    std::string path = dir_.WriteFile(name, csv);
    options.source_name = name;
    if (options.stock_versions == nullptr)
      options.stock_versions = ledger_.get();
    return ImportStockDrop(path, profile_, limits_, caller_, {}, clock_,
                           options);
  }

  size_t Calls(const std::string& method, const std::string& path) const {
    return caller_.RequestsTo(method, path).size();
  }

  testing::ScopedTempDir dir_;
  FakeClock clock_;
  config::Profile profile_;
  config::LimitsConfig limits_;
  FakeApiCaller caller_;
  std::set<std::string> known_;
  std::vector<json> saved_;
  std::unique_ptr<ledger::Ledger> ledger_;
};

TEST_F(StockImportTest, ErpSampleKeepsTheNewerQuantity) {
  profile_.columns = {{"sku", {"ITEMNO"}},
                      {"quantity", {"QTY_AVAILABLE"}},
                      {"source", {"WAREHOUSE"}},
                      {"version", {"UPDATED_AT"}}};
  std::string path = testing::FixturePath("samples/stock_erp_export.tsv");
  DropImportOptions options;
  options.stock_versions = ledger_.get();
  options.source_name = "stock_erp_export.tsv";
  auto result =
      ImportStockDrop(path, profile_, limits_, caller_, {}, clock_, options);
  ASSERT_OK(result);
  const std::vector<RowOutcome>& o = result->outcomes;
  ASSERT_EQ(o.size(), 3u);
  EXPECT_EQ(o[0].state, RowState::kApplied);
  EXPECT_EQ(o[1].state, RowState::kStale);
  EXPECT_NE(o[1].message.find("line 2 has a newer update"), std::string::npos);
  EXPECT_EQ(o[2].state, RowState::kApplied);
  EXPECT_EQ(result->summary.applied, 2u);
  EXPECT_EQ(result->summary.stale, 1u);
  EXPECT_EQ(result->summary.failed, 0u);
  ASSERT_EQ(saved_.size(), 2u);
  EXPECT_EQ(saved_[0]["quantity"], 118.0);
  EXPECT_EQ(saved_[1]["source_code"], "warehouse_eu");
  EXPECT_EQ(Calls("GET", "V1/products"), 1u);
  EXPECT_EQ(Calls("POST", kSave), 1u);
  EXPECT_EQ(result->summary.api_calls, 2u);
  // The applied versions are in the ledger for the next file.
  const std::vector<ledger::StockKey> keys = {{"MH01-XS-Black", "default"}};
  auto stamps = ledger_->LastStockVersions(keys);
  ASSERT_OK(stamps);
  ASSERT_EQ(stamps->size(), 1u);
  EXPECT_EQ(stamps->begin()->second.file, "stock_erp_export.tsv");
}

TEST_F(StockImportTest, OlderFileIsStaleAgainstTheLedger) {
  ASSERT_OK(Import("erp-2.csv", "sku,quantity,sequence\nA,5,10\nB,1,10\n"));
  saved_.clear();
  auto result = Import("erp-1.csv", "sku,quantity,sequence\nA,4,9\nB,2,11\n");
  ASSERT_OK(result);
  EXPECT_EQ(result->outcomes[0].state, RowState::kStale);
  EXPECT_NE(result->outcomes[0].message.find("file \"erp-2.csv\" applied a "
                                             "newer quantity"),
            std::string::npos)
      << result->outcomes[0].message;
  EXPECT_EQ(result->outcomes[1].state, RowState::kApplied);
  ASSERT_EQ(saved_.size(), 1u);
  EXPECT_EQ(saved_[0]["sku"], "B");
}

TEST_F(StockImportTest, UnknownSkusFailWithoutBeingSent) {
  auto result = Import("s.csv", "sku,quantity\nA,1\nNOPE,2\nB,3\n");
  ASSERT_OK(result);
  EXPECT_EQ(result->outcomes[1].state, RowState::kFailed);
  EXPECT_EQ(result->outcomes[1].code, "unknown_sku");
  EXPECT_EQ(result->outcomes[1].message,
            "SKU \"NOPE\" does not exist in Magento; create the product first "
            "or correct the SKU (nothing was saved for this row)");
  EXPECT_EQ(saved_.size(), 2u);
  ASSERT_EQ(result->failed_rows.size(), 1u);
  EXPECT_EQ(result->failed_rows[0].text, "NOPE,2");
}

TEST_F(StockImportTest, SkuCheckIgnoresCaseAsMagentoDoesAndAsksEachSkuOnce) {
  auto result = Import("s.csv",
                       "sku,quantity,source\na,1,default\nA,2,warehouse_eu\n"
                       "mh01-xs-black,3,default\nnope,4,default\n");
  ASSERT_OK(result);
  EXPECT_EQ(result->summary.applied, 3u);
  EXPECT_EQ(result->outcomes[3].code, "unknown_sku");
  const auto searches = caller_.RequestsTo("GET", "V1/products");
  ASSERT_EQ(searches.size(), 1u);
  std::string asked;
  for (const auto& [key, value] : searches[0].query) {
    if (key.find("[value]") != std::string::npos) asked = value;
  }
  EXPECT_EQ(asked, "a,mh01-xs-black,nope");
  ASSERT_EQ(saved_.size(), 3u);
  EXPECT_EQ(saved_[1]["sku"], "A");  // sent as the file spells it
}

TEST_F(StockImportTest, WithoutSkuCheckOnlySaves) {
  profile_.stock.check_skus = false;
  auto result = Import("s.csv", "sku,quantity\nNOPE,2\n");
  ASSERT_OK(result);
  EXPECT_EQ(Calls("GET", "V1/products"), 0u);
  EXPECT_EQ(result->outcomes[0].state, RowState::kApplied);
}

TEST_F(StockImportTest, DryRunOnlyLooksUp) {
  DropImportOptions options;
  options.dry_run = true;
  auto result = Import("s.csv", "sku,quantity\nA,1\nNOPE,2\n", options);
  ASSERT_OK(result);
  EXPECT_EQ(Calls("POST", kSave), 0u);
  EXPECT_EQ(Calls("GET", "V1/products"), 1u);
  EXPECT_EQ(result->summary.mode, "dry-run");
  EXPECT_EQ(result->outcomes[0].state, RowState::kWouldApply);
  EXPECT_EQ(result->outcomes[1].code, "unknown_sku");
}

TEST_F(StockImportTest, BadRowsAreReportedWithTheirColumn) {
  auto result = Import("s.csv", "sku,quantity\nA,-1\n,2\nB,1.5\n");
  ASSERT_OK(result);
  EXPECT_EQ(result->summary.failed, 2u);
  EXPECT_EQ(result->summary.valid, 1u);
  EXPECT_EQ(result->outcomes[0].code, "invalid_quantity");
  ASSERT_FALSE(result->outcomes[0].errors.empty());
  EXPECT_EQ(result->outcomes[0].errors[0].column, 2u);
}

TEST_F(StockImportTest, SkuSearchOutageDefersEveryCheckedRow) {
  FakeApiCaller down;
  down.On("GET", "V1/products", {FakeApiCaller::Unavailable(503)});
  std::string path = dir_.WriteFile("s.csv", "sku,quantity\nA,1\nB,x\n");
  auto result = ImportStockDrop(path, profile_, limits_, down, {}, clock_, {});
  ASSERT_OK(result);
  EXPECT_EQ(result->interrupted.code(), StatusCode::kUnavailable);
  EXPECT_EQ(result->summary.deferred, 1u);
  EXPECT_EQ(result->summary.failed, 1u);
}

TEST_F(StockImportTest, RefusedCredentialsFailTheImport) {
  FakeApiCaller refused;
  magento::ApiResult answer;
  answer.status = Status::Unauthenticated("The consumer isn't authorized");
  refused.On("GET", "V1/products", {answer});
  std::string path = dir_.WriteFile("s.csv", "sku,quantity\nA,1\n");
  auto result =
      ImportStockDrop(path, profile_, limits_, refused, {}, clock_, {});
  EXPECT_EQ(result.status().code(), StatusCode::kUnauthenticated);
}

TEST_F(StockImportTest, ResumesFromDoneBeforeAndHandsOverFinalRows) {
  RowOutcome applied;
  applied.line = 2;
  applied.state = RowState::kApplied;
  applied.message = "saved before the restart";
  const std::unordered_map<uint64_t, RowOutcome> before = {{2, applied}};
  std::vector<uint64_t> handed_over;
  DropImportOptions options;
  options.done_before = &before;
  options.on_rows_done = [&](std::span<const RowOutcome> rows) {
    for (const RowOutcome& r : rows) handed_over.push_back(r.line);
  };
  auto result =
      Import("s.csv", "sku,quantity\nA,1\nB,1\nC,x\nA,2\nNOPE,1\n", options);
  ASSERT_OK(result);
  EXPECT_EQ(result->outcomes[0].message, "saved before the restart");
  // Line 5 (A again) is imported: it was not decided before.
  ASSERT_EQ(saved_.size(), 2u);
  EXPECT_EQ(saved_[0]["sku"], "B");
  EXPECT_EQ(saved_[1]["sku"], "A");
  // Local failure, unknown SKU, then the saved batch; never line 2.
  EXPECT_EQ(handed_over, (std::vector<uint64_t>{4, 6, 3, 5}));
}

TEST_F(StockImportTest, LegacyApiUpdatesStockItemsOfTheDefaultSource) {
  profile_.stock.stock_api = config::StockApi::kLegacy;
  caller_.On("PUT", "V1/products/A/stockItems/1", {FakeApiCaller::Ok(7)});
  auto result = Import("s.csv",
                       "sku,quantity,source_code\nA,3,default\n"
                       "B,1,warehouse_eu\n");
  ASSERT_OK(result);
  EXPECT_EQ(result->outcomes[0].state, RowState::kApplied);
  EXPECT_EQ(result->outcomes[1].code, "source_not_supported");
  EXPECT_EQ(Calls("POST", kSave), 0u);
  EXPECT_EQ(Calls("PUT", "V1/products/A/stockItems/1"), 1u);
}

TEST_F(StockImportTest, ProgressCountsTheUpdates) {
  std::vector<std::pair<uint64_t, uint64_t>> calls;
  profile_.stock.batch_size = 2;
  DropImportOptions options;
  options.progress = [&](uint64_t done, uint64_t total) {
    calls.emplace_back(done, total);
  };
  ASSERT_OK(Import("s.csv", "sku,quantity\nA,1\nB,1\nC,1\n", options));
  // One call per batch; the batches run at once, so either may end first.
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_TRUE(calls[0] == (std::pair<uint64_t, uint64_t>{2, 3}) ||
              calls[0] == (std::pair<uint64_t, uint64_t>{1, 3}))
      << calls[0].first;
  EXPECT_EQ(calls[1], (std::pair<uint64_t, uint64_t>{3, 3}));
  EXPECT_EQ(Calls("POST", kSave), 2u);
}

}  // namespace
}  // namespace m2drop::pipeline
