// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "m2drop/base/fake_clock.h"
#include "m2drop/kinds/drop.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::kinds {
namespace {

using pipeline::FileSummary;

config::Profile TrackingProfile() {
  config::Profile p;
  p.name = "3pl";
  p.kind = &config::KindNamed("tracking");
  return p;
}

config::Profile StockProfile() {
  config::Profile p;
  p.name = "erp";
  p.kind = &config::KindNamed("stock");
  return p;
}

class ValidateTest : public ::testing::Test {
 protected:
  Result<FileSummary> Validate(const std::string& sample,
                               const config::Profile& profile) {
    return ValidateDrop(testing::FixturePath("samples/" + sample), profile,
                        limits_, clock_);
  }
  config::LimitsConfig limits_;
  FakeClock clock_;
};

TEST_F(ValidateTest, CleanSamplesAreValid) {
  struct Case {
    const char* file;
    config::Profile profile;
    uint64_t rows;
  };
  config::Profile german = TrackingProfile();
  german.columns = {{"order", {"Bestellnummer"}},
                    {"tracking", {"Sendungsnummer"}},
                    {"carrier", {"Versanddienstleister"}}};
  config::Profile erp = StockProfile();
  erp.columns = {{"sku", {"ITEMNO"}},
                 {"source", {"WAREHOUSE"}},
                 {"quantity", {"QTY_AVAILABLE"}}};
  for (const Case& c : {Case{"tracking_minimal.csv", TrackingProfile(), 3},
                        Case{"shipstation_shipments.csv", TrackingProfile(), 4},
                        Case{"excel_de_semicolon_bom.csv", german, 3},
                        Case{"multi_package_items.csv", TrackingProfile(), 4},
                        Case{"stock_sources_msi.csv", StockProfile(), 4},
                        Case{"stock_erp_export.tsv", erp, 3}}) {
    auto summary = Validate(c.file, c.profile);
    ASSERT_OK(summary);
    EXPECT_EQ(summary->rows_total, c.rows) << c.file;
    EXPECT_EQ(summary->valid, c.rows) << c.file;
    EXPECT_EQ(summary->failed, 0u) << c.file;
    EXPECT_TRUE(summary->errors.empty()) << c.file;
  }
}

TEST_F(ValidateTest, ReportsEachBadRowWithLineAndReason) {
  auto summary = Validate("tracking_with_errors.csv", TrackingProfile());
  ASSERT_OK(summary);
  // Line 3 (an unknown order) is only found out by asking Magento.
  EXPECT_EQ(summary->rows_total, 4u);
  EXPECT_EQ(summary->valid, 1u);
  EXPECT_EQ(summary->failed, 3u);
  ASSERT_EQ(summary->errors.size(), 3u);
  EXPECT_EQ(summary->errors[0].line, 2u);
  EXPECT_EQ(summary->errors[0].column, 2u);
  EXPECT_EQ(summary->errors[0].message, "the tracking number is empty");
  EXPECT_EQ(summary->errors[1].line, 4u);
  EXPECT_EQ(summary->errors[1].code, "malformed_record");
  EXPECT_NE(summary->errors[1].message.find("quote"), std::string::npos);
  EXPECT_EQ(summary->errors[2].line, 5u);
  EXPECT_EQ(summary->errors[2].column, 3u);
}

TEST_F(ValidateTest, DialectIsReported) {
  config::Profile german = TrackingProfile();
  german.columns = {{"order", {"Bestellnummer"}},
                    {"tracking", {"Sendungsnummer"}},
                    {"carrier", {"Versanddienstleister"}}};
  auto summary = Validate("excel_de_semicolon_bom.csv", german);
  ASSERT_OK(summary);
  EXPECT_EQ(summary->dialect.encoding, "utf-8");
  EXPECT_TRUE(summary->dialect.bom);
  EXPECT_EQ(summary->dialect.delimiter, ";");
  EXPECT_EQ(summary->dialect.line_ending, "CRLF");
  EXPECT_EQ(summary->mode, "validate");
  EXPECT_EQ(summary->profile, "3pl");
}

TEST_F(ValidateTest, MissingRequiredColumnIsAFileLevelError) {
  // The German file without a column mapping has no order column.
  auto summary = Validate("excel_de_semicolon_bom.csv", TrackingProfile());
  EXPECT_EQ(summary.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(summary.status().message().find("order"), std::string::npos);
  EXPECT_NE(summary.status().message().find("Bestellnummer"),
            std::string::npos);
}

TEST_F(ValidateTest, MissingFileIsNotFound) {
  auto summary = Validate("no-such-file.csv", TrackingProfile());
  EXPECT_FALSE(summary.ok());
  EXPECT_NE(summary.status().code(), StatusCode::kInvalidInput);
}

TEST_F(ValidateTest, ErrorListIsCappedButEveryFailureCounted) {
  testing::ScopedTempDir dir;
  std::string text = "order,tracking,carrier\n";
  for (int i = 0; i < 50; ++i) text += "1,,ups\n";
  std::string path = dir.WriteFile("many.csv", text);
  limits_.max_errors_reported = 10;
  auto summary = ValidateDrop(path, TrackingProfile(), limits_, clock_);
  ASSERT_OK(summary);
  EXPECT_EQ(summary->failed, 50u);
  EXPECT_EQ(summary->errors.size(), 10u);
  EXPECT_EQ(summary->errors_omitted, 40u);
}

}  // namespace
}  // namespace m2drop::kinds
