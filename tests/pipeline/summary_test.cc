// SPDX-License-Identifier: Apache-2.0
#include "m2drop/pipeline/summary.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace m2drop::pipeline {
namespace {

TEST(SummaryTest, JsonHasTheContractKeys) {
  FileSummary s;
  s.file = "drop.csv";
  s.profile = "3pl";
  s.mode = "validate";
  s.dialect = {"utf-8", true, ";", "CRLF"};
  s.rows_total = 4;
  s.valid = 2;
  s.failed = 2;
  s.AddError({3, 2, "missing_value", "tracking number is empty"}, 10);
  s.AddError({5, 0, "malformed_record", "unterminated quote"}, 10);
  auto j = nlohmann::json::parse(ToJson(s));
  for (const char* key : {"file", "profile", "dialect", "rows_total", "applied",
                          "already_present", "failed", "deferred", "api_calls",
                          "elapsed_ms", "errors"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_EQ(j["dialect"]["delimiter"], ";");
  EXPECT_EQ(j["failed"], 2);
  ASSERT_EQ(j["errors"].size(), 2u);
  EXPECT_EQ(j["errors"][0]["line"], 3);
  EXPECT_EQ(j["errors"][0]["column"], 2);
  EXPECT_FALSE(j["errors"][1].contains("column"));  // row-level error
  EXPECT_FALSE(j.contains("errors_omitted"));
}

TEST(SummaryTest, ErrorsBeyondTheLimitAreCountedNotKept) {
  FileSummary s;
  for (int i = 0; i < 5; ++i) s.AddError({uint64_t(i), 0, "x", "y"}, 3);
  EXPECT_EQ(s.errors.size(), 3u);
  EXPECT_EQ(s.errors_omitted, 2u);
  EXPECT_EQ(nlohmann::json::parse(ToJson(s))["errors_omitted"], 2);
}

TEST(SummaryTest, InvalidUtf8InMessagesDoesNotBreakTheJson) {
  FileSummary s;
  s.AddError({1, 1, "invalid_value", "bad \xff byte"}, 10);
  auto j = nlohmann::json::parse(ToJson(s), nullptr, false);
  ASSERT_FALSE(j.is_discarded());
}

}  // namespace
}  // namespace m2drop::pipeline
