// SPDX-License-Identifier: Apache-2.0
// Tests for tracking_row.cc, stock_row.cc and row_fields.cc: each row rule,
// on records read by the real CSV reader from memory.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "m2drop/config/config.h"
#include "m2drop/csv/reader.h"
#include "m2drop/kinds/stock/stock_row.h"
#include "m2drop/kinds/tracking/tracking_row.h"
#include "m2drop/pipeline/drop_reader.h"
#include "m2drop/pipeline/row_fields.h"
#include "testing/status_matchers.h"

namespace m2drop::pipeline {
namespace {

// Reads `csv_text` and runs `check` on its first data record.
class RowCheckTest : public ::testing::Test {
 protected:
  csv::Record& FirstRecord(const std::string& csv_text,
                           const config::KindConfig* kind) {
    config::Profile profile;
    profile.kind = kind;
    auto reader = csv::Reader::FromString(csv_text, csv::ReaderOptions{});
    EXPECT_OK(reader);
    reader_ = std::move(reader).value();
    auto map = csv::MapHeader(reader_->header(), FieldSpecsFor(profile));
    EXPECT_OK(map);
    map_ = *map;
    EXPECT_TRUE(reader_->Next(&record_));
    return record_;
  }

  std::optional<TrackingRow> Tracking(const std::string& text,
                                      TrackingRules rules = {}) {
    csv::Record& r = FirstRecord(text, &config::KindNamed("tracking"));
    return CheckTrackingRecord(r, TrackingColumns::From(map_), rules, &errors_);
  }
  std::optional<StockRow> Stock(const std::string& text,
                                StockRules rules = {}) {
    csv::Record& r = FirstRecord(text, &config::KindNamed("stock"));
    return CheckStockRecord(r, StockColumns::From(map_), rules, &errors_);
  }

