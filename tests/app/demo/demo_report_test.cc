// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/demo/demo_report.h"

#include <gtest/gtest.h>

#include <sstream>

#include "testing/temp_dir.h"

namespace m2drop::app {
namespace {

TEST(DemoReportTest, TablePrintsTheReportCountsAndMarksTheUnexpected) {
  std::vector<DemoRow> rows = {
      {"a.csv", "3pl", "processed/",
       nlohmann::json::parse(R"({"rows_total":3,"applied":2,
         "already_present":1,"stale":0,"failed":0,"api_calls":5})"),
       true},
      {"b.csv (again)", "3pl", "not filed in time", nullptr, false}};
  std::ostringstream out;
  PrintOutcomeTable(rows, out);
  const std::string text = out.str();
  EXPECT_NE(text.find("file                         profile outcome"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("a.csv                        3pl     processed/"
                      "                 3        2        1      0       0"
                      "      5\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("b.csv (again)                3pl     not filed in time"
                      "          -        -        -      -       -      -"
                      "  (!)\n"),
            std::string::npos)
      << text;
}

TEST(DemoReportTest, PrintsErrorsCsvsAndStaleRows) {
  testing::ScopedTempDir dir;
  dir.WriteFile("failed/x.csv.errors.csv", "order,errors\n9,\"no order\"\n");
  dir.WriteFile("failed/x.csv.report.json", "{}");
  dir.WriteFile("processed/s.tsv.report.json",
                R"({"rows":[{"line":2,"outcome":"applied"},
                   {"line":3,"outcome":"stale","message":"stale: newer"}]})");
  std::ostringstream out;
  PrintErrorsCsvs(dir.Join("failed"), out);
  PrintStaleRows(dir.Join("processed"), out);
  EXPECT_EQ(out.str(), "\nThe rows to fix, " +
                           dir.Join("failed/x.csv.errors.csv") +
                           " (fix them and drop the file again):\n"
                           "order,errors\n9,\"no order\"\n"
                           "\ns.tsv.report.json, line 3: stale: newer\n");
}

}  // namespace
}  // namespace m2drop::app
