// SPDX-License-Identifier: Apache-2.0
#include "m2drop/kinds/stock/stock_apply.h"

#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "fakes/fake_api_caller.h"
#include "fakes/gated_api_caller.h"

namespace m2drop::pipeline {
namespace {

using magento::FakeApiCaller;
using nlohmann::json;

constexpr char kSave[] = "V1/inventory/source-items";

// An MSI save endpoint: all or nothing, rejecting any request that holds a
// bad SKU, and (when `input_limit` > 0) any array longer than that.
class StockApplyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    caller_.OnCall("POST", kSave, [this](const magento::ApiRequest& r) {
      const json& items = (*r.body)["sourceItems"];
      if (input_limit_ > 0 && items.size() > size_t(input_limit_)) {
        return FakeApiCaller::Rejected(
            400,
            "Maximum items of type \"SourceItemInterface\" is " +
                std::to_string(input_limit_),
            "Maximum items of type \"%type\" is %max",
            {{"type", "SourceItemInterface"}, {"max", input_limit_}});
      }
      if (outage_after_ >= 0 && saves_ok_ >= outage_after_) {
        return FakeApiCaller::Unavailable(503);
      }
      for (const json& item : items) {
        if (bad_.contains(item["sku"].get<std::string>())) {
          return FakeApiCaller::Rejected(
              400, "Validation Failed: Product with requested \"sku\": \"" +
                       item["sku"].get<std::string>() +
                       "\" was was not found.");
        }
      }
      ++saves_ok_;
      for (const json& item : items) saved_.push_back(item);
      return FakeApiCaller::Ok(json::array());
    });
  }

  void AddRows(int n, const std::string& prefix = "SKU-") {
    for (int i = 0; i < n; ++i) {
      StockRow row;
      row.line = rows_.size() + 2;
      row.sku = prefix + std::to_string(i);
      row.source = "default";
      row.quantity = i;
      row.in_stock = i > 0;
      rows_.push_back(row);
      updates_.push_back(rows_.size() - 1);
    }
    outcomes_.resize(rows_.size());
  }

  StockApplyContext Context(magento::Client& client) {
    return {rows_,
            client,
            {},
            [this](std::span<const size_t> done) {
              batches_.push_back(done.size());
            },
            &outcome_view_};
  }

  size_t Saves() const { return caller_.RequestsTo("POST", kSave).size(); }

  FakeApiCaller caller_;
  std::set<std::string> bad_;
  int input_limit_ = 0;
  int outage_after_ = -1;  // successful saves before 503s
  int saves_ok_ = 0;
  std::vector<json> saved_;
  std::vector<StockRow> rows_;
  std::vector<size_t> updates_;
  std::vector<RowOutcome> outcomes_;
  RowOutcomes outcome_view_{outcomes_};
  std::vector<size_t> batches_;
};

TEST_F(StockApplyTest, SavesInBatchesWithExplicitStatus) {
  AddRows(250);
  rows_[3].sku = "  SKU-3 ";
  magento::Client client(caller_, {.array_limit = 100});
  ASSERT_TRUE(ApplyMsi(Context(client), updates_, 100, 1).ok());
  EXPECT_EQ(Saves(), 3u);
  EXPECT_EQ(batches_, (std::vector<size_t>{100, 100, 50}));
  ASSERT_EQ(saved_.size(), 250u);
  EXPECT_EQ(saved_[0], (json{{"sku", "SKU-0"},
                             {"source_code", "default"},
                             {"quantity", 0.0},
                             {"status", 0}}));
  EXPECT_EQ(saved_[3]["sku"], "SKU-3");
  EXPECT_EQ(saved_[3]["status"], 1);
  EXPECT_EQ(outcomes_[1].state, RowState::kApplied);
  EXPECT_EQ(outcomes_[1].message,
            "saved 1 (in stock) for SKU \"SKU-1\" at source \"default\"");
}

TEST_F(StockApplyTest, BisectionIsolatesOneBadSkuInABatchOfHundred) {
  AddRows(100);
  bad_ = {"SKU-37"};
  magento::Client client(caller_, {.array_limit = 100});
  ASSERT_TRUE(ApplyMsi(Context(client), updates_, 100, 1).ok());
  for (size_t i = 0; i < 100; ++i) {
    if (i == 37) continue;
    EXPECT_EQ(outcomes_[i].state, RowState::kApplied) << i;
  }
  EXPECT_EQ(outcomes_[37].state, RowState::kFailed);
  EXPECT_EQ(outcomes_[37].code, "magento_rejected");
  EXPECT_NE(outcomes_[37].message.find("was was not found"), std::string::npos);
  EXPECT_EQ(saved_.size(), 99u);
  // The first try, then two halves per level down to one row: at most
  // 2·⌈log2 100⌉ more (halves of odd sizes make some paths one level
  // shorter).
  EXPECT_GE(Saves(), 1u + 2 * 6);
  EXPECT_LE(Saves(), 1u + 2 * 7);
  EXPECT_EQ(batches_, (std::vector<size_t>{100}));
}