  std::unique_ptr<csv::Reader> reader_;
  csv::HeaderMap map_;
  csv::Record record_;
  std::vector<RowError> errors_;
};

TEST_F(RowCheckTest, TrackingRowKeepsIdentifiersAsText) {
  auto row = Tracking(
      "order_number,tracking_number,carrier,title,sku,qty,notify\n"
      "000000101,0034043416,DHL Express,DHL,MH01-XS-Black,2,no\n");
  ASSERT_TRUE(row.has_value()) << errors_.size();
  EXPECT_EQ(row->line, 2u);
  EXPECT_EQ(row->order, "000000101");
  EXPECT_EQ(row->tracking, "0034043416");
  EXPECT_EQ(row->carrier, "DHL Express");
  EXPECT_EQ(row->title, "DHL");
  EXPECT_EQ(row->sku, "MH01-XS-Black");
  EXPECT_EQ(row->qty, 2.0);
  EXPECT_EQ(row->notify, false);
}

TEST_F(RowCheckTest, TrackingRowReportsEveryProblemWithItsColumn) {
  auto row = Tracking(
      "order_number,tracking_number,carrier,sku,qty,notify\n"
      ",,,,0,perhaps\n");
  EXPECT_FALSE(row.has_value());
  ASSERT_EQ(errors_.size(), 5u);
  EXPECT_EQ(errors_[0].column, 1u);
  EXPECT_EQ(errors_[0].message, "the order number is empty");
  EXPECT_EQ(errors_[1].column, 2u);
  EXPECT_EQ(errors_[1].message, "the tracking number is empty");
  EXPECT_EQ(errors_[2].column, 3u);
  EXPECT_EQ(errors_[3].column, 5u);
  EXPECT_EQ(errors_[3].code, "invalid_quantity");
  EXPECT_EQ(errors_[4].column, 6u);
  for (const RowError& e : errors_) EXPECT_EQ(e.line, 2u);
}

TEST_F(RowCheckTest, QuantityNeedsASku) {
  EXPECT_FALSE(Tracking("order,tracking,carrier,qty\n1,T,ups,2\n"));
  ASSERT_EQ(errors_.size(), 1u);
  EXPECT_NE(errors_[0].message.find("no SKU"), std::string::npos);
}

TEST_F(RowCheckTest, RowsWithoutItemsNeedShipRemaining) {
  EXPECT_TRUE(Tracking("order,tracking,carrier\n1,T,ups\n"));
  TrackingRules strict;
  strict.ship_remaining = false;
  EXPECT_FALSE(Tracking("order,tracking,carrier\n1,T,ups\n", strict));
  ASSERT_EQ(errors_.size(), 1u);
  EXPECT_EQ(errors_[0].column, 0u);  // the row as a whole
}

TEST_F(RowCheckTest, SpreadsheetMangledNumbersAreRefused) {
  EXPECT_FALSE(Tracking("order,tracking,carrier\n1,1.23457E+17,ups\n"));
  ASSERT_EQ(errors_.size(), 1u);
  EXPECT_NE(errors_[0].message.find("scientific notation"), std::string::npos);
  EXPECT_TRUE(LooksLikeExcelScientific("1,2E+10"));
  EXPECT_TRUE(LooksLikeExcelScientific("7E5"));
  EXPECT_FALSE(LooksLikeExcelScientific("1Z999E12"));
  EXPECT_FALSE(LooksLikeExcelScientific("00340434161094042557"));
}

TEST_F(RowCheckTest, StockRowDefaultsSourceAndDerivesStatus) {
  StockRules rules;
  rules.default_source = "wh-main";
  auto row = Stock("sku,qty\nMH01-XS-Black,0\n", rules);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->source, "wh-main");
  EXPECT_FALSE(row->in_stock);
  auto row2 = Stock("sku,qty,status\nA,0,in stock\n");
  ASSERT_TRUE(row2.has_value());
  EXPECT_TRUE(row2->in_stock);
}

TEST_F(RowCheckTest, StockRowKeepsDecimalsAndVersion) {
  auto row = Stock(
      "source_code,sku,quantity,updated_at\n"
      "warehouse_eu,WS12-M-Blue,35.5,2026-11-21T10:05:00Z\n");
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->quantity, 35.5);
  EXPECT_TRUE(row->in_stock);
  ASSERT_TRUE(row->version.has_value());
  EXPECT_EQ(row->version->kind, StockVersion::Kind::kTimestamp);
}

TEST_F(RowCheckTest, NegativeStockNeedsPermission) {
  EXPECT_FALSE(Stock("sku,qty\nA,-2\n"));
  ASSERT_EQ(errors_.size(), 1u);
  EXPECT_NE(errors_[0].message.find("allow_negative"), std::string::npos);
  StockRules rules;
  rules.allow_negative = true;
  auto row = Stock("sku,qty\nA,-2\n", rules);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->quantity, -2);
}

TEST_F(RowCheckTest, StockRowRefusesThousandsSeparatorsAndBadWords) {
  EXPECT_FALSE(Stock("sku,qty,status,sequence\nA,\"1,000\",maybe,x\n"));
  ASSERT_EQ(errors_.size(), 3u);
  EXPECT_EQ(errors_[0].code, "invalid_quantity");
  EXPECT_EQ(errors_[1].column, 3u);
  EXPECT_EQ(errors_[2].column, 4u);
}

TEST_F(RowCheckTest, DecimalCommaOnlyWhenTheDelimiterIsNotAComma) {
  StockRules rules;
  rules.allow_decimal_comma = true;
  auto row = Stock("sku;qty\nA;12,5\n", rules);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->quantity, 12.5);
}

TEST_F(RowCheckTest, SourceCodesCannotHoldSpaces) {
  EXPECT_FALSE(Stock("sku,qty,source\nA,1,\"eu 1\"\n"));
  ASSERT_EQ(errors_.size(), 1u);
  EXPECT_EQ(errors_[0].column, 3u);
}

}  // namespace
}  // namespace m2drop::pipeline
