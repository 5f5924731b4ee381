// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/commands/validate_command.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "m2drop/base/exit_codes.h"
#include "testing/temp_dir.h"

namespace m2drop::app {
namespace {

class ValidateCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = dir_.WriteFile("m2drop.toml",
                             "[[profile]]\n"
                             "name = \"3pl\"\n"
                             "kind = \"tracking\"\n"
                             "inbox = \"" +
                                 dir_.Join("inbox") + "\"\n");
  }
  int Run(const std::string& sample, const std::string& profile, bool json) {
    out_.str("");
    err_.str("");
    ValidateOptions o{testing::FixturePath("samples/" + sample), profile,
                      config_, json};
    return RunValidate(o, out_, err_);
  }
  testing::ScopedTempDir dir_;
  std::string config_;
  std::ostringstream out_, err_;
};

TEST_F(ValidateCommandTest, CleanFileExitsZero) {
  EXPECT_EQ(Run("tracking_minimal.csv", "3pl", false), kExitOk);
  EXPECT_NE(out_.str().find("3 rows, 3 valid, 0 failed"), std::string::npos)
      << out_.str();
}

TEST_F(ValidateCommandTest, BadRowsExitOneWithLinesAndReasons) {
  EXPECT_EQ(Run("tracking_with_errors.csv", "3pl", false), kExitRowsFailed);
  const std::string out = out_.str();
  EXPECT_NE(out.find("line 2, column 2: the tracking number is empty"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("line 4, column 2: unterminated quote"), std::string::npos)
      << out;
  EXPECT_NE(out.find("line 5, column 3: the carrier is empty"),
            std::string::npos)
      << out;
}

TEST_F(ValidateCommandTest, JsonSummaryHasTheContractShape) {
  EXPECT_EQ(Run("tracking_with_errors.csv", "3pl", true), kExitRowsFailed);
  auto j = nlohmann::json::parse(out_.str());
  EXPECT_EQ(j["rows_total"], 4);
  EXPECT_EQ(j["failed"], 3);
  EXPECT_EQ(j["api_calls"], 0);
  ASSERT_EQ(j["errors"].size(), 3u);
  EXPECT_EQ(j["errors"][2]["line"], 5);
  EXPECT_EQ(j["errors"][2]["column"], 3);
  EXPECT_EQ(j["errors"][2]["code"], "missing_value");
}

TEST_F(ValidateCommandTest, MissingColumnExits65AndSaysWhich) {
  EXPECT_EQ(Run("excel_de_semicolon_bom.csv", "3pl", false), kExitUnreadable);
  EXPECT_NE(err_.str().find("missing required column \"order\""),
            std::string::npos)
      << err_.str();
}

TEST_F(ValidateCommandTest, UnknownProfileIsAUsageErrorListingProfiles) {
  EXPECT_EQ(Run("tracking_minimal.csv", "nope", false), kExitUsage);
  EXPECT_NE(err_.str().find("profiles: 3pl"), std::string::npos) << err_.str();
}

TEST_F(ValidateCommandTest, BrokenConfigIsAUsageError) {
  config_ = dir_.WriteFile("bad.toml", "[daemon]\nworkers = \"many\"\n");
  EXPECT_EQ(Run("tracking_minimal.csv", "3pl", false), kExitUsage);
  EXPECT_NE(err_.str().find("daemon.workers"), std::string::npos) << err_.str();
}

}  // namespace
}  // namespace m2drop::app
