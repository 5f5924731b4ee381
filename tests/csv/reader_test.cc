// SPDX-License-Identifier: Apache-2.0
#include "m2drop/csv/reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "csv/test_sources.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::csv {
namespace {

using ::m2drop::testing::FixturePath;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

using Fields = std::vector<std::string>;

struct Row {
  uint64_t line;
  Fields fields;
  friend bool operator==(const Row&, const Row&) = default;
  friend std::ostream& operator<<(std::ostream& os, const Row& r) {
    os << r.line << ":";
    for (const auto& f : r.fields) os << " [" << f << "]";
    return os;
  }
};

// Everything a reader produced, read to the end.
struct Contents {
  Dialect dialect;
  Fields header;
  std::vector<Row> rows;
  std::vector<RecordError> errors;
  Status status;
};

Contents Drain(Reader& reader) {
  Contents c;
  c.header = reader.header();
  Record record;
  while (reader.Next(&record)) {
    c.rows.push_back({record.line(), record.ToStrings()});
  }
  c.dialect = reader.dialect();
  c.errors = reader.errors();
  c.status = reader.status();
  return c;
}

// Runs every test with the input split into reads of 1 byte, 3 bytes and
// whole: CRLF pairs, quotes and multi-byte characters then fall on every
// buffer boundary.
class ReaderTest : public ::testing::TestWithParam<size_t> {
 protected:
  Result<std::unique_ptr<Reader>> OpenString(std::string data,
                                             ReaderOptions options = {}) {
    return Reader::FromSource(
        std::make_unique<testing::ChunkedSource>(std::move(data), GetParam()),
        options, "test.csv");
  }

  Contents Read(std::string data, ReaderOptions options = {}) {
    auto reader = OpenString(std::move(data), options);
    EXPECT_OK(reader);
    if (!reader.ok()) return {};
    return Drain(**reader);
  }

