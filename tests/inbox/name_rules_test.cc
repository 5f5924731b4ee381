// SPDX-License-Identifier: Apache-2.0
#include "m2drop/inbox/name_rules.h"

#include <gtest/gtest.h>

namespace m2drop::inbox {
namespace {

TEST(InboxNameRulesTest, TemporaryNamesOfCommonUploaders) {
  for (const char* name :
       {".hidden.csv", ".in.orders.csv.", ".pureftpd-upload.5f3a.1234",
        "orders.csv.filepart", "orders.csv.part", "orders.csv.tmp",
        "~$orders.csv", "ORDERS.CSV.PART", "orders.csv.FilePart", "orders.TMP",
        "", ".", ".."}) {
    EXPECT_TRUE(IsTemporaryName(name)) << name;
  }
}

TEST(InboxNameRulesTest, FinalNamesAreNotTemporary) {
  for (const char* name : {"orders.csv", "orders.partial.csv", "part",
                           "tmp.csv", "a~$b.csv", "orders.csv.ok"}) {
    EXPECT_FALSE(IsTemporaryName(name)) << name;
  }
}

TEST(InboxNameRulesTest, DropsMatchPatternsIgnoringCase) {
  NameRules rules({"*.csv", "stock-*.txt"}, "");
  EXPECT_EQ(rules.Classify("orders.csv"), NameKind::kDrop);
  EXPECT_EQ(rules.Classify("ORDERS.CSV"), NameKind::kDrop);
  EXPECT_EQ(rules.Classify("stock-1.txt"), NameKind::kDrop);
  EXPECT_EQ(rules.Classify("orders.xlsx"), NameKind::kIgnored);
  EXPECT_EQ(rules.Classify("notes.txt"), NameKind::kIgnored);
}

TEST(InboxNameRulesTest, TemporaryNameIsIgnoredEvenWhenPatternMatches) {
  NameRules rules({"*"}, "");
  EXPECT_EQ(rules.Classify(".orders.csv"), NameKind::kIgnored);
  EXPECT_EQ(rules.Classify("orders.csv.part"), NameKind::kIgnored);
  EXPECT_EQ(rules.Classify("~$orders.csv"), NameKind::kIgnored);
}

TEST(InboxNameRulesTest, MarkerIsNeverADrop) {
  NameRules rules({"*"}, ".ok");
  EXPECT_EQ(rules.Classify("x.csv.ok"), NameKind::kMarker);
  EXPECT_EQ(rules.MarkedName("x.csv.ok"), "x.csv");
  EXPECT_EQ(rules.MarkerFor("x.csv"), "x.csv.ok");
  EXPECT_EQ(rules.Classify("x.csv"), NameKind::kDrop);
  // The bare suffix names no drop; a dotfile marker is temporary.
  EXPECT_EQ(rules.Classify(".ok"), NameKind::kIgnored);
  EXPECT_EQ(rules.Classify(".x.csv.ok"), NameKind::kIgnored);
}

TEST(InboxNameRulesTest, MarkerSuffixIsExact) {
  NameRules rules({"*.csv"}, ".done");
  EXPECT_EQ(rules.Classify("x.csv.done"), NameKind::kMarker);
  EXPECT_EQ(rules.Classify("x.csv.DONE"), NameKind::kIgnored);
  EXPECT_EQ(rules.Classify("x.csv.ok"), NameKind::kIgnored);
}

TEST(InboxNameRulesTest, WithoutMarkerNothingIsAMarker) {
  NameRules rules({"*"}, "");
  EXPECT_FALSE(rules.uses_markers());
  EXPECT_EQ(rules.Classify("x.csv.ok"), NameKind::kDrop);
  EXPECT_EQ(rules.MarkerFor("x.csv"), "");
}

}  // namespace
}  // namespace m2drop::inbox