TEST_F(StockApplyTest, TwoBadSkusAreBothIsolated) {
  AddRows(40);
  bad_ = {"SKU-0", "SKU-39"};
  magento::Client client(caller_, {.array_limit = 40});
  ASSERT_TRUE(ApplyMsi(Context(client), updates_, 40, 1).ok());
  EXPECT_EQ(outcomes_[0].state, RowState::kFailed);
  EXPECT_EQ(outcomes_[39].state, RowState::kFailed);
  EXPECT_EQ(saved_.size(), 38u);
}

TEST_F(StockApplyTest, LearntInputLimitCompletesTheImport) {
  AddRows(100);
  input_limit_ = 20;
  magento::Client client(caller_, {.array_limit = 100});
  ASSERT_TRUE(ApplyMsi(Context(client), updates_, 100, 1).ok());
  EXPECT_EQ(client.array_limit(), 20);
  EXPECT_EQ(saved_.size(), 100u);
  // One refused 100, then five of 20.
  EXPECT_EQ(Saves(), 6u);
  for (const RowOutcome& o : outcomes_) EXPECT_EQ(o.state, RowState::kApplied);
}

TEST_F(StockApplyTest, UnavailableMidFileDefersTheRest) {
  AddRows(300);
  outage_after_ = 1;
  magento::Client client(caller_, {.array_limit = 100});
  Status status = ApplyMsi(Context(client), updates_, 100, 1);
  EXPECT_EQ(status.code(), StatusCode::kUnavailable);
  EXPECT_EQ(Saves(), 2u);  // the second batch fails; the third is not sent
  EXPECT_EQ(outcomes_[99].state, RowState::kApplied);
  for (size_t i = 100; i < 300; ++i) {
    ASSERT_EQ(outcomes_[i].state, RowState::kDeferred) << i;
  }
  EXPECT_EQ(outcomes_[150].code, "magento_unavailable");
  EXPECT_EQ(batches_, (std::vector<size_t>{100}));
}

TEST_F(StockApplyTest, UnavailableDuringBisectionDefersTheRest) {
  AddRows(8);
  bad_ = {"SKU-7"};
  outage_after_ = 1;  // the first half saves, then Magento goes away
  magento::Client client(caller_, {.array_limit = 8});
  Status status = ApplyMsi(Context(client), updates_, 8, 1);
  EXPECT_EQ(status.code(), StatusCode::kUnavailable);
  for (size_t i = 0; i < 4; ++i)
    EXPECT_EQ(outcomes_[i].state, RowState::kApplied);
  for (size_t i = 4; i < 8; ++i) {
    EXPECT_EQ(outcomes_[i].state, RowState::kDeferred);
  }
}

