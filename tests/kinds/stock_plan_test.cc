// SPDX-License-Identifier: Apache-2.0
#include "m2drop/kinds/stock/stock_plan.h"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace m2drop::pipeline {
namespace {

StockVersion Seq(int64_t n) { return {StockVersion::Kind::kSequence, n}; }
StockVersion At(int64_t micros) {
  return {StockVersion::Kind::kTimestamp, micros};
}

StockRow Row(uint64_t line, std::string sku, double qty,
             std::optional<StockVersion> version = std::nullopt,
             std::string source = "default") {
  StockRow row;
  row.line = line;
  row.sku = std::move(sku);
  row.quantity = qty;
  row.source = std::move(source);
  row.in_stock = qty > 0;
  row.version = version;
  return row;
}

// The outcome the plan gave row `index`, or null when it is an update.
const RowOutcome* StaleOf(const StockPlan& plan, size_t index) {
  for (const auto& [i, outcome] : plan.stale) {
    if (i == index) return &outcome;
  }
  return nullptr;
}

const std::map<ledger::StockKey, ledger::StockStamp> kNoLedger;

TEST(StockPlanTest, LastRowWinsAndEarlierRowsAreSuperseded) {
  const std::vector<StockRow> rows = {Row(2, "A", 1), Row(3, "B", 5),
                                      Row(4, "A", 2)};
  StockPlan plan = PlanStockRows(rows, kNoLedger);
  EXPECT_EQ(plan.updates, (std::vector<size_t>{1, 2}));
  ASSERT_NE(StaleOf(plan, 0), nullptr);
  EXPECT_EQ(StaleOf(plan, 0)->state, RowState::kStale);
  EXPECT_EQ(StaleOf(plan, 0)->line, 2u);
  EXPECT_EQ(StaleOf(plan, 0)->message,
            "superseded by line 4, a later row for SKU \"A\" at source "
            "\"default\" in this file; not sent");
}

TEST(StockPlanTest, SourcesAreSeparateKeys) {
  const std::vector<StockRow> rows = {Row(2, "A", 1, {}, "default"),
                                      Row(3, "A", 2, {}, "warehouse_eu")};
  EXPECT_EQ(PlanStockRows(rows, kNoLedger).updates,
            (std::vector<size_t>{0, 1}));
}

TEST(StockPlanTest, LaterRowWithOlderTimestampIsStale) {
  // The ERP sample: 10:00 then 09:00 for the same SKU.
  const std::vector<StockRow> rows = {
      Row(2, "MH01-XS-Black", 118, At(1'795'255'200'000'000)),
      Row(3, "MH01-XS-Black", 117, At(1'795'251'600'000'000))};
  StockPlan plan = PlanStockRows(rows, kNoLedger);
  EXPECT_EQ(plan.updates, (std::vector<size_t>{0}));
  ASSERT_NE(StaleOf(plan, 1), nullptr);
  EXPECT_EQ(StaleOf(plan, 1)->code, "stale");
  EXPECT_EQ(StaleOf(plan, 1)->message,
            "stale: line 2 has a newer update for SKU \"MH01-XS-Black\" at "
            "source \"default\" (2026-11-21T10:00:00Z, this row has "
            "2026-11-21T09:00:00Z); not sent");
}

TEST(StockPlanTest, LaterRowWithOlderSequenceIsStale) {
  const std::vector<StockRow> rows = {
      Row(2, "A", 1, Seq(7)), Row(3, "A", 2, Seq(6)), Row(4, "A", 3, Seq(9))};
  StockPlan plan = PlanStockRows(rows, kNoLedger);
  EXPECT_EQ(plan.updates, (std::vector<size_t>{2}));
  EXPECT_NE(StaleOf(plan, 1)->message.find("line 2 has a newer update"),
            std::string::npos);
  EXPECT_NE(StaleOf(plan, 0)->message.find("superseded by line 4"),
            std::string::npos);
}

TEST(StockPlanTest, EqualVersionsLetTheLaterRowWin) {
  const std::vector<StockRow> rows = {Row(2, "A", 1, Seq(7)),
                                      Row(3, "A", 2, Seq(7))};
  EXPECT_EQ(PlanStockRows(rows, kNoLedger).updates, (std::vector<size_t>{1}));
}

TEST(StockPlanTest, VersionsOfDifferentKindsDoNotCompare) {
  const std::vector<StockRow> rows = {Row(2, "A", 1, At(2'000'000)),
                                      Row(3, "A", 2, Seq(1))};
  EXPECT_EQ(PlanStockRows(rows, kNoLedger).updates, (std::vector<size_t>{1}));
}

TEST(StockPlanTest, OlderThanTheLedgerIsStaleNamingTheFile) {
  const std::map<ledger::StockKey, ledger::StockStamp> applied = {
      {{"A", "default"}, {1, 10, "erp-0900.csv"}},
      {{"B", "default"}, {1, 10, "erp-0900.csv"}},
      {{"C", "default"}, {0, 10, "erp-0900.csv"}}};
  const std::vector<StockRow> rows = {
      Row(2, "A", 1, Seq(9)), Row(3, "B", 1, Seq(10)), Row(4, "C", 1, Seq(1)),
      Row(5, "D", 1, Seq(1))};
  StockPlan plan = PlanStockRows(rows, applied);
  // B equal (re-import is harmless), C another kind, D unknown: sent.
  EXPECT_EQ(plan.updates, (std::vector<size_t>{1, 2, 3}));
  ASSERT_NE(StaleOf(plan, 0), nullptr);
  EXPECT_EQ(StaleOf(plan, 0)->message,
            "stale: file \"erp-0900.csv\" applied a newer quantity for SKU "
            "\"A\" at source \"default\" (sequence 10, this row has "
            "sequence 9); not sent");
}

TEST(StockPlanTest, RowsWithoutVersionIgnoreTheLedger) {
  const std::map<ledger::StockKey, ledger::StockStamp> applied = {
      {{"A", "default"}, {1, 10, "x.csv"}}};
  EXPECT_EQ(PlanStockRows({Row(2, "A", 1)}, applied).updates,
            (std::vector<size_t>{0}));
}

TEST(StockPlanTest, KeysAreTrimmedAndDistinct) {
  const std::vector<StockRow> rows = {Row(2, " A ", 1), Row(3, "A", 2)};
  EXPECT_EQ(KeysOf(rows).size(), 1u);
  EXPECT_EQ(PlanStockRows(rows, kNoLedger).updates, (std::vector<size_t>{1}));
}

TEST(StockPlanTest, DescribesVersions) {
  EXPECT_EQ(DescribeVersion(Seq(42)), "sequence 42");
  EXPECT_EQ(DescribeVersion(At(1'795'255'200'000'000)), "2026-11-21T10:00:00Z");
  EXPECT_EQ(DescribeVersion(At(1'500'000)), "1970-01-01T00:00:01.500000Z");
}

}  // namespace
}  // namespace m2drop::pipeline
