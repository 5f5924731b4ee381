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

// Issue 17: a name or cell may carry a terminal escape, a C1 CSI or bytes
// that are not UTF-8; none of them reaches a terminal as it is.
TEST(StringsTest, QuoteForMessageEscapesC1AndInvalidBytes) {
  EXPECT_EQ(QuoteForMessage("a\x1b[2Jb\xc2\x9b\xff\xc3\xa4"),
            "\"a\\u001b[2Jb\\u009b\\xff\xc3\xa4\"");
}

TEST(StringsTest, EscapeControlsKeepsTextAndQuotes) {
  EXPECT_EQ(EscapeControls("dr\"op\\x.csv\r\x1b]0;pwn\x07\xfe"),
            "dr\"op\\x.csv\\r\\u001b]0;pwn\\u0007\\xfe");
  EXPECT_EQ(EscapeControls("Gr\xc3\xbc\xc3\x9f"
                           "e \xe2\x82\xac"),
            "Gr\xc3\xbc\xc3\x9f"
            "e \xe2\x82\xac");
}

TEST(StringsTest, ValidUtf8ReplacesEachBadByteVisibly) {
  EXPECT_EQ(ValidUtf8("a\xff\xc3\xa4\xe2\x82"),
            "a\xEF\xBF\xBD\xc3\xa4\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_TRUE(IsValidUtf8(ValidUtf8("\xed\xa0\x80\xc0\xaf")));
  EXPECT_EQ(ValidUtf8("plain"), "plain");
}

TEST(StringsTest, ShortenForMessageKeepsTheStartAndSaysTheLength) {
  EXPECT_EQ(ShortenForMessage("short", 10), "short");
  EXPECT_EQ(ShortenForMessage("abcdefghij", 4),
            "abcd\u2026 (cut; 10 bytes in all)");
  // "\xc3\xa4" must not be split: the cut goes back to its first byte.
  EXPECT_EQ(ShortenForMessage("ab\xc3\xa4"
                              "cd",
                              3),
            "ab\u2026 (cut; 6 bytes in all)");
}

}  // namespace
}  // namespace m2drop