TEST_F(StockApplyTest, RefusedCredentialsStopAndDefer) {
  FakeApiCaller refused;
  magento::ApiResult answer;
  answer.status = Status::Unauthenticated("The consumer isn't authorized");
  answer.attempts = 1;
  refused.On("POST", kSave, {answer});
  AddRows(30);
  magento::Client client(refused, {.array_limit = 10});
  Status status = ApplyMsi(Context(client), updates_, 10, 1);
  EXPECT_EQ(status.code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(refused.requests().size(), 1u);
  EXPECT_EQ(outcomes_[29].state, RowState::kDeferred);
  EXPECT_EQ(outcomes_[29].code, "not_attempted");
}

// --- Batches in parallel ------------------------------------------------

TEST_F(StockApplyTest, SendsUpToMaxParallelBatchesAtOnce) {
  AddRows(80);
  // Each save waits until four are in flight: one at a time never gets
  // there (each would wait out the gate's patience and peak() stay 1).
  magento::GatedApiCaller gated(caller_, 4);
  magento::Client client(gated, {.array_limit = 10});
  ASSERT_TRUE(ApplyMsi(Context(client), updates_, 10, 4).ok());
  EXPECT_EQ(gated.peak(), 4);
  EXPECT_EQ(Saves(), 8u);
  EXPECT_EQ(saved_.size(), 80u);
  EXPECT_EQ(batches_, std::vector<size_t>(8, 10));
  for (const RowOutcome& o : outcomes_) EXPECT_EQ(o.state, RowState::kApplied);
}

TEST_F(StockApplyTest, BisectionStaysInsideItsBatchWhenBatchesRunAtOnce) {
  AddRows(100);
  bad_ = {"SKU-37", "SKU-81"};
  magento::Client client(caller_, {.array_limit = 25});
  ASSERT_TRUE(ApplyMsi(Context(client), updates_, 25, 4).ok());
  for (size_t i = 0; i < 100; ++i) {
    EXPECT_EQ(outcomes_[i].state,
              i == 37 || i == 81 ? RowState::kFailed : RowState::kApplied)
        << i;
  }
  EXPECT_EQ(saved_.size(), 98u);
  // Every save holds rows of one batch only: a split never mixes batches.
  for (const magento::ApiRequest& r : caller_.RequestsTo("POST", kSave)) {
    const json& items = (*r.body)["sourceItems"];
    const auto batch_of = [](const json& item) {
      return std::stoi(item["sku"].get<std::string>().substr(4)) / 25;
    };
    for (const json& item : items) {
      EXPECT_EQ(batch_of(item), batch_of(items[0])) << r.body->dump();
    }
  }
  size_t decided = 0;
  for (size_t n : batches_) decided += n;
  EXPECT_EQ(decided, 100u);
}

TEST_F(StockApplyTest, AnOutageInOneBatchDefersEveryRowNotSaved) {
  AddRows(200);
  // The batch holding SKU-50 meets an outage; the others may be in flight
  // or not yet sent when it does.
  // (A fake in front of the endpoint: its rule must come first.)
  FakeApiCaller ordered;
  ordered.On("POST", kSave, {FakeApiCaller::Unavailable(503)},
             [](const magento::ApiRequest& r) {
               for (const json& item : (*r.body)["sourceItems"]) {
                 if (item["sku"] == "SKU-50") return true;
               }
               return false;
             });
  ordered.OnCall("POST", kSave, [this](const magento::ApiRequest& r) {
    return caller_.Call(r, {});
  });
  magento::Client client(ordered, {.array_limit = 20});
  Status status = ApplyMsi(Context(client), updates_, 20, 3);
  EXPECT_EQ(status.code(), StatusCode::kUnavailable);
  std::set<std::string> saved;
  for (const json& item : saved_) saved.insert(item["sku"].get<std::string>());
  size_t told = 0;
  for (size_t n : batches_) told += n;
  size_t applied = 0;
  for (size_t i = 0; i < 200; ++i) {
    const RowOutcome& o = outcomes_[i];
    ASSERT_EQ(o.line, rows_[i].line) << "row " << i << " has no outcome";
    if (o.state == RowState::kApplied) {
      ++applied;
      EXPECT_TRUE(saved.contains(rows_[i].sku)) << i;
    } else {
      ASSERT_EQ(o.state, RowState::kDeferred) << i;
      EXPECT_EQ(o.code, "magento_unavailable") << i;
      EXPECT_NE(o.message.find("connection reset"), std::string::npos)
          << o.message;
    }
  }
  for (size_t i = 40; i < 60; ++i) {
    EXPECT_EQ(outcomes_[i].state, RowState::kDeferred) << i;
  }
  // Only decided rows are handed over; deferred ones are redone later.
  EXPECT_EQ(told, applied);
  EXPECT_LT(applied, 200u);
}

TEST_F(StockApplyTest, LegacyUpdatesEachSkuAndFailsUnknownOnes) {
  AddRows(3);
  for (int i = 0; i < 3; ++i) {
    const std::string path =
        "V1/products/SKU-" + std::to_string(i) + "/stockItems/1";
    caller_.On("PUT", path,
               {i == 1 ? FakeApiCaller::NotFound(
                             "The Product with the \"SKU-1\" SKU doesn't "
                             "exist.")
                       : FakeApiCaller::Ok(100 + i)});
  }
  magento::Client client(caller_, {});
  ASSERT_TRUE(ApplyLegacy(Context(client), updates_, 2).ok());
  EXPECT_EQ(outcomes_[0].state, RowState::kApplied);
  EXPECT_EQ(outcomes_[2].state, RowState::kApplied);
  EXPECT_EQ(outcomes_[1].state, RowState::kFailed);
  EXPECT_EQ(outcomes_[1].code, "unknown_sku");
  auto put = caller_.RequestsTo("PUT", "V1/products/SKU-2/stockItems/1");
  ASSERT_EQ(put.size(), 1u);
  EXPECT_EQ((*put[0].body)["stockItem"]["qty"], 2.0);
  EXPECT_EQ((*put[0].body)["stockItem"]["is_in_stock"], true);
  EXPECT_EQ(batches_.size(), 3u);
}

// Magento's StockItemRepository::save may store another status than the
// one sent (qty 0 without backorders is out of stock); the row says what
// Magento saved, read back after the update.
TEST_F(StockApplyTest, LegacyRowSaysWhatMagentoSaved) {
  AddRows(2);
  rows_[0].in_stock = true;  // 0 (in stock), as an ERP may send it
  rows_[1].in_stock = false;
  for (int i = 0; i < 2; ++i) {
    const std::string sku = "SKU-" + std::to_string(i);
    caller_.On("PUT", "V1/products/" + sku + "/stockItems/1",
               {FakeApiCaller::Ok(100 + i)});
    caller_.On(
        "GET", "V1/stockItems/" + sku,
        {FakeApiCaller::Ok(
            {{"item_id", 100 + i}, {"qty", i}, {"is_in_stock", false}})});
  }
  magento::Client client(caller_, {});
  ASSERT_TRUE(ApplyLegacy(Context(client), updates_, 1).ok());
  EXPECT_EQ(outcomes_[0].state, RowState::kApplied);
  EXPECT_EQ(outcomes_[0].message,
            "updated the stock item to 0 for SKU \"SKU-0\" at source "
            "\"default\"; Magento saved it out of stock, not in stock as the "
            "file says (without backorders, an item at or below its "
            "out-of-stock threshold is out of stock)");
  // As asked: the plain message.
  EXPECT_EQ(outcomes_[1].message,
            "updated the stock item to 1 (out of stock) for SKU \"SKU-1\" at "
            "source \"default\"");
}

TEST_F(StockApplyTest, LegacyReadBackFailureStillAppliesTheRow) {
  AddRows(1);
  caller_.On("PUT", "V1/products/SKU-0/stockItems/1", {FakeApiCaller::Ok(100)});
  caller_.On("GET", "V1/stockItems/SKU-0", {FakeApiCaller::Unavailable(503)});
  magento::Client client(caller_, {});
  ASSERT_TRUE(ApplyLegacy(Context(client), updates_, 1).ok());
  EXPECT_EQ(outcomes_[0].state, RowState::kApplied);
  EXPECT_NE(outcomes_[0].message.find("could not be read back"),
            std::string::npos)
      << outcomes_[0].message;
}

TEST_F(StockApplyTest, LegacyOutageDefersWhatIsLeft) {
  AddRows(5);
  caller_.On("PUT", "V1/products/SKU-0/stockItems/1",
             {FakeApiCaller::Unavailable(503)});
  magento::Client client(caller_, {});
  Status status = ApplyLegacy(Context(client), updates_, 1);
  EXPECT_EQ(status.code(), StatusCode::kUnavailable);
  for (const RowOutcome& o : outcomes_) EXPECT_EQ(o.state, RowState::kDeferred);
  EXPECT_EQ(caller_.requests().size(), 1u);
}

TEST_F(StockApplyTest, LegacyRefusesOtherSources) {
  StockRow row;
  row.line = 9;
  row.source = "warehouse_eu";
  auto refusal = LegacySourceRefusal(row, "default");
  ASSERT_TRUE(refusal.has_value());
  EXPECT_EQ(refusal->code, "source_not_supported");
  EXPECT_EQ(refusal->line, 9u);
  row.source = "default";
  EXPECT_FALSE(LegacySourceRefusal(row, "default").has_value());
}

TEST_F(StockApplyTest, DryRunSaysWhatWouldBeSaved) {
  AddRows(2);
  magento::Client client(caller_, {});
  PlanOnly(Context(client), updates_, /*legacy=*/false);
  EXPECT_EQ(outcomes_[1].state, RowState::kWouldApply);
  EXPECT_EQ(outcomes_[1].message,
            "would save 1 (in stock) for SKU \"SKU-1\" at source \"default\"");
  EXPECT_TRUE(caller_.requests().empty());
}

TEST(StockQuantityTest, FormatsAsAPersonWrites) {
  EXPECT_EQ(FormatQuantity(120), "120");
  EXPECT_EQ(FormatQuantity(35.5), "35.5");
  EXPECT_EQ(FormatQuantity(0.12345), "0.1235");
  EXPECT_EQ(FormatQuantity(-0.0), "0");
  EXPECT_EQ(FormatQuantity(-3), "-3");
}

}  // namespace
}  // namespace m2drop::pipeline
