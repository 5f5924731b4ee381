// SPDX-License-Identifier: Apache-2.0
#include "m2drop/pipeline/values.h"

#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace m2drop::pipeline {
namespace {

TEST(ValuesTest, YesNoWords) {
  for (const char* yes : {"yes", "YES", " y ", "true", "1", "On"}) {
    auto r = ParseYesNo(yes);
    ASSERT_OK(r);
    EXPECT_TRUE(*r) << yes;
  }
  for (const char* no : {"no", "N", "false", "0", "off"}) {
    auto r = ParseYesNo(no);
    ASSERT_OK(r);
    EXPECT_FALSE(*r) << no;
  }
  auto bad = ParseYesNo("maybe");
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(bad.status().message().find("\"maybe\""), std::string::npos);
  EXPECT_FALSE(ParseYesNo("").ok());
}

TEST(ValuesTest, StockStatusWords) {
  EXPECT_TRUE(*ParseStockStatus("1"));
  EXPECT_TRUE(*ParseStockStatus("In Stock"));
  EXPECT_TRUE(*ParseStockStatus("in_stock"));
  EXPECT_FALSE(*ParseStockStatus("0"));
  EXPECT_FALSE(*ParseStockStatus("OUT OF STOCK"));
  EXPECT_FALSE(ParseStockStatus("2").ok());
  EXPECT_FALSE(ParseStockStatus("").ok());
}

TEST(ValuesTest, SequenceVersions) {
  auto v = ParseStockVersion(" 42 ");
  ASSERT_OK(v);
  EXPECT_EQ(v->kind, StockVersion::Kind::kSequence);
  EXPECT_EQ(v->value, 42);
  EXPECT_FALSE(ParseStockVersion("99999999999999999999999").ok());
  EXPECT_FALSE(ParseStockVersion("-1").ok());
}

TEST(ValuesTest, TimestampVersionsCompareInUtc) {
  auto a = ParseStockVersion("2026-11-21T10:00:00Z");
  auto b = ParseStockVersion("2026-11-21T09:00:00Z");
  auto c = ParseStockVersion("2026-11-21 11:00:00+01:00");
  auto d = ParseStockVersion("2026-11-21T10:00:00.5Z");
  ASSERT_OK(a);
  ASSERT_OK(b);
  ASSERT_OK(c);
  ASSERT_OK(d);
  EXPECT_EQ(a->kind, StockVersion::Kind::kTimestamp);
  EXPECT_LT(*b, *a);
  EXPECT_EQ(*a, *c);  // same instant, other offset
  EXPECT_EQ(d->value - a->value, 500000);
  // 2026-11-21T10:00:00Z is 1795255200 seconds after the epoch.
  EXPECT_EQ(a->value, int64_t{1795255200} * 1000000);
  EXPECT_OK(ParseStockVersion("2026-11-21"));
  EXPECT_OK(ParseStockVersion("2026-11-21T10:00"));
  EXPECT_OK(ParseStockVersion("2026-11-21T10:00:00+0130"));
}

TEST(ValuesTest, RefusesMalformedTimestamps) {
  for (const char* bad :
       {"2026-02-30T10:00:00Z", "2026-11-21T25:00:00Z", "21.11.2026",
        "2026-11-21T10:00:00 Z", "2026-11-21X10:00", "yesterday", "",
        "2026-11-21T10:00:00.Z"}) {
    auto r = ParseStockVersion(bad);
    EXPECT_FALSE(r.ok()) << bad;
  }
}

}  // namespace
}  // namespace m2drop::pipeline
