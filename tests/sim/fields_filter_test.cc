// SPDX-License-Identifier: Apache-2.0
#include "m2drop/sim/fields_filter.h"

#include <gtest/gtest.h>

namespace m2drop::sim {
namespace {

class FieldsFilterTest : public ::testing::Test {
 protected:
  const Json response_ = {
      {"items",
       {{{"entity_id", 1},
         {"increment_id", "000000101"},
         {"state", "processing"},
         {"items", {{{"sku", "A"}, {"qty_ordered", 1}, {"item_id", 7}}}}}}},
      {"search_criteria", {{"filter_groups", Json::array()}}},
      {"total_count", 1}};
};

TEST_F(FieldsFilterTest, KeepsOnlyNamedFieldsAtEveryLevel) {
  Json out = ApplyFieldsFilter(
      response_, "items[entity_id,increment_id,items[sku]],total_count");
  Json expected = {{"items",
                    {{{"entity_id", 1},
                      {"increment_id", "000000101"},
                      {"items", {{{"sku", "A"}}}}}}},
                   {"total_count", 1}};
  EXPECT_EQ(out, expected);
}

TEST_F(FieldsFilterTest, MalformedFilterGivesEmptyArray) {
  EXPECT_EQ(ApplyFieldsFilter(response_, "items[entity_id"), Json::array());
  EXPECT_EQ(ApplyFieldsFilter(response_, "items, total_count"), Json::array());
  EXPECT_EQ(ApplyFieldsFilter(response_, "items.entity_id"), Json::array());
  EXPECT_EQ(ApplyFieldsFilter(response_, "entity_id]"), Json::array());
  EXPECT_EQ(ApplyFieldsFilter(response_, ""), Json::array());
}

TEST_F(FieldsFilterTest, UnknownFieldsAreDroppedAndScalarsUntouched) {
  EXPECT_EQ(ApplyFieldsFilter(response_, "nothing"), Json::object());
  EXPECT_EQ(ApplyFieldsFilter(Json(42), "items[entity_id"), Json(42));
}

}  // namespace
}  // namespace m2drop::sim
