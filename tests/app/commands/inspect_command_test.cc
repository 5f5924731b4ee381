// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/commands/inspect_command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "m2drop/base/exit_codes.h"
#include "testing/temp_dir.h"

namespace m2drop::app {
namespace {

using ::m2drop::testing::FixturePath;
using ::m2drop::testing::ScopedTempDir;
using ::testing::HasSubstr;
using Json = nlohmann::json;

class InspectCommandTest : public ::testing::Test {
 protected:
  // Runs inspect --json on `path`; checks the output is one JSON object.
  Json InspectJson(const std::string& path, int expected_exit = kExitOk) {
    InspectOptions options;
    options.file = path;
    options.json = true;
    std::ostringstream out, err;
    EXPECT_EQ(RunInspect(options, out, err), expected_exit) << err.str();
    EXPECT_EQ(err.str(), "");
    Json parsed = Json::parse(out.str(), nullptr, false);
    EXPECT_FALSE(parsed.is_discarded()) << out.str();
    return parsed;
  }

  ScopedTempDir dir_;
};

TEST_F(InspectCommandTest, JsonHasTheQuotedShape) {
  Json j = InspectJson(FixturePath("samples/tracking_minimal.csv"));
  EXPECT_EQ(j, Json::parse(R"({
    "file": ")" + FixturePath("samples/tracking_minimal.csv") +
                           R"(",
    "encoding": "utf-8", "bom": false, "delimiter": ",", "line_ending": "LF",
    "header": ["order_number", "tracking_number", "carrier_code", "title"],
    "records": [
      {"line": 2, "fields": ["000000101", "1Z999AA10123456784", "ups", "UPS"]},
      {"line": 3, "fields": ["000000102", "9400111899223197428490", "usps",
                             "USPS"]},
      {"line": 4, "fields": ["000000103", "794698547421", "fedex", "FedEx"]}
    ],
    "errors": []})"));
}

TEST_F(InspectCommandTest, JsonShowsBomSemicolonAndCrlf) {
  Json j = InspectJson(FixturePath("samples/excel_de_semicolon_bom.csv"));
  EXPECT_EQ(j["encoding"], "utf-8");
  EXPECT_EQ(j["bom"], true);
  EXPECT_EQ(j["delimiter"], ";");
  EXPECT_EQ(j["line_ending"], "CRLF");
  EXPECT_EQ(j["header"][0], "Bestellnummer");
  EXPECT_EQ(j["records"][2]["fields"][2], "UPS Standard");
}

TEST_F(InspectCommandTest, JsonShowsDoubledQuotesAndTabs) {
  Json ship = InspectJson(FixturePath("samples/shipstation_shipments.csv"));
  EXPECT_EQ(ship["records"][3]["fields"][2], "Li \"Lee\" Wang");
  EXPECT_EQ(ship["records"][1]["fields"][2], "Smith, John");
  Json tsv = InspectJson(FixturePath("samples/stock_erp_export.tsv"));
  EXPECT_EQ(tsv["delimiter"], "\t");
  EXPECT_EQ(tsv["header"][3], "UPDATED_AT");
  EXPECT_EQ(tsv["records"].size(), 3u);
}

TEST_F(InspectCommandTest, JsonShowsQuotedLineBreaksAtTheirStartLine) {
  Json j = InspectJson(FixturePath("csv/quoted_line_breaks.csv"));
  EXPECT_EQ(j["records"][0]["line"], 2);
  EXPECT_EQ(j["records"][0]["fields"][3],
            "Leave at the back door,\nring twice");
  EXPECT_EQ(j["records"][1]["line"], 4);
}

TEST_F(InspectCommandTest, JsonShowsWindows1252AndUtf16Converted) {
  Json cp = InspectJson(FixturePath("csv/windows1252_semicolon.csv"));
  EXPECT_EQ(cp["encoding"], "windows-1252");
  EXPECT_EQ(cp["records"][0]["fields"][1], "M\u00FCller \u20AC");
  Json u16 = InspectJson(FixturePath("csv/utf16le_excel_unicode.txt"));
  EXPECT_EQ(u16["encoding"], "utf-16le");
  EXPECT_EQ(u16["bom"], true);
  EXPECT_EQ(u16["delimiter"], "\t");
  EXPECT_EQ(u16["records"][0]["fields"][2], "Stra\u00DFe");
}

TEST_F(InspectCommandTest, RecordErrorsGiveExitOneAndAreListed) {
  Json j = InspectJson(FixturePath("samples/tracking_with_errors.csv"),
                       kExitRowsFailed);
  ASSERT_EQ(j["errors"].size(), 1u);
  EXPECT_EQ(j["errors"][0]["line"], 4);
  EXPECT_EQ(j["errors"][0]["column"], 2);
  EXPECT_THAT(j["errors"][0]["message"].get<std::string>(),
              HasSubstr("unterminated quote"));
  EXPECT_EQ(j["records"].size(), 3u);
  EXPECT_EQ(j["records"][2]["line"], 5);
}

TEST_F(InspectCommandTest, UnreadableFileGivesExit65AndOneLine) {
  InspectOptions options;
  options.file = dir_.WriteFile("empty.csv", "");
  std::ostringstream out, err;
  EXPECT_EQ(RunInspect(options, out, err), kExitUnreadable);
  EXPECT_EQ(out.str(), "");
  EXPECT_THAT(err.str(), HasSubstr("no header"));
  options.file = dir_.Join("missing.csv");
  EXPECT_EQ(RunInspect(options, out, err), kExitUnreadable);
}

TEST_F(InspectCommandTest, TableAlignsColumnsAndCutsLongCells) {
  InspectOptions options;
  options.file = dir_.WriteFile("t.csv", "sku,name\nA1,short\nB22,\"" +
                                             std::string(50, 'n') +
                                             "\"\nC,\"two\nlines\"\n");
  options.max_cell_width = 10;
  std::ostringstream out, err;
  EXPECT_EQ(RunInspect(options, out, err), kExitOk) << err.str();
  EXPECT_EQ(out.str(), options.file +
                           ": utf-8, delimiter \",\", line endings LF, 3 "
                           "records, 0 errors\n"
                           "line  sku  name\n"
                           "---------------------\n"
                           "2     A1   short\n"
                           "3     B22  nnnnnnnnn\u2026\n"
                           "4     C    two\\nlines\n");
}

TEST_F(InspectCommandTest, TableListsRecordErrors) {
  InspectOptions options;
  options.file = dir_.WriteFile("e.csv", "a,b\n1\n2,3\n");
  std::ostringstream out, err;
  EXPECT_EQ(RunInspect(options, out, err), kExitRowsFailed);
  EXPECT_THAT(out.str(),
              HasSubstr("error: line 2, column 2: expected 2 fields as in "
                        "the header, found 1\n"));
}

// Issue 17: `inspect` printed raw CR and terminal escapes from the file's
// name and cells.
TEST_F(InspectCommandTest, TableShowsControlCharactersEscaped) {
  InspectOptions options;
  options.file = dir_.WriteFile("x\x1b]0;t\x07.csv",
                                "sku,name\nA1,\"a\rb\x1b[2Jc\xc2\x9b\"\n");
  std::ostringstream out, err;
  EXPECT_EQ(RunInspect(options, out, err), kExitOk) << err.str();
  EXPECT_THAT(out.str(), HasSubstr("x\\u001b]0;t\\u0007.csv: utf-8"));
  EXPECT_THAT(out.str(), HasSubstr("a\\rb\\u001b[2Jc\\u009b"));
  EXPECT_EQ(out.str().find('\x1b'), std::string::npos) << out.str();
  EXPECT_EQ(out.str().find('\r'), std::string::npos) << out.str();
}

}  // namespace
}  // namespace m2drop::app
