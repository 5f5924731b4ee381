// SPDX-License-Identifier: Apache-2.0
#include "m2drop/kinds/tracking/order_numbers.h"

#include <gtest/gtest.h>

namespace m2drop::pipeline {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST(OrderNumbersTest, LearnsWidthFromOrdersFound) {
  EXPECT_EQ(OrderNumberWidth({"000000101", "000000102"}, 0), 9);
  EXPECT_EQ(OrderNumberWidth({"10001", "10002"}, 0), 5);
}

TEST(OrderNumbersTest, ProfileWidthWins) {
  EXPECT_EQ(OrderNumberWidth({"000000101"}, 12), 12);
  EXPECT_EQ(OrderNumberWidth({}, 7), 7);
}

TEST(OrderNumbersTest, AmbiguousWidthsPadNothing) {
  EXPECT_EQ(OrderNumberWidth({"000000101", "1000000101"}, 0), 0);
  EXPECT_EQ(OrderNumberWidth({"000000101", "DE-000101"}, 0), 0);
  EXPECT_TRUE(PaddedCandidates({"120", "000000101", "1000000101"},
                               {"000000101", "1000000101"}, 0)
                  .empty());
}

TEST(OrderNumbersTest, NothingFoundFallsBackToMagentoDefault) {
  EXPECT_EQ(OrderNumberWidth({}, 0), kMagentoDefaultOrderNumberWidth);
  EXPECT_EQ(PaddedCandidates({"120"}, {}, 0), (Pairs{{"120", "000000120"}}));
}

TEST(OrderNumbersTest, PadsOnlyNumericIdsNotFound) {
  Pairs candidates =
      PaddedCandidates({"000000101", "108", "DE-7", "108", "999999999", "12a"},
                       {"000000101"}, 0);
  EXPECT_EQ(candidates, (Pairs{{"108", "000000108"}}));
}

TEST(OrderNumbersTest, UsesProfileWidth) {
  EXPECT_EQ(PaddedCandidates({"42"}, {"000000101"}, 6),
            (Pairs{{"42", "000042"}}));
}

TEST(OrderNumbersTest, PadOrderNumberRefusesWhatItCannotPad) {
  EXPECT_EQ(PadOrderNumber("108", 9), "000000108");
  EXPECT_EQ(PadOrderNumber("123456789", 9), "");
  EXPECT_EQ(PadOrderNumber("1234567890", 9), "");
  EXPECT_EQ(PadOrderNumber("A108", 9), "");
  EXPECT_EQ(PadOrderNumber("", 9), "");
  EXPECT_EQ(PadOrderNumber("108", 0), "");
  EXPECT_FALSE(IsAllDigits(""));
  EXPECT_FALSE(IsAllDigits("1 2"));
  EXPECT_TRUE(IsAllDigits("0012"));
}

}  // namespace
}  // namespace m2drop::pipeline