  Contents ReadFixture(const std::string& name) {
    auto reader =
        Reader::Open(fs::PosixFileSystem::Instance(), FixturePath(name), {});
    EXPECT_OK(reader);
    if (!reader.ok()) return {};
    return Drain(**reader);
  }
};

INSTANTIATE_TEST_SUITE_P(Chunks, ReaderTest,
                         ::testing::Values(size_t{1}, size_t{3},
                                           size_t{1} << 20));

// --- The sample drops --------------------------------------------------------

TEST_P(ReaderTest, ReadsTrackingMinimalSample) {
  Contents c = ReadFixture("samples/tracking_minimal.csv");
  EXPECT_THAT(c.header, ElementsAre("order_number", "tracking_number",
                                    "carrier_code", "title"));
  EXPECT_THAT(
      c.rows,
      ElementsAre(
          Row{2, {"000000101", "1Z999AA10123456784", "ups", "UPS"}},
          Row{3, {"000000102", "9400111899223197428490", "usps", "USPS"}},
          Row{4, {"000000103", "794698547421", "fedex", "FedEx"}}));
  EXPECT_THAT(c.errors, IsEmpty());
  EXPECT_EQ(c.dialect.encoding, Encoding::kUtf8);
  EXPECT_FALSE(c.dialect.bom);
  EXPECT_EQ(c.dialect.delimiter, ',');
  EXPECT_EQ(c.dialect.line_ending, "LF");
}

TEST_P(ReaderTest, ReadsShipStationSampleWithQuotesCrlfAndUtf8) {
  Contents c = ReadFixture("samples/shipstation_shipments.csv");
  EXPECT_THAT(c.header, ElementsAre("Order Number", "Ship Date", "Recipient",
                                    "Carrier", "Service", "Tracking Number",
                                    "Package Weight (oz)", "Shipping Cost"));
  ASSERT_EQ(c.rows.size(), 4u);
  EXPECT_EQ(c.rows[0],
            (Row{2,
                 {"000000104", "11/20/2026", "Jane O'Neil", "UPS",
                  "UPS\u00AE Ground", "1Z999AA10123456785", "12.5", "9.87"}}));
  EXPECT_EQ(c.rows[1].fields[2], "Smith, John");
  EXPECT_EQ(c.rows[2].fields[2], "M\u00FCller GmbH");
  EXPECT_EQ(c.rows[3],
            (Row{5,
                 {"000000107", "11/21/2026", "Li \"Lee\" Wang", "DHL Express",
                  "DHL Express Worldwide", "1234567890", "22", "48.00"}}));
  EXPECT_THAT(c.errors, IsEmpty());
  EXPECT_EQ(c.dialect.line_ending, "CRLF");
  EXPECT_EQ(c.dialect.encoding, Encoding::kUtf8);
}

TEST_P(ReaderTest, ReadsGermanExcelSampleWithBomAndSemicolons) {
  Contents c = ReadFixture("samples/excel_de_semicolon_bom.csv");
  EXPECT_THAT(c.header, ElementsAre("Bestellnummer", "Sendungsnummer",
                                    "Versanddienstleister", "Versanddatum"));
  EXPECT_THAT(
      c.rows,
      ElementsAre(
          Row{2, {"000000108", "00340434161094042557", "DHL", "21.11.2026"}},
          Row{3, {"000000109", "00340434161094042558", "DHL", "21.11.2026"}},
          Row{4,
              {"000000110", "1Z999AA10123456786", "UPS Standard",
               "21.11.2026"}}));
  EXPECT_TRUE(c.dialect.bom);
  EXPECT_EQ(c.dialect.encoding, Encoding::kUtf8);
  EXPECT_EQ(c.dialect.delimiter, ';');
  EXPECT_EQ(c.dialect.line_ending, "CRLF");
}

TEST_P(ReaderTest, ReadsMultiPackageSample) {
  Contents c = ReadFixture("samples/multi_package_items.csv");
  EXPECT_THAT(c.header, ElementsAre("order_number", "tracking_number",
                                    "carrier", "sku", "qty"));
  ASSERT_EQ(c.rows.size(), 4u);
  EXPECT_EQ(c.rows[3], (Row{5,
                            {"000000112", "9400111899223197428492", "USPS",
                             "WS12-M-Green", "1"}}));
}

TEST_P(ReaderTest, ReadsMsiStockSample) {
  Contents c = ReadFixture("samples/stock_sources_msi.csv");
  EXPECT_THAT(c.header,
              ElementsAre("source_code", "sku", "status", "quantity"));
  ASSERT_EQ(c.rows.size(), 4u);
  EXPECT_EQ(c.rows[2], (Row{4, {"warehouse_eu", "WS12-M-Blue", "1", "35.5"}}));
}

TEST_P(ReaderTest, ReadsTabSeparatedErpSample) {
  Contents c = ReadFixture("samples/stock_erp_export.tsv");
  EXPECT_EQ(c.dialect.delimiter, '\t');
  EXPECT_THAT(c.header, ElementsAre("ITEMNO", "WAREHOUSE", "QTY_AVAILABLE",
                                    "UPDATED_AT"));
  EXPECT_THAT(
      c.rows,
      ElementsAre(
          Row{2, {"MH01-XS-Black", "default", "118", "2026-11-21T10:00:00Z"}},
          Row{3, {"MH01-XS-Black", "default", "117", "2026-11-21T09:00:00Z"}},
          Row{4,
              {"WS12-M-Blue", "warehouse_eu", "30", "2026-11-21T10:05:00Z"}}));
}

TEST_P(ReaderTest, ReportsUnterminatedQuoteInErrorSampleAndReadsNextLine) {
  Contents c = ReadFixture("samples/tracking_with_errors.csv");
  EXPECT_THAT(
      c.rows,
      ElementsAre(Row{2, {"000000101", "", "ups", "UPS"}},
                  Row{3, {"999999999", "1Z999AA10123456789", "ups", "UPS"}},
                  Row{5, {"000000114", "1Z999AA10123456790", "", ""}}));
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].line, 4u);
  EXPECT_EQ(c.errors[0].column, 2u);
  EXPECT_THAT(c.errors[0].message, HasSubstr("unterminated quote"));
  EXPECT_THAT(c.errors[0].message, HasSubstr("opens on line 4"));
  EXPECT_THAT(c.errors[0].message, HasSubstr("goes on at line 5"));
  // The skipped line, byte-for-byte, for the error report.
  EXPECT_EQ(c.errors[0].raw, "000000113,\"1Z999AA1012345679,ups,UPS");
}

// --- RFC 4180 and what real files do
// ------------------------------------------

TEST_P(ReaderTest, KeepsDelimitersAndDoubledQuotesInsideQuotes) {
  Contents c = Read("a,b\n\"x,y\",\"say \"\"hi\"\"\"\n");
  EXPECT_THAT(c.rows, ElementsAre(Row{2, {"x,y", "say \"hi\""}}));
}

