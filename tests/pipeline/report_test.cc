// SPDX-License-Identifier: Apache-2.0
#include "m2drop/pipeline/report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "m2drop/base/fake_clock.h"
#include "m2drop/csv/reader.h"
#include "m2drop/pipeline/report_files.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::pipeline {
namespace {

using ::m2drop::testing::FixturePath;
using ::m2drop::testing::ReadWholeFile;
using ::m2drop::testing::ScopedTempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

// 2026-11-22T07:05:01Z.
const WallTime kTime = WallTime(std::chrono::seconds(1795331101));

RowOutcome Failed(uint64_t line, std::vector<RowError> errors) {
  RowOutcome o;
  o.line = line;
  o.state = RowState::kFailed;
  o.errors = std::move(errors);
  return o;
}

RowOutcome Outcome(uint64_t line, RowState state, std::string code,
                   std::string message) {
  RowOutcome o;
  o.line = line;
  o.state = state;
  o.code = std::move(code);
  o.message = std::move(message);
  return o;
}

// Reads `text` with the real CSV reader into a report input where every
// well-formed record failed with one error naming its line.
ReportInput AllRowsFailed(std::string text) {
  auto reader = csv::Reader::FromString(std::move(text), {});
  EXPECT_OK(reader);
  ReportInput input;
  input.header_raw = (*reader)->header_raw();
  csv::Record record;
  while ((*reader)->Next(&record)) {
    input.raw_rows[record.line()] = std::string(record.raw());
    input.outcomes.push_back(
        Failed(record.line(), {{record.line(), 1, "bad", "say \"why\""}}));
  }
  csv::Dialect d = (*reader)->dialect();
  input.delimiter = d.delimiter;
  input.summary.dialect = {"utf-8", d.bom, std::string(1, d.delimiter),
                           d.line_ending};
  return input;
}

std::vector<std::string> ListDir(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST(ReportFormatTest, QuotesCsvFieldsPerRfc4180) {
  EXPECT_EQ(QuoteCsvField("plain"), "\"plain\"");
  EXPECT_EQ(QuoteCsvField("a \"b\", c"), "\"a \"\"b\"\", c\"");
  EXPECT_EQ(QuoteCsvField(""), "\"\"");
}

TEST(ReportFormatTest, RowErrorsNameLineAndColumn) {
  RowOutcome two = Failed(4, {{4, 2, "missing_value", "tracking is empty"},
                              {4, 0, "malformed_record", "too many fields"}});
  EXPECT_EQ(FormatRowErrors(two),
            "line 4, column 2: tracking is empty; line 4: too many fields");
  RowOutcome remote = Outcome(7, RowState::kFailed, "unknown_order",
                              "order \"999\" does not exist in Magento");
  EXPECT_EQ(FormatRowErrors(remote),
            "line 7: order \"999\" does not exist in Magento");
}

TEST(ReportJsonTest, HasTheSummaryGeneratedAtAndEveryRow) {
  ReportInput input;
  input.summary.file = "drop.csv";
  input.summary.profile = "3pl";
  input.summary.mode = "import";
  input.summary.applied = 1;
  input.summary.failed = 1;
  input.outcomes = {
      Outcome(2, RowState::kApplied, "", "shipped 1 item as shipment 42"),
      Failed(3, {{3, 2, "missing_value", "tracking is empty"}}),
      Outcome(4, RowState::kDeferred, "unavailable", "Magento did not answer"),
  };
  auto j = nlohmann::json::parse(ReportJson(input, kTime));
  auto summary = nlohmann::json::parse(ToJson(input.summary));
  for (auto& [key, value] : summary.items()) EXPECT_EQ(j[key], value) << key;
  EXPECT_EQ(j["generated_at"], "2026-11-22T07:05:01Z");
  EXPECT_EQ(j["rows_listed"], 3);
  EXPECT_EQ(j["rows_omitted"], 0);
  ASSERT_EQ(j["rows"].size(), 3u);
  EXPECT_EQ(j["rows"][0],
            nlohmann::json::parse(R"({"line":2,"outcome":"applied",
              "message":"shipped 1 item as shipment 42"})"));
  EXPECT_EQ(j["rows"][1], nlohmann::json::parse(R"({"line":3,"outcome":"failed",
              "code":"missing_value","message":"column 2: tracking is empty"})"));
  EXPECT_EQ(j["rows"][2]["outcome"], "deferred");
  EXPECT_EQ(j["rows"][2]["code"], "unavailable");
}

TEST(ReportJsonTest, CapsListedRowsButAlwaysListsFailedAndDeferred) {
  ReportInput input;
  input.max_listed_rows = 2;
  for (uint64_t line = 2; line < 7; ++line) {
    input.outcomes.push_back(Outcome(line, RowState::kApplied, "", "ok"));
  }
  input.outcomes.push_back(Outcome(7, RowState::kFailed, "x", "bad"));
  input.outcomes.push_back(Outcome(8, RowState::kDeferred, "y", "later"));
  auto j = nlohmann::json::parse(ReportJson(input, kTime));
  EXPECT_EQ(j["rows_listed"], 4);
  EXPECT_EQ(j["rows_omitted"], 3);
  std::vector<int> lines;
  for (const auto& row : j["rows"]) lines.push_back(row["line"]);
  EXPECT_THAT(lines, ElementsAre(2, 3, 7, 8));
}

// The sample with errors, as the import engine would report it: rows 2 and 5
// fail their local checks, row 3 is refused by Magento, and row 4 is a
// malformed record (unterminated quote) the reader skipped.
TEST(ErrorsCsvTest, CopiesTheSampleRowsByteForByteWithTheirErrors) {
  std::string sample =
      ReadWholeFile(FixturePath("samples/tracking_with_errors.csv"));
  auto reader =
      csv::Reader::Open(m2drop::fs::PosixFileSystem::Instance(),
                        FixturePath("samples/tracking_with_errors.csv"), {});
  ASSERT_OK(reader);
  ReportInput input;
  input.header_raw = (*reader)->header_raw();
  csv::Record record;
  while ((*reader)->Next(&record)) {
    input.raw_rows[record.line()] = std::string(record.raw());
  }
  ASSERT_EQ((*reader)->errors().size(), 1u);
  const csv::RecordError& malformed = (*reader)->errors()[0];
  // The engine keeps the malformed record's physical line as its raw text.
  input.raw_rows[malformed.line] = "000000113,\"1Z999AA1012345679,ups,UPS";
  input.outcomes = {
      Failed(2, {{2, 2, "missing_value", "tracking_number is empty"}}),
      Outcome(3, RowState::kFailed, "unknown_order",
              "order \"999999999\" does not exist in Magento"),
      Failed(malformed.line, {{malformed.line, malformed.column,
                               "malformed_record", malformed.message}}),
      Failed(5, {{5, 3, "missing_value", "carrier_code is empty"}}),
  };
  std::string csv = ErrorsCsv(input);
  EXPECT_EQ(csv,
            "order_number,tracking_number,carrier_code,title,errors\n"
            "000000101,,ups,UPS,\"line 2, column 2: tracking_number is "
            "empty\"\n"
            "999999999,1Z999AA10123456789,ups,UPS,\"line 3: order "
            "\"\"999999999\"\" does not exist in Magento\"\n"
            "000000113,\"1Z999AA1012345679,ups,UPS,\"line 4, column 2: " +
                malformed.message +
                "\"\n"
                "000000114,1Z999AA10123456790,,,\"line 5, column 3: "
                "carrier_code is empty\"\n");
  // Every data line of the output is the sample's line plus the errors cell.
  for (const std::string& line :
       {std::string("000000101,,ups,UPS"),
        std::string("000000113,\"1Z999AA1012345679,ups,UPS")}) {
    EXPECT_THAT(sample, HasSubstr(line + "\n"));
  }
}

TEST(ErrorsCsvTest, KeepsBomCrlfDelimiterAndQuotedFieldsAndReReads) {
  std::string source =
      "\xEF\xBB\xBForder;tracking;note\r\n"
      "000000101;\"1Z;9\";\"a \"\"big\"\" box\"\r\n"
      "000000102;1Z8;\"two\nlines\"\r\n";
  ReportInput input = AllRowsFailed(source);
  std::string csv = ErrorsCsv(input);
  EXPECT_EQ(csv,
            "\xEF\xBB\xBForder;tracking;note;errors\r\n"
            "000000101;\"1Z;9\";\"a \"\"big\"\" box\";"
            "\"line 2, column 1: say \"\"why\"\"\"\r\n"
            "000000102;1Z8;\"two\nlines\";"
            "\"line 3, column 1: say \"\"why\"\"\"\r\n");

  auto again = csv::Reader::FromString(csv, {});
  ASSERT_OK(again);
  EXPECT_THAT((*again)->header(),
              ElementsAre("order", "tracking", "note", "errors"));
  csv::Record record;
  std::vector<std::vector<std::string>> rows;
  while ((*again)->Next(&record)) rows.push_back(record.ToStrings());
  EXPECT_TRUE((*again)->errors().empty());
  EXPECT_TRUE((*again)->dialect().bom);
  EXPECT_EQ((*again)->dialect().delimiter, ';');
  EXPECT_EQ((*again)->dialect().line_ending, "CRLF");
  EXPECT_THAT(rows,
              ElementsAre(ElementsAre("000000101", "1Z;9", "a \"big\" box",
                                      "line 2, column 1: say \"why\""),
                          ElementsAre("000000102", "1Z8", "two\nlines",
                                      "line 3, column 1: say \"why\"")));
}

TEST(ErrorsCsvTest, LfSourceWithoutBomGetsLfWithoutBom) {
  ReportInput input = AllRowsFailed("a,b\n1,2\n");
  EXPECT_EQ(ErrorsCsv(input),
            "a,b,errors\n1,2,\"line 2, column 1: say \"\"why\"\"\"\n");
}

// Found by fuzz/errors_csv_fuzzer: a U+FEFF that starts the header without
// being a BOM (a blank line came first) was read back from errors.csv as a
// BOM, and the first column lost a character.
TEST(ErrorsCsvTest, AHeaderStartingWithFeffKeepsItWhenReadBack) {
  ReportInput input = AllRowsFailed(
      "\n\xEF\xBB\xBF"
      "a,b\n1,2\n");
  ASSERT_FALSE(input.summary.dialect.bom);
  const std::string csv = ErrorsCsv(input);
  auto again = csv::Reader::FromString(csv, {});
  ASSERT_OK(again);
  EXPECT_THAT((*again)->header(), ElementsAre("\xEF\xBB\xBF"
                                              "a",
                                              "b", "errors"));
}

TEST(ErrorsCsvTest, ListsOnlyFailedRows) {
  ReportInput input = AllRowsFailed("a,b\n1,2\n3,4\n");
  input.outcomes[0] = Outcome(2, RowState::kApplied, "", "ok");
  EXPECT_EQ(ErrorsCsv(input),
            "a,b,errors\n3,4,\"line 3, column 1: say \"\"why\"\"\"\n");
  input.outcomes[1] = Outcome(3, RowState::kDeferred, "unavailable", "later");
  EXPECT_EQ(ErrorsCsv(input), "");
}

TEST(ErrorsCsvTest, RowWithoutRawTextKeepsTheColumnsAndSaysSo) {
  ReportInput input;
  input.header_raw = "a;b;c";
  input.delimiter = ';';
  input.outcomes = {Outcome(9, RowState::kFailed, "x", "bad")};
  EXPECT_EQ(ErrorsCsv(input),
            "a;b;c;errors\n;;;\"line 9: bad; the row's original text was not "
            "kept: copy line 9 from the source file\"\n");
}

TEST(EscapeFormulaCellsTest, PrefixesEveryCellAStartCharacterWouldExecute) {
  EXPECT_EQ(EscapeFormulaCells("=1+2,+3,-4,@SUM(A1),ok", ','),
            "'=1+2,'+3,'-4,'@SUM(A1),ok");
  EXPECT_EQ(EscapeFormulaCells("a;=b;c=d", ';'), "a;'=b;c=d");
}

TEST(EscapeFormulaCellsTest, EscapesInsideTheOpeningQuoteOfAQuotedCell) {
  EXPECT_EQ(
      EscapeFormulaCells(R"x(1,"=HYPERLINK(""http://x"",""y"")",2)x", ','),
      R"x(1,"'=HYPERLINK(""http://x"",""y"")",2)x");
  // Blanks a spreadsheet may trim before the formula: the ' goes first.
  EXPECT_EQ(EscapeFormulaCells("\"\r=x\",\"\t -1\",\"ok\"", ','),
            "\"'\r=x\",\"'\t -1\",\"ok\"");
  // The cell's text may begin after its closing quote.
  EXPECT_EQ(EscapeFormulaCells(R"("" =1,"",x)", ','), R"("'" =1,"",x)");
}

// Issue 17: a quote inside an unquoted cell is an ordinary character to an
// RFC 4180 reader; the escaper took it for an opening quote and left every
// later cell of the row unescaped.
TEST(EscapeFormulaCellsTest, AQuoteInsideAnUnquotedCellIsJustACharacter) {
  EXPECT_EQ(EscapeFormulaCells(R"(,ab"c,=3+4,=5+6)", ','),
            R"(,ab"c,'=3+4,'=5+6)");
  EXPECT_EQ(EscapeFormulaCells(R"("a"b"c,=1)", ','), R"("a"b"c,'=1)");
}

// Issue 17: spaces (and tabs) before a formula. m2drop's reader trims them
// and spreadsheets that trim on import would run the formula, so the ' goes
// right before the formula, after the spaces: every reader then reads text.
TEST(EscapeFormulaCellsTest, LeadingSpacesDoNotHideAFormula) {
  EXPECT_EQ(EscapeFormulaCells("a, =7+8,\t@x,  \"=1\"", ','),
            "a, '=7+8,\t'@x,\"'=1\"");
  // A tab that is the delimiter is not a space.
  EXPECT_EQ(EscapeFormulaCells("a\t=1\t\tb", '\t'), "a\t'=1\t\tb");
}

// To a strict RFC 4180 reader (or Excel) `  "a,=b"` is the cells `  "a` and
// `=b"`: a formula. Without the spaces every reader sees one quoted cell.
TEST(EscapeFormulaCellsTest, DropsSpacesBeforeAnOpeningQuote) {
  EXPECT_EQ(EscapeFormulaCells("x,  \"a,=b\" ,  c", ','), "x,\"a,=b\" ,  c");
}

TEST(EscapeFormulaCellsTest, LeavesDelimitersAndLineBreaksInsideQuotesAlone) {
  // Inside quotes, a delimiter or line break does not open a cell.
  EXPECT_EQ(EscapeFormulaCells("\"a,=b\nc\n-d\",e", ','), "\"a,=b\nc\n-d\",e");
  // An escaped quote ("") keeps the cell quoted.
  EXPECT_EQ(EscapeFormulaCells(R"("a"",=b",=c)", ','), R"("a"",=b",'=c)");
  // Records end at LF, CR or CRLF outside quotes.
  EXPECT_EQ(EscapeFormulaCells("a,b\r=c\r\n-d", ','), "a,b\r'=c\r\n'-d");
}

TEST(EscapeFormulaCellsTest, LeavesSafeTextAndEmptyCellsUnchanged) {
  EXPECT_EQ(EscapeFormulaCells("", ','), "");
  EXPECT_EQ(EscapeFormulaCells(",,", ','), ",,");
  EXPECT_EQ(EscapeFormulaCells("000123,a-b,\tx,\"\rx\",\"\"\"=\"", ','),
            "000123,a-b,\tx,\"\rx\",\"\"\"=\"");
}

TEST(ErrorsCsvTest, FormulaCellsOfHeaderAndRowsCannotRunInASpreadsheet) {
  ReportInput input = AllRowsFailed(
      "order,=cmd\n1,\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"\n@A1,-5\n");
  EXPECT_EQ(ErrorsCsv(input),
            "order,'=cmd,errors\n"
            "1,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\","
            "\"line 2, column 1: say \"\"why\"\"\"\n"
            "'@A1,'-5,\"line 3, column 1: say \"\"why\"\"\"\n");
}

// Writing them: report_files.h, over the real file system.
class WriteReportsTest : public ::testing::Test {
 protected:
  WriteReportsTest() { clock_.SetWallNow(kTime); }

  Status Write(const ReportInput& input, const std::string& dir,
               ReportPaths* out) {
    return WriteReports(m2drop::fs::PosixFileSystem::Instance(),
                        RenderReports(input, kTime), dir, "drop.csv", clock_,
                        out);
  }

  ScopedTempDir dir_;
  FakeClock clock_;
};

TEST_F(WriteReportsTest, WritesBothAtomicallyLeavingNoTempFile) {
  ReportInput input = AllRowsFailed("a,b\n1,2\n");
  ReportPaths paths;
  ASSERT_OK(Write(input, dir_.path().string(), &paths));
  EXPECT_EQ(paths.report_json, dir_.Join("drop.csv.report.json"));
  EXPECT_EQ(paths.errors_csv, dir_.Join("drop.csv.errors.csv"));
  EXPECT_EQ(ReadWholeFile(paths.report_json), ReportJson(input, kTime));
  EXPECT_EQ(ReadWholeFile(paths.errors_csv), ErrorsCsv(input));
  EXPECT_THAT(ListDir(dir_.path()),
              ElementsAre("drop.csv.errors.csv", "drop.csv.report.json"));
}

TEST_F(WriteReportsTest, NoFailedRowMeansNoErrorsCsv) {
  ReportInput input;
  input.outcomes = {Outcome(2, RowState::kApplied, "", "ok")};
  ReportPaths paths;
  ASSERT_OK(Write(input, dir_.path().string(), &paths));
  EXPECT_EQ(paths.errors_csv, "");
  EXPECT_THAT(ListDir(dir_.path()), ElementsAre("drop.csv.report.json"));
}

TEST_F(WriteReportsTest, NeverOverwritesAnExistingReport) {
  dir_.WriteFile("drop.csv.errors.csv", "an old errors file");
  ReportInput input = AllRowsFailed("a,b\n1,2\n");
  ReportPaths first, second;
  ASSERT_OK(Write(input, dir_.path().string(), &first));
  ASSERT_OK(Write(input, dir_.path().string(), &second));
  // The old errors.csv keeps its name, and the pair moves on together.
  EXPECT_EQ(first.report_json,
            dir_.Join("drop.20261122T070501Z.csv.report.json"));
  EXPECT_EQ(first.errors_csv,
            dir_.Join("drop.20261122T070501Z.csv.errors.csv"));
  EXPECT_EQ(second.report_json,
            dir_.Join("drop.20261122T070501Z-2.csv.report.json"));
  EXPECT_EQ(ReadWholeFile(dir_.Join("drop.csv.errors.csv")),
            "an old errors file");
  EXPECT_THAT(ListDir(dir_.path()),
              ElementsAre("drop.20261122T070501Z-2.csv.errors.csv",
                          "drop.20261122T070501Z-2.csv.report.json",
                          "drop.20261122T070501Z.csv.errors.csv",
                          "drop.20261122T070501Z.csv.report.json",
                          "drop.csv.errors.csv"));
}

TEST_F(WriteReportsTest, MissingDirectoryIsNotFoundNamingIt) {
  ReportInput input = AllRowsFailed("a,b\n1,2\n");
  ReportPaths paths;
  Status s = Write(input, dir_.Join("gone"), &paths);
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_THAT(s.message(), HasSubstr("gone"));
  EXPECT_TRUE(ListDir(dir_.path()).empty());
}

}  // namespace
}  // namespace m2drop::pipeline
