// SPDX-License-Identifier: Apache-2.0
#include "m2drop/csv/record_scanner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "csv/test_sources.h"
#include "testing/status_matchers.h"

namespace m2drop::csv {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The scanner's own behaviour without the Reader's header checks: every
// record, blank handling and line counting, straight from the machine.
class RecordScannerTest : public ::testing::Test {
 protected:
  void Start(std::string data, size_t chunk = 1, ScannerLimits limits = {}) {
    auto source = std::make_unique<DecodingSource>(
        std::make_unique<testing::ChunkedSource>(std::move(data), chunk),
        std::nullopt, 1 << 30, "t.csv");
    ASSERT_OK(source->Start());
    scanner_ = std::make_unique<RecordScanner>(std::move(source), limits);
  }

  std::vector<std::string> Fields() {
    std::vector<std::string> out;
    for (size_t i = 0; i < scanner_->field_count(); ++i) {
      out.emplace_back(scanner_->field(i));
    }
    return out;
  }

  std::unique_ptr<RecordScanner> scanner_;
};

TEST_F(RecordScannerTest, ScansFieldsLinesAndRawText) {
  Start("a,\"b\"\"c\"\r\n\r\n x ,\"y\nz\"\n");
  ASSERT_EQ(scanner_->Scan(), RecordScanner::Outcome::kRecord);
  EXPECT_EQ(scanner_->line(), 1u);
  EXPECT_THAT(Fields(), ElementsAre("a", "b\"c"));
  EXPECT_EQ(scanner_->raw(), "a,\"b\"\"c\"");
  ASSERT_EQ(scanner_->Scan(), RecordScanner::Outcome::kRecord);
  EXPECT_EQ(scanner_->line(), 3u);
  EXPECT_THAT(Fields(), ElementsAre("x", "y\nz"));
  EXPECT_EQ(scanner_->Scan(), RecordScanner::Outcome::kEnd);
  EXPECT_EQ(scanner_->Scan(), RecordScanner::Outcome::kEnd);
  EXPECT_OK(scanner_->status());
  EXPECT_EQ(scanner_->current_line(), 5u);
  EXPECT_EQ(scanner_->line_endings().crlf, 2u);
  EXPECT_EQ(scanner_->line_endings().lf, 1u);
}

TEST_F(RecordScannerTest, PeekDoesNotConsume) {
  Start("a;b\n1;2\n");
  std::string_view ahead = scanner_->Peek(3);
  EXPECT_GE(ahead.size(), 3u);
  EXPECT_EQ(ahead.substr(0, 3), "a;b");
  EXPECT_EQ(scanner_->Peek(100), "a;b\n1;2\n");  // Up to the end.
  scanner_->set_delimiter(';');
  ASSERT_EQ(scanner_->Scan(), RecordScanner::Outcome::kRecord);
  EXPECT_THAT(Fields(), ElementsAre("a", "b"));
}

TEST_F(RecordScannerTest, TabDelimiterKeepsTabsOutOfTrimming) {
  Start("a\t\t b \n");
  scanner_->set_delimiter('\t');
  ASSERT_EQ(scanner_->Scan(), RecordScanner::Outcome::kRecord);
  EXPECT_THAT(Fields(), ElementsAre("a", "", "b"));
}

TEST_F(RecordScannerTest, AllEmptyFieldsAreFlagged) {
  Start(",,\n\"\",x\n");
  ASSERT_EQ(scanner_->Scan(), RecordScanner::Outcome::kRecord);
  EXPECT_TRUE(scanner_->all_fields_empty());
  EXPECT_EQ(scanner_->field_count(), 3u);
  ASSERT_EQ(scanner_->Scan(), RecordScanner::Outcome::kRecord);
  EXPECT_FALSE(scanner_->all_fields_empty());
}

TEST_F(RecordScannerTest, UnterminatedQuoteAfterMultiLineRecordRewinds) {
  // Record 1 spans lines 1-2 legitimately, then opens a quote on line 2.
  Start("\"a\nb\",\"c\nd,e\n");
  ASSERT_EQ(scanner_->Scan(), RecordScanner::Outcome::kError);
  EXPECT_EQ(scanner_->error().line, 1u);
  EXPECT_EQ(scanner_->error().column, 2u);
  EXPECT_THAT(scanner_->error().message,
              HasSubstr("opens on line 2 is not closed before the end of the "
                        "file; reading goes on at line 3"));
  ASSERT_EQ(scanner_->Scan(), RecordScanner::Outcome::kRecord);
  EXPECT_EQ(scanner_->line(), 3u);
  EXPECT_THAT(Fields(), ElementsAre("d", "e"));
}

TEST_F(RecordScannerTest, TooManyFieldsIsAnErrorWithTheFirstExtraColumn) {
  Start("1,2,3\n", 1, {1 << 20, 2});
  ASSERT_EQ(scanner_->Scan(), RecordScanner::Outcome::kError);
  EXPECT_EQ(scanner_->error(),
            (RecordError{1, 3,
                         "the record has more than 2 fields (the max_fields "
                         "limit)",
                         "1,2,3"}));
}

TEST_F(RecordScannerTest, UnterminatedQuoteAtTheLengthLimitKeepsWhatFits) {
  // The quote opens on line 1 and runs on past the 8-byte limit; the text
  // kept is the first 8 bytes, without the 3-byte character split there.
  Start("ab,\"cd\u20AC\u20AC\nx,y\n", 1, {8, 16});
  ASSERT_EQ(scanner_->Scan(), RecordScanner::Outcome::kError);
  EXPECT_THAT(scanner_->error().message, HasSubstr("unterminated quote"));
  EXPECT_EQ(scanner_->error().raw, "ab,\"cd");
  ASSERT_EQ(scanner_->Scan(), RecordScanner::Outcome::kRecord);
  EXPECT_THAT(Fields(), ElementsAre("x", "y"));
}

TEST_F(RecordScannerTest, ErrorTextDoesNotLeakIntoTheNextError) {
  Start("1,2,3\n4,5,6,7\n", 1, {1 << 20, 2});
  ASSERT_EQ(scanner_->Scan(), RecordScanner::Outcome::kError);
  EXPECT_EQ(scanner_->error().raw, "1,2,3");
  ASSERT_EQ(scanner_->Scan(), RecordScanner::Outcome::kError);
  EXPECT_EQ(scanner_->error().raw, "4,5,6,7");
  EXPECT_EQ(scanner_->Scan(), RecordScanner::Outcome::kEnd);
}

}  // namespace
}  // namespace m2drop::csv
