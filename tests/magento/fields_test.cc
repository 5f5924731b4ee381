// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/fields.h"

#include <gtest/gtest.h>

namespace m2drop::magento::fields {
namespace {

TEST(PartialResponseFieldsTest, EveryFilterTheClientSendsIsValid) {
  for (std::string_view filter : {kOrder, kOrderList, kShipment, kShipmentList,
                                  kProductList, kStockItem}) {
    EXPECT_TRUE(IsValidFieldsFilter(filter)) << filter;
  }
}

TEST(PartialResponseFieldsTest, ListFiltersAskForTotalCount) {
  for (std::string_view filter : {kOrderList, kShipmentList, kProductList}) {
    EXPECT_TRUE(filter.starts_with("items[")) << filter;
    EXPECT_TRUE(filter.ends_with("],total_count")) << filter;
  }
}

TEST(PartialResponseFieldsTest, OrderFiltersNameWhatQtyToShipNeeds) {
  for (std::string_view field :
       {"qty_ordered", "qty_shipped", "qty_canceled", "qty_refunded",
        "parent_item_id", "increment_id", "state"}) {
    EXPECT_NE(kOrderList.find(field), std::string_view::npos) << field;
  }
}

TEST(PartialResponseFieldsTest, ShipmentFiltersNameTracksAndSourceCode) {
  EXPECT_NE(kShipmentList.find("tracks[entity_id,"), std::string_view::npos);
  EXPECT_NE(kShipmentList.find("extension_attributes[source_code]"),
            std::string_view::npos);
}

TEST(IsValidFieldsFilterTest, AcceptsNestedLists) {
  EXPECT_TRUE(IsValidFieldsFilter("a"));
  EXPECT_TRUE(IsValidFieldsFilter("a,b_2"));
  EXPECT_TRUE(IsValidFieldsFilter("items[a,b[c,d]],total_count"));
}

TEST(IsValidFieldsFilterTest, RejectsWhatMagentoWouldAnswerWithEmptyList) {
  for (std::string_view bad :
       {"", "a b", "a,", ",a", "a,,b", "a[]", "[a]", "a[b", "a]b", "a[b]c",
        "a-b", "a[b],", "items[a]]"}) {
    EXPECT_FALSE(IsValidFieldsFilter(bad)) << bad;
  }
}

}  // namespace
}  // namespace m2drop::magento::fields
