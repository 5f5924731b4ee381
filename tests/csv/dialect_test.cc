// SPDX-License-Identifier: Apache-2.0
#include "m2drop/csv/dialect.h"

#include <gtest/gtest.h>

namespace m2drop::csv {
namespace {

TEST(DialectTest, SniffsTheMostFrequentDelimiterOutsideQuotes) {
  EXPECT_EQ(SniffDelimiter("a,b,c\n1;2;3;4;5\n"), ',');
  EXPECT_EQ(SniffDelimiter("\"a,b,c\";\"d,e\";f\r\n"), ';');
  EXPECT_EQ(SniffDelimiter("ITEMNO\tQTY\tAT\n"), '\t');
  EXPECT_EQ(SniffDelimiter("sku|qty\n"), '|');
  EXPECT_EQ(SniffDelimiter("\"say \"\"a,b\"\"\"|x\n"), '|');
  EXPECT_EQ(SniffDelimiter("\n\r\nsku;qty\n"), ';');  // Blank lines first.
}

TEST(DialectTest, TiesAndSingleColumnsFallBackInOrder) {
  EXPECT_EQ(SniffDelimiter("a,b;c\n"), ',');
  EXPECT_EQ(SniffDelimiter("a;b|c\n"), ';');
  EXPECT_EQ(SniffDelimiter("sku\n"), ',');
  EXPECT_EQ(SniffDelimiter(""), ',');
}

TEST(DialectTest, LooksOnlyAtTheFirstLineButAcrossQuotedBreaks) {
  EXPECT_EQ(SniffDelimiter("\"a\nb;c;d;e\";x,y,z\n"), ',');
}

TEST(DialectTest, ParsesExcelSepLine) {
  EXPECT_EQ(ParseExcelSepLine("sep=;\r\na;b\n"), ';');
  EXPECT_EQ(ParseExcelSepLine("SEP=|\n"), '|');
  EXPECT_EQ(ParseExcelSepLine("sep=\t\n"), '\t');
  EXPECT_EQ(ParseExcelSepLine("sep=;"), std::nullopt);  // No line break.
  EXPECT_EQ(ParseExcelSepLine("sep=;;\n"), std::nullopt);
  EXPECT_EQ(ParseExcelSepLine("separator\n"), std::nullopt);
}

TEST(DialectTest, NamesLineEndings) {
  EXPECT_EQ((LineEndingCounts{}).Name(), "none");
  EXPECT_EQ((LineEndingCounts{3, 0, 0}).Name(), "LF");
  EXPECT_EQ((LineEndingCounts{0, 3, 0}).Name(), "CRLF");
  EXPECT_EQ((LineEndingCounts{0, 0, 3}).Name(), "CR");
  EXPECT_EQ((LineEndingCounts{1, 3, 0}).Name(), "mixed");
}

TEST(DialectTest, WritesDelimitersForPeople) {
  EXPECT_EQ(DelimiterText('\t'), "\\t");
  EXPECT_EQ(DelimiterText(';'), ";");
}

}  // namespace
}  // namespace m2drop::csv