TEST_P(ReaderTest, ReportsStartLineOfRecordWithLineBreaksInQuotes) {
  Contents c = Read("a,b\n1,\"two\nlines\"\n2,\"three\r\nmore\rlines\"\n3,x");
  EXPECT_THAT(c.rows, ElementsAre(Row{2, {"1", "two\nlines"}},
                                  Row{4, {"2", "three\r\nmore\rlines"}},
                                  Row{7, {"3", "x"}}));
  EXPECT_EQ(c.dialect.line_ending, "LF");
}

TEST_P(ReaderTest, ReadsLoneCrLineEndings) {
  Contents c = Read("a,b\r1,2\r3,4\r");
  EXPECT_THAT(c.rows, ElementsAre(Row{2, {"1", "2"}}, Row{3, {"3", "4"}}));
  EXPECT_EQ(c.dialect.line_ending, "CR");
}

TEST_P(ReaderTest, ReportsMixedLineEndings) {
  Contents c = Read("a,b\r\n1,2\n3,4\r\n");
  EXPECT_EQ(c.rows.size(), 2u);
  EXPECT_EQ(c.dialect.line_ending, "mixed");
}

TEST_P(ReaderTest, SkipsBlankAndWhitespaceLinesButCountsThem) {
  Contents c = Read("\n\r\na,b\n\n  \n1,2\r\n\r\n3,4\n\n");
  EXPECT_THAT(c.header, ElementsAre("a", "b"));
  EXPECT_THAT(c.rows, ElementsAre(Row{6, {"1", "2"}}, Row{8, {"3", "4"}}));
  EXPECT_THAT(c.errors, IsEmpty());
}

TEST_P(ReaderTest, SkipsRecordsWhoseFieldsAreAllEmpty) {
  Contents c = Read("a;b;c\n;;\n1;2;3\n;;\n");
  EXPECT_THAT(c.rows, ElementsAre(Row{3, {"1", "2", "3"}}));
  EXPECT_THAT(c.errors, IsEmpty());
}

TEST_P(ReaderTest, TrailingDelimiterMakesAnEmptyLastField) {
  Contents c = Read("a,b,c\n1,2,\n");
  EXPECT_THAT(c.rows, ElementsAre(Row{2, {"1", "2", ""}}));
}

TEST_P(ReaderTest, TrimsWhitespaceOutsideQuotesAndKeepsItInside) {
  Contents c = Read("a,b,c\n  1 ,  \" two \"  ,\t3\t\n");
  EXPECT_THAT(c.rows, ElementsAre(Row{2, {"1", " two ", "3"}}));
}

TEST_P(ReaderTest, KeepsTextAfterAClosingQuoteAsExcelDoes) {
  Contents c = Read("a,b\n\"ab\"c,x\"y\n");
  EXPECT_THAT(c.rows, ElementsAre(Row{2, {"abc", "x\"y"}}));
}

TEST_P(ReaderTest, ReadsLastRecordWithoutTrailingNewline) {
  Contents c = Read("a,b\n1,2");
  EXPECT_THAT(c.rows, ElementsAre(Row{2, {"1", "2"}}));
  EXPECT_EQ(c.dialect.line_ending, "LF");
}

TEST_P(ReaderTest, HeaderOnlyFileHasNoRecords) {
  Contents c = Read("a,b\n");
  EXPECT_THAT(c.header, ElementsAre("a", "b"));
  EXPECT_THAT(c.rows, IsEmpty());
  EXPECT_THAT(c.errors, IsEmpty());
  EXPECT_OK(c.status);
}

TEST_P(ReaderTest, RefusesEmptyFile) {
  for (const char* data : {"", "\n\r\n  \n"}) {
    auto reader = OpenString(data);
    ASSERT_FALSE(reader.ok());
    EXPECT_EQ(reader.status().code(), StatusCode::kInvalidInput);
    EXPECT_THAT(reader.status().message(), HasSubstr("no header"));
  }
}

TEST_P(ReaderTest, ReportsWrongNumberOfFieldsAndGoesOn) {
  Contents c = Read("a,b,c,d\n1,2,3\n1,2,3,4\n1,2,3,4,5\n");
  EXPECT_THAT(c.rows, ElementsAre(Row{3, {"1", "2", "3", "4"}}));
  EXPECT_THAT(
      c.errors,
      ElementsAre(
          RecordError{2, 4, "expected 4 fields as in the header, found 3",
                      "1,2,3"},
          RecordError{4, 5, "expected 4 fields as in the header, found 5",
                      "1,2,3,4,5"}));
}

