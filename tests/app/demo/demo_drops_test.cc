// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/demo/demo_drops.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::app {
namespace {

namespace fs = std::filesystem;

class DemoDropsTest : public ::testing::Test {
 protected:
  testing::ScopedTempDir dir_;
};

TEST_F(DemoDropsTest, DropLeavesOnlyTheFinalName) {
  const std::string source = dir_.WriteFile("src.csv", "a,b\n1,2\n");
  dir_.WriteFile("p/inbox/.keep", "");
  ASSERT_OK(DropLikeAProducer(source, dir_.Join("p/inbox"), "drop.csv"));
  EXPECT_EQ(testing::ReadWholeFile(dir_.Join("p/inbox/drop.csv")),
            "a,b\n1,2\n");
  EXPECT_FALSE(fs::exists(dir_.Join("p/inbox/.drop.csv.part")));
}

TEST_F(DemoDropsTest, DropNamesTheMissingSource) {
  dir_.WriteFile("p/inbox/.keep", "");
  Status s = DropLikeAProducer(dir_.Join("nope.csv"), dir_.Join("p/inbox"),
                               "nope.csv");
  EXPECT_EQ(s.code(), StatusCode::kIo);
  EXPECT_NE(s.message().find("nope.csv"), std::string::npos) << s.message();
}

TEST_F(DemoDropsTest, FindsOnlyANewCompleteReportOfThatFile) {
  const std::string p = dir_.Join("p");
  dir_.WriteFile("p/processed/a.csv.report.json",
                 R"({"file":"a.csv","failed":0,"applied":3})");
  const std::set<std::string> before = FiledReports(p);
  EXPECT_EQ(before.size(), 1u);
  EXPECT_FALSE(FindFiled(p, "a.csv", before).has_value());
  // A temporary report and another file's report are not it.
  dir_.WriteFile("p/processed/.a.csv.report.json.tmp", R"({"file":"a.csv"})");
  dir_.WriteFile("p/processed/b.csv.report.json", R"({"file":"b.csv"})");
  EXPECT_FALSE(FindFiled(p, "a.csv", before).has_value());
  // Failed rows: complete only once the errors.csv is beside the JSON.
  // The daemon's report names the file where it imported it, in work/.
  dir_.WriteFile("p/failed/a_2.csv.report.json",
                 R"({"file":"/x/p/work/a.csv","failed":2})");
  EXPECT_FALSE(FindFiled(p, "a.csv", before).has_value());
  dir_.WriteFile("p/failed/a_2.csv.errors.csv", "x,errors\n");
  std::optional<FiledDrop> filed = FindFiled(p, "a.csv", before);
  ASSERT_TRUE(filed.has_value());
  EXPECT_EQ(filed->outcome, "failed/");
  EXPECT_EQ(filed->report_path, dir_.Join("p/failed/a_2.csv.report.json"));
  EXPECT_EQ(filed->report.value("failed", 0), 2);
}

TEST_F(DemoDropsTest, NoDirectoriesNoReports) {
  EXPECT_TRUE(FiledReports(dir_.Join("none")).empty());
  EXPECT_FALSE(FindFiled(dir_.Join("none"), "a.csv", {}).has_value());
}

}  // namespace
}  // namespace m2drop::app
