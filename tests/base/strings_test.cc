// SPDX-License-Identifier: Apache-2.0
#include "m2drop/base/strings.h"

#include <gtest/gtest.h>

namespace m2drop {
namespace {

TEST(StringsTest, TrimRemovesSurroundingWhitespaceOnly) {
  EXPECT_EQ(Trim("  a b \t\r\n"), "a b");
  EXPECT_EQ(Trim(""), "");
  EXPECT_EQ(Trim(" \t "), "");
}

TEST(StringsTest, CaseHelpersAreAsciiOnly) {
  EXPECT_EQ(AsciiLower("Order-NUMBER Ä"), "order-number Ä");
  EXPECT_TRUE(EqualsIgnoreCase("Bearer", "bEARER"));
  EXPECT_FALSE(EqualsIgnoreCase("ups", "upss"));
}

TEST(StringsTest, SplitKeepsEmptyParts) {
  auto parts = Split("a,,b", ',');
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[1], "");
  EXPECT_EQ(Split("", ',').size(), 1u);
  EXPECT_EQ(Join({"a", "b", "c"}, ", "), "a, b, c");
}

TEST(StringsTest, GlobMatch) {
  EXPECT_TRUE(GlobMatch("*.csv", "drop-1.csv"));
  EXPECT_FALSE(GlobMatch("*.csv", "drop-1.csv.part"));
  EXPECT_TRUE(GlobMatch("UPS*", "ups® ground", /*ignore_case=*/true));
  EXPECT_FALSE(GlobMatch("UPS*", "ups ground"));
  EXPECT_TRUE(GlobMatch("a?c", "abc"));
  EXPECT_TRUE(GlobMatch("[!.]*", "file"));
  EXPECT_FALSE(GlobMatch("[!.]*", ".hidden"));
  EXPECT_TRUE(GlobMatch("[a-c]x", "bx"));
  EXPECT_TRUE(GlobMatch("*a*b*c*", "xxaxxbxxcxx"));
  EXPECT_FALSE(GlobMatch("*a*b*c*", "xxaxxcxxbxx"));
  EXPECT_TRUE(GlobMatch("[x", "[x"));  // unclosed class is literal
  EXPECT_TRUE(GlobMatch("*", ""));
}

TEST(StringsTest, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("M\xC3\xBCller \xE2\x82\xAC \xF0\x9F\x93\xA6"));
  EXPECT_FALSE(IsValidUtf8("M\xFCller"));         // Windows-1252 ü
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // > U+10FFFF
}

TEST(StringsTest, QuoteForMessageEscapesControls) {
  EXPECT_EQ(QuoteForMessage("a\"b\n\x01"), "\"a\\\"b\\n\\u0001\"");
}

}  // namespace
}  // namespace m2drop