TEST_P(ReaderTest, UnterminatedQuoteResumesAfterTheOpeningLine) {
  // The quote on line 3 runs to the end of the file, swallowing lines 4-5.
  Contents c = Read("a,b\n1,2\n3,\"oops\n4,5\n6,7\n");
  EXPECT_THAT(c.rows, ElementsAre(Row{2, {"1", "2"}}, Row{4, {"4", "5"}},
                                  Row{5, {"6", "7"}}));
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].line, 3u);
  EXPECT_EQ(c.errors[0].column, 2u);
  // The text skipped is the line where the quote opened, not lines 4-5.
  EXPECT_EQ(c.errors[0].raw, "3,\"oops");
}

TEST_P(ReaderTest, UnterminatedQuoteKeepsTheRecordUpToTheQuotesLine) {
  // The record starts on line 2; its second field's quote opens on line 3
  // and never closes. Reading resumes on line 4.
  Contents c = Read("a,b\r\n\"x\r\ny\", \"open\r\n1,2\r\n");
  EXPECT_THAT(c.rows, ElementsAre(Row{4, {"1", "2"}}));
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].line, 2u);
  EXPECT_EQ(c.errors[0].raw, "\"x\r\ny\", \"open");
}

TEST_P(ReaderTest, UnterminatedQuoteOnLastLineEndsCleanly) {
  Contents c = Read("a,b\n1,2\n3,\"oops");
  EXPECT_THAT(c.rows, ElementsAre(Row{2, {"1", "2"}}));
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_THAT(c.errors[0].message, HasSubstr("end of the file"));
  EXPECT_EQ(c.errors[0].raw, "3,\"oops");
}

// --- Delimiters
// ----------------------------------------------------------------

TEST_P(ReaderTest, DetectsSemicolonDespiteCommasInQuotedHeader) {
  Contents c = Read("\"Name, first\";\"Qty, total\";sku\nA;1,5;X\n");
  EXPECT_EQ(c.dialect.delimiter, ';');
  EXPECT_THAT(c.header, ElementsAre("Name, first", "Qty, total", "sku"));
  EXPECT_THAT(c.rows, ElementsAre(Row{2, {"A", "1,5", "X"}}));
}

TEST_P(ReaderTest, DetectsPipe) {
  Contents c = Read("sku|qty\nA|1\n");
  EXPECT_EQ(c.dialect.delimiter, '|');
  EXPECT_THAT(c.rows, ElementsAre(Row{2, {"A", "1"}}));
}

TEST_P(ReaderTest, ForcedDelimiterWinsOverSniffing) {
  ReaderOptions options;
  options.forced_delimiter = ';';
  Contents c = Read("sku,name;qty\nA,x;1\n", options);
  EXPECT_EQ(c.dialect.delimiter, ';');
  EXPECT_THAT(c.header, ElementsAre("sku,name", "qty"));
}

TEST_P(ReaderTest, RefusesQuoteAsForcedDelimiter) {
  ReaderOptions options;
  options.forced_delimiter = '"';
  auto reader = OpenString("a\n", options);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kInvalidInput);
}

TEST_P(ReaderTest, FollowsExcelSepLine) {
  Contents c = Read("sep=|\r\nsku|name, long\r\nA|b, c\r\n");
  EXPECT_EQ(c.dialect.delimiter, '|');
  EXPECT_THAT(c.header, ElementsAre("sku", "name, long"));
  EXPECT_THAT(c.rows, ElementsAre(Row{3, {"A", "b, c"}}));
}

TEST_P(ReaderTest, SingleColumnFileDefaultsToComma) {
  Contents c = Read("sku\nA\nB\n");
  EXPECT_EQ(c.dialect.delimiter, ',');
  EXPECT_THAT(c.rows, ElementsAre(Row{2, {"A"}}, Row{3, {"B"}}));
}

// --- Encodings
// -----------------------------------------------------------------

std::string Utf16(std::u16string_view text, bool little_endian) {
  std::string out = little_endian ? "\xFF\xFE" : "\xFE\xFF";
  for (char16_t u : text) {
    char lo = static_cast<char>(u & 0xFF);
    char hi = static_cast<char>(u >> 8);
    out += little_endian ? lo : hi;
    out += little_endian ? hi : lo;
  }
  return out;
}

