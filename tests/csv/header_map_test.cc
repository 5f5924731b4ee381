// SPDX-License-Identifier: Apache-2.0
#include "m2drop/csv/header_map.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace m2drop::csv {
namespace {

using ::testing::ElementsAre;

std::vector<FieldSpec> TrackingFields() {
  return {
      {"order", true, {"order_number", "order", "increment_id", "order #"}},
      {"tracking", true, {"tracking_number", "tracking"}},
      {"carrier", true, {"carrier_code", "carrier"}},
      {"title", false, {"title", "carrier_title", "service"}},
  };
}

TEST(HeaderMapTest, NormalizesCaseSpacesAndSeparators) {
  EXPECT_EQ(NormalizeHeaderName("  Order Number "), "ordernumber");
  EXPECT_EQ(NormalizeHeaderName("ORDER_NUMBER"), "ordernumber");
  EXPECT_EQ(NormalizeHeaderName("order-number"), "ordernumber");
  EXPECT_EQ(NormalizeHeaderName("Order #"), "order#");
  EXPECT_EQ(NormalizeHeaderName("Müller"), "müller");
}

TEST(HeaderMapTest, MapsAliasesIgnoringCaseAndSeparators) {
  Result<HeaderMap> map =
      MapHeader({"Ship Date", "Tracking Number", "ORDER-NUMBER", "Carrier"},
                TrackingFields());
  ASSERT_OK(map);
  EXPECT_EQ(map->ColumnOf("order"), 2u);
  EXPECT_EQ(map->ColumnOf("tracking"), 1u);
  EXPECT_EQ(map->ColumnOf("carrier"), 3u);
  EXPECT_EQ(map->ColumnOf("title"), HeaderMap::kNoColumn);
  EXPECT_FALSE(map->Has("title"));
  EXPECT_EQ(map->ColumnOf("unknown"), HeaderMap::kNoColumn);
  EXPECT_THAT(map->fields(),
              ElementsAre("order", "tracking", "carrier", "title"));
  EXPECT_THAT(map->columns(), ElementsAre(2u, 1u, 3u, HeaderMap::kNoColumn));
}

TEST(HeaderMapTest, EarlierAliasWins) {
  Result<HeaderMap> map =
      MapHeader({"order", "tracking", "carrier", "service", "carrier_title"},
                TrackingFields());
  ASSERT_OK(map);
  EXPECT_EQ(map->ColumnOf("title"), 4u);  // carrier_title before service
}

TEST(HeaderMapTest, UsesFieldNameWhenNoAliases) {
  Result<HeaderMap> map = MapHeader({"SKU", "qty"}, {{"sku", true, {}}});
  ASSERT_OK(map);
  EXPECT_EQ(map->ColumnOf("sku"), 0u);
}

TEST(HeaderMapTest, MissingRequiredColumnSaysWhatWasExpectedAndFound) {
  Result<HeaderMap> map =
      MapHeader({"tracking_number", "carrier", "sku"}, TrackingFields());
  ASSERT_FALSE(map.ok());
  EXPECT_EQ(map.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(map.status().message(),
            "missing required column \"order\" (expected one of: "
            "order_number, order, increment_id, order #; found: "
            "tracking_number, carrier, sku)");
}

TEST(HeaderMapTest, RefusesTwoColumnsMatchingOneField) {
  Result<HeaderMap> map =
      MapHeader({"order_number", "tracking", "carrier", "Order Number"},
                TrackingFields());
  ASSERT_FALSE(map.ok());
  EXPECT_EQ(map.status().message(),
            "columns 1 (\"order_number\") and 4 (\"Order Number\") both "
            "match field \"order\"; name the one to use in the profile's "
            "columns");
}

}  // namespace
}  // namespace m2drop::csv
