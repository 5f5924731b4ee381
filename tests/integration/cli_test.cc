// SPDX-License-Identifier: Apache-2.0
// The real m2drop binary on the sample drops: what a person or a script sees
// from `inspect`, `validate` and `--help`.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "testing/subprocess.h"
#include "testing/temp_dir.h"

namespace m2drop {
namespace {

using testing::FixturePath;
using testing::ProcessResult;
using testing::RunProcess;

ProcessResult M2drop(std::vector<std::string> args) {
  args.insert(args.begin(), M2DROP_BINARY);
  return RunProcess(args);
}

nlohmann::json InspectJson(const std::string& sample) {
  ProcessResult r = M2drop({"inspect", "--json", FixturePath(sample)});
  EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << r.out;
  return j;
}

TEST(CliTest, InspectShipStationExport) {
  auto j = InspectJson("samples/shipstation_shipments.csv");
  EXPECT_EQ(j["encoding"], "utf-8");
  EXPECT_EQ(j["bom"], false);
  EXPECT_EQ(j["delimiter"], ",");
  EXPECT_EQ(j["line_ending"], "CRLF");
  EXPECT_EQ(j["header"][0], "Order Number");
  EXPECT_EQ(j["header"].size(), 8u);
  ASSERT_EQ(j["records"].size(), 4u);
  EXPECT_EQ(j["records"][1]["fields"][2], "Smith, John");      // comma
  EXPECT_EQ(j["records"][3]["fields"][2], "Li \"Lee\" Wang");  // quotes
  EXPECT_EQ(j["records"][2]["fields"][4], "FedEx Home Delivery\u00ae");
  EXPECT_EQ(j["records"][0]["line"], 2);
  EXPECT_TRUE(j["errors"].empty());
}

TEST(CliTest, InspectGermanExcelWithBomAndSemicolons) {
  auto j = InspectJson("samples/excel_de_semicolon_bom.csv");
  EXPECT_EQ(j["bom"], true);
  EXPECT_EQ(j["delimiter"], ";");
  EXPECT_EQ(j["header"][0], "Bestellnummer");  // BOM not part of the name
  EXPECT_EQ(j["records"][0]["fields"][1], "00340434161094042557");
}

TEST(CliTest, InspectTabSeparatedErpExport) {
  auto j = InspectJson("samples/stock_erp_export.tsv");
  EXPECT_EQ(j["delimiter"], "\t");
  EXPECT_EQ(j["header"][3], "UPDATED_AT");
  EXPECT_EQ(j["records"].size(), 3u);
}

TEST(CliTest, InspectQuotedLineBreaksAndWindows1252) {
  testing::ScopedTempDir dir;
  std::string path =
      dir.WriteFile("cp1252.csv",
                    "order;name;note\r\n"
                    "000000101;M\xfcller;\"line one\r\nline two\"\r\n"
                    "000000102;\x80uro;plain\r\n");
  ProcessResult r = M2drop({"inspect", "--json", path});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["encoding"], "windows-1252");
  EXPECT_EQ(j["records"][0]["fields"][1], "M\u00fcller");
  EXPECT_EQ(j["records"][0]["fields"][2], "line one\r\nline two");
  EXPECT_EQ(j["records"][1]["line"], 4);  // the quoted break counts
  EXPECT_EQ(j["records"][1]["fields"][1], "\u20acuro");
}

TEST(CliTest, InspectReportsTheUnterminatedQuoteAndGoesOn) {
  auto j = InspectJson("samples/tracking_with_errors.csv");
  ASSERT_EQ(j["errors"].size(), 1u);
  EXPECT_EQ(j["errors"][0]["line"], 4);
  ASSERT_EQ(j["records"].size(), 3u);
  EXPECT_EQ(j["records"][2]["line"], 5);
}

class ValidateCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ =
        dir_.WriteFile("m2drop.toml",
                       "[[profile]]\nname = \"3pl\"\nkind = \"tracking\"\n"
                       "inbox = \"" +
                           dir_.Join("inbox") + "\"\n");
  }
  testing::ScopedTempDir dir_;
  std::string config_;
};

TEST_F(ValidateCliTest, BadRowsExitOne) {
  ProcessResult r =
      M2drop({"validate", FixturePath("samples/tracking_with_errors.csv"),
              "--profile", "3pl", "--config", config_, "--json"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["failed"], 3);
  std::vector<int> lines;
  for (const auto& e : j["errors"]) lines.push_back(e["line"]);
  EXPECT_EQ(lines, (std::vector<int>{2, 4, 5}));
}

TEST_F(ValidateCliTest, MissingRequiredColumnExits65) {
  ProcessResult r =
      M2drop({"validate", FixturePath("samples/excel_de_semicolon_bom.csv"),
              "--profile", "3pl", "--config", config_});
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_NE(r.err.find("missing required column \"order\""), std::string::npos)
      << r.err;
}

TEST_F(ValidateCliTest, ConfigFromTheEnvironment) {
  ProcessResult r = RunProcess(
      {M2DROP_BINARY, "validate", FixturePath("samples/tracking_minimal.csv"),
       "--profile", "3pl"},
      std::chrono::seconds(60), {"M2DROP_CONFIG=" + config_});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(HelpTest, EveryCommandDescribesItsOptions) {
  ProcessResult top = M2drop({"--help"});
  EXPECT_EQ(top.exit_code, 0);
  for (const char* cmd : {"inspect", "validate"}) {
    EXPECT_NE(top.out.find(cmd), std::string::npos) << cmd;
    ProcessResult r = M2drop({cmd, "--help"});
    EXPECT_EQ(r.exit_code, 0) << cmd;
    EXPECT_NE(r.out.find("Options:"), std::string::npos) << cmd;
  }
  EXPECT_EQ(M2drop({"no-such-command"}).exit_code, 2);
  EXPECT_EQ(M2drop({}).exit_code, 2);
}

}  // namespace
}  // namespace m2drop