TEST_P(ReaderTest, ReadsUtf16LittleEndianWithBom) {
  Contents c =
      Read(Utf16(u"sku\tname\r\nA-1\tM\u00FCller \U0001F600\r\n", true));
  EXPECT_EQ(c.dialect.encoding, Encoding::kUtf16Le);
  EXPECT_TRUE(c.dialect.bom);
  EXPECT_EQ(c.dialect.delimiter, '\t');
  EXPECT_THAT(c.rows, ElementsAre(Row{2, {"A-1", "M\u00FCller \U0001F600"}}));
}

TEST_P(ReaderTest, ReadsUtf16BigEndianWithBom) {
  Contents c = Read(Utf16(u"sku,qty\n\u20AC1,2\n", false));
  EXPECT_EQ(c.dialect.encoding, Encoding::kUtf16Be);
  EXPECT_THAT(c.rows, ElementsAre(Row{2, {"\u20AC1", "2"}}));
}

TEST_P(ReaderTest, ReportsUnpairedUtf16Surrogate) {
  std::u16string text = u"sku,qty\nA,1\nB";
  text += static_cast<char16_t>(0xD800);
  text += u",2\nC,3\n";
  Contents c = Read(Utf16(text, true));
  EXPECT_THAT(c.rows, ElementsAre(Row{2, {"A", "1"}}, Row{4, {"C", "3"}}));
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].line, 3u);
  EXPECT_EQ(c.errors[0].column, 1u);
  EXPECT_THAT(c.errors[0].message, HasSubstr("unpaired surrogate"));
}

TEST_P(ReaderTest, ConvertsWindows1252ToUtf8) {
  Contents c = Read("name;price\nM\xFCller;\x80 5\n\x84quoted\x93;x\n");
  EXPECT_EQ(c.dialect.encoding, Encoding::kWindows1252);
  EXPECT_FALSE(c.dialect.bom);
  EXPECT_THAT(c.rows, ElementsAre(Row{2, {"M\u00FCller", "\u20AC 5"}},
                                  Row{3, {"\u201Equoted\u201C", "x"}}));
}

TEST_P(ReaderTest, ReportsUndefinedWindows1252Bytes) {
  Contents c = Read("name;x\nM\xFCller;1\nab\x81;2\nc;\x8D\nd;\x90\n");
  EXPECT_THAT(c.rows, ElementsAre(Row{2, {"M\u00FCller", "1"}}));
  ASSERT_EQ(c.errors.size(), 3u);
  EXPECT_EQ(c.errors[0].line, 3u);
  EXPECT_EQ(c.errors[0].column, 1u);
  EXPECT_THAT(c.errors[0].message,
              HasSubstr("column 1 at character 3 holds a byte that "
                        "Windows-1252 does not define"));
  EXPECT_EQ(c.errors[1].column, 2u);
  EXPECT_EQ(c.errors[2].line, 5u);
}

TEST_P(ReaderTest, AsciiPrefixThenWindows1252StillDecodes) {
  std::string data = "sku,name\n";
  for (int i = 0; i < 5000; ++i) data += "A" + std::to_string(i) + ",plain\n";
  data +=
      "Z,Gr\xFC\xDF"
      "e\n";
  Contents c = Read(data);
  EXPECT_EQ(c.dialect.encoding, Encoding::kWindows1252);
  ASSERT_EQ(c.rows.size(), 5001u);
  EXPECT_EQ(c.rows.back(), (Row{5002, {"Z", "Gr\u00FC\u00DFe"}}));
}

TEST_P(ReaderTest, ReportsInvalidUtf8InFileWithBom) {
  Contents c = Read("\xEF\xBB\xBFsku,name\nA,ok \xC3\xA9\nB,M\xFCller\nC,x\n");
  EXPECT_EQ(c.dialect.encoding, Encoding::kUtf8);
  EXPECT_THAT(c.rows,
              ElementsAre(Row{2, {"A", "ok \u00E9"}}, Row{4, {"C", "x"}}));
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0],
            (RecordError{3, 2,
                         "column 2 at character 2 is not valid UTF-8 (byte "
                         "0xFC)",
                         "B,M\xFCller"}));
}

TEST_P(ReaderTest, RefusesBinaryFileWithNulBytes) {
  auto reader = OpenString(std::string("PK\x03\x04\0\0\x08\0", 8));
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kInvalidInput);
  EXPECT_THAT(reader.status().message(), HasSubstr("not a text file"));
}

// --- Limits ------------------------------------------------------------------

TEST_P(ReaderTest, ReportsLineTooLongAndGoesOn) {
  ReaderOptions options;
  options.max_line_length = 100;
  std::string data = "a,b\n1," + std::string(5000, 'x') + "\n2,y\n";
  Contents c = Read(data, options);
  EXPECT_THAT(c.rows, ElementsAre(Row{3, {"2", "y"}}));
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].line, 2u);
  EXPECT_THAT(c.errors[0].message, HasSubstr("max_line_length"));
  // What fits of the record is kept, and no more.
  EXPECT_EQ(c.errors[0].raw, "1," + std::string(98, 'x'));
}

TEST_P(ReaderTest, TooLongRecordKeepsWholeCharactersOnly) {
  ReaderOptions options;
  options.max_line_length = 11;
  std::string e_acute = "\u00E9";  // Two bytes in UTF-8.
  std::string long_field;
  for (int i = 0; i < 20; ++i) long_field += e_acute;
  Contents c = Read("a,b\n1," + long_field + "\n2,y\n", options);
  EXPECT_THAT(c.rows, ElementsAre(Row{3, {"2", "y"}}));
  ASSERT_EQ(c.errors.size(), 1u);
  // 11 bytes would split the fifth character: keep four.
  EXPECT_EQ(c.errors[0].raw, "1," + long_field.substr(0, 8));
}

TEST_P(ReaderTest, SkipsLineLongerThanTheBufferWithoutHoldingIt) {
  ReaderOptions options;
  options.max_line_length = 100000;
  std::string data = "a,b\n1,2\n3," + std::string(1000000, 'x') + "\n5,6\n";
  auto reader = OpenString(data, options);
  ASSERT_OK(reader);
  Contents c = Drain(**reader);
  EXPECT_THAT(c.rows, ElementsAre(Row{2, {"1", "2"}}, Row{4, {"5", "6"}}));
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].line, 3u);
  // One record's text and fields at most, not the megabyte line.
  EXPECT_LT((*reader)->BufferBytesForTesting(),
            3 * options.max_line_length + (64 << 10));
}

TEST_P(ReaderTest, UnclosedQuoteHittingTheLengthLimitResyncs) {
  ReaderOptions options;
  options.max_line_length = 64;
  std::string data = "a,b\n1,\"open\n";
  for (int i = 0; i < 20; ++i) data += "2,ok\n";
  Contents c = Read(data, options);
  EXPECT_EQ(c.rows.size(), 20u);
  EXPECT_EQ(c.rows.front().line, 3u);
  ASSERT_GE(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].line, 2u);
  EXPECT_THAT(c.errors[0].message, HasSubstr("unterminated quote"));
  EXPECT_EQ(c.errors[0].raw, "1,\"open");
}

TEST_P(ReaderTest, ReportsTooManyFields) {
  ReaderOptions options;
  options.max_fields = 3;
  Contents c = Read("a,b,c\n1,2,3\n1,2,3,4,5,6\n7,8,9\n", options);
  EXPECT_THAT(c.rows,
              ElementsAre(Row{2, {"1", "2", "3"}}, Row{4, {"7", "8", "9"}}));
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].line, 3u);
  EXPECT_THAT(c.errors[0].message, HasSubstr("more than 3 fields"));
  EXPECT_EQ(c.errors[0].raw, "1,2,3,4,5,6");
}

TEST_P(ReaderTest, RefusesHeaderWithTooManyFields) {
  ReaderOptions options;
  options.max_fields = 2;
  auto reader = OpenString("a,b,c\n", options);
  ASSERT_FALSE(reader.ok());
  EXPECT_THAT(reader.status().message(), HasSubstr("header on line 1"));
}

TEST_P(ReaderTest, StopsWhenStreamGrowsPastFileSizeLimit) {
  // The source does not tell its size: the limit is met while reading.
  ReaderOptions options;
  options.max_file_size = 100000;
  auto reader =
      OpenString("a,b\n" + std::string(200000, '\n') + "1,2\n", options);
  ASSERT_OK(reader);
  Record record;
  EXPECT_FALSE((*reader)->Next(&record));
  EXPECT_EQ((*reader)->status().code(), StatusCode::kInvalidInput);
  EXPECT_THAT((*reader)->status().message(), HasSubstr("max_file_size"));
}

// --- Errors, sinks, files
// -------------------------------------------------------

TEST(ReaderFileTest, RefusesFileLargerThanLimitBeforeReading) {
  m2drop::testing::ScopedTempDir dir;
  std::string path = dir.WriteFile("big.csv", "a,b\n" + std::string(100, 'x'));
  ReaderOptions options;
  options.max_file_size = 50;
  auto reader = Reader::Open(fs::PosixFileSystem::Instance(), path, options);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kInvalidInput);
  EXPECT_THAT(reader.status().message(), HasSubstr("more than the limit"));
}

TEST(ReaderFileTest, MissingFileIsNotFound) {
  auto reader = Reader::Open(fs::PosixFileSystem::Instance(),
                             "/nonexistent/m2drop/x.csv", {});
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kNotFound);
}

TEST(ReaderFileTest, ReadErrorEndsRecordsWithIoStatus) {
  // Open() reads the first 64 KiB; the failure comes later.
  std::string data = "a,b\n";
  while (data.size() < 100000) data += "1,2\n";
  auto reader = Reader::FromSource(
      std::make_unique<testing::FailingSource>(data + "3,"), {}, "x.csv");
  ASSERT_OK(reader);
  Record record;
  uint64_t rows = 0;
  while ((*reader)->Next(&record)) ++rows;
  EXPECT_EQ(rows, (data.size() - 4) / 4);  // The cut-off "3," is not a row.
  EXPECT_EQ((*reader)->status().code(), StatusCode::kIo);
  EXPECT_THAT((*reader)->status().message(), HasSubstr("disk on fire"));
}

TEST(ReaderFileTest, SendsErrorsToSinkInsteadOfKeepingThem) {
  auto reader = Reader::FromString("a,b\n1\n2,3\n4\n", {});
  ASSERT_OK(reader);
  std::vector<uint64_t> lines;
  std::vector<std::string> texts;
  (*reader)->set_error_sink([&](const RecordError& e) {
    lines.push_back(e.line);
    texts.push_back(e.raw);
  });
  Record record;
  while ((*reader)->Next(&record)) {
  }
  EXPECT_THAT(lines, ElementsAre(2u, 4u));
  EXPECT_THAT(texts, ElementsAre("1", "4"));
  EXPECT_THAT((*reader)->errors(), IsEmpty());
  EXPECT_EQ((*reader)->error_count(), 2u);
  EXPECT_EQ((*reader)->record_count(), 1u);
}

TEST(ReaderFileTest, RawTextIsTheRecordAsWritten) {
  auto reader = Reader::FromString("a,b\r\n \"x,\"\"y\" , z\r\n", {});
  ASSERT_OK(reader);
  Record record;
  ASSERT_TRUE((*reader)->Next(&record));
  EXPECT_EQ(record.raw(), " \"x,\"\"y\" , z");
  EXPECT_THAT(record.fields(), ElementsAre("x,\"y", "z"));
}

// --- Streaming
// -----------------------------------------------------------------

TEST(ReaderStreamingTest, MemoryStaysFlatOverManyMegabytes) {
  auto* source = new testing::GeneratedSource(
      "order_number,tracking_number,carrier_code,title\n", 200000,
      [](uint64_t i) {
        return "0000" + std::to_string(i) + ",1Z" + std::to_string(i * 7) +
               ",ups,\"UPS Ground, 2-day\"\n";
      });
  auto reader = Reader::FromSource(std::unique_ptr<ByteSource>(source), {},
                                   "generated.csv");
  ASSERT_OK(reader);
  Record record;
  uint64_t rows = 0;
  size_t max_buffers = 0;
  while ((*reader)->Next(&record)) {
    ++rows;
    ASSERT_EQ(record.line(), rows + 1);
    ASSERT_EQ(record[0], "0000" + std::to_string(rows));
    ASSERT_EQ(record[3], "UPS Ground, 2-day");
    max_buffers = std::max(max_buffers, (*reader)->BufferBytesForTesting());
  }
  EXPECT_EQ(rows, 200000u);
  EXPECT_GT(source->total_bytes(), 8u << 20);
  EXPECT_LT(max_buffers, 256u << 10);
  EXPECT_THAT((*reader)->errors(), IsEmpty());
}

}  // namespace
}  // namespace m2drop::csv
