// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/types.h"

#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace m2drop::magento {
namespace {

using nlohmann::json;

TEST(OrderItemTest, QtyToShipSubtractsShippedRefundedAndCanceled) {
  OrderItem item;
  item.qty_ordered = 5;
  item.qty_shipped = 1;
  item.qty_refunded = 1.5;
  item.qty_canceled = 0.5;
  EXPECT_DOUBLE_EQ(item.QtyToShip(), 2);
}

TEST(OrderItemTest, QtyToShipIsNeverNegative) {
  OrderItem item;
  item.qty_ordered = 1;
  item.qty_shipped = 1;
  item.qty_refunded = 1;
  EXPECT_DOUBLE_EQ(item.QtyToShip(), 0);
}

TEST(ParseOrderTest, AcceptsIdsAsStringsAndDecimalsAsText) {
  json j = json::parse(R"({
    "entity_id": "42", "increment_id": "000000123", "state": "processing",
    "status": "processing",
    "items": [{"item_id": "7", "order_id": 42, "sku": "A-1", "name": "Mug",
               "product_type": "simple", "is_virtual": 0,
               "qty_ordered": "2.0000", "qty_shipped": 0.5,
               "qty_canceled": null, "qty_refunded": "0"}]})");
  Result<Order> order = ParseOrder(j);
  ASSERT_OK(order);
  EXPECT_EQ(order->entity_id, 42);
  EXPECT_EQ(order->increment_id, "000000123");
  EXPECT_EQ(order->state, "processing");
  ASSERT_EQ(order->items.size(), 1u);
  const OrderItem& item = order->items[0];
  EXPECT_EQ(item.item_id, 7);
  EXPECT_EQ(item.order_id, 42);
  EXPECT_FALSE(item.parent_item_id.has_value());
  EXPECT_EQ(item.sku, "A-1");
  EXPECT_FALSE(item.is_virtual);
  EXPECT_DOUBLE_EQ(item.qty_ordered, 2);
  EXPECT_DOUBLE_EQ(item.qty_shipped, 0.5);
  EXPECT_DOUBLE_EQ(item.qty_canceled, 0);
  EXPECT_DOUBLE_EQ(item.QtyToShip(), 1.5);
}

TEST(ParseOrderTest, NullAndMissingKeysBothMeanAbsent) {
  Result<Order> with_nulls = ParseOrder(json::parse(
      R"({"entity_id": 1, "state": null, "status": null, "items": null})"));
  Result<Order> without = ParseOrder(json::parse(R"({"entity_id": 1})"));
  ASSERT_OK(with_nulls);
  ASSERT_OK(without);
  EXPECT_EQ(with_nulls->state, "");
  EXPECT_EQ(without->state, "");
  EXPECT_TRUE(with_nulls->items.empty());
  EXPECT_TRUE(without->items.empty());
}

TEST(ParseOrderTest, ReadsParentItemIdOfChildRows) {
  Result<OrderItem> item = ParseOrderItem(
      json::parse(R"({"item_id": 8, "parent_item_id": "7", "is_virtual":
      true})"));
  ASSERT_OK(item);
  ASSERT_TRUE(item->parent_item_id.has_value());
  EXPECT_EQ(*item->parent_item_id, 7);
  EXPECT_TRUE(item->is_virtual);
}

TEST(ParseOrderTest, RejectsAnOrderWithoutEntityId) {
  Result<Order> order = ParseOrder(json::parse(R"({"increment_id": "1"})"));
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.status().code(), StatusCode::kInternal);
  EXPECT_EQ(order.status().message(),
            "unexpected Magento response: order has no \"entity_id\"");
}

TEST(ParseOrderTest, RejectsWrongShapesWithTheFieldName) {
  Result<Order> order = ParseOrder(json::parse(
      R"({"entity_id": 1, "items": [{"item_id": 2, "qty_ordered": {}}]})"));
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.status().message(),
            "unexpected Magento response: order item \"qty_ordered\" is "
            "object, expected a number");
  EXPECT_FALSE(ParseOrder(json::parse(R"({"entity_id": "abc"})")).ok());
  EXPECT_FALSE(ParseOrder(json::parse(R"({"entity_id": 1.5})")).ok());
  EXPECT_FALSE(ParseOrder(json::parse(R"([1])")).ok());
}

TEST(ParseShipmentTest, ReadsTracksItemsAndSourceCode) {
  Result<Shipment> shipment = ParseShipment(json::parse(R"({
    "entity_id": 34, "order_id": "12", "increment_id": "000000034",
    "created_at": "2024-05-01 10:00:00",
    "extension_attributes": {"source_code": "wh_main"},
    "items": [{"order_item_id": 101, "sku": "A-1", "qty": "2.0000"}],
    "tracks": [{"entity_id": 5, "parent_id": 34, "order_id": 12,
                "track_number": "1Z999", "carrier_code": "ups",
                "title": "UPS"}]})"));
  ASSERT_OK(shipment);
  EXPECT_EQ(shipment->entity_id, 34);
  EXPECT_EQ(shipment->order_id, 12);
  EXPECT_EQ(shipment->created_at, "2024-05-01 10:00:00");
  EXPECT_EQ(shipment->source_code, "wh_main");
  ASSERT_EQ(shipment->items.size(), 1u);
  EXPECT_EQ(shipment->items[0].order_item_id, 101);
  EXPECT_DOUBLE_EQ(shipment->items[0].qty, 2);
  ASSERT_EQ(shipment->tracks.size(), 1u);
  EXPECT_EQ(shipment->tracks[0].entity_id, 5);
  EXPECT_EQ(shipment->tracks[0].parent_id, 34);
  EXPECT_EQ(shipment->tracks[0].track_number, "1Z999");
  EXPECT_EQ(shipment->tracks[0].carrier_code, "ups");
  EXPECT_EQ(shipment->tracks[0].title, "UPS");
}

TEST(ParseShipmentTest, WithoutExtensionAttributesHasNoSourceCode) {
  Result<Shipment> shipment = ParseShipment(
      json::parse(R"({"entity_id": 1, "extension_attributes": null})"));
  ASSERT_OK(shipment);
  EXPECT_EQ(shipment->source_code, "");
}

TEST(ParseSourceItemTest, ReadsAllFields) {
  Result<SourceItem> item = ParseSourceItem(json::parse(
      R"({"sku": "A", "source_code": "eu-1", "quantity": "5.5", "status": 0})"));
  ASSERT_OK(item);
  EXPECT_EQ(*item, (SourceItem{"A", "eu-1", 5.5, 0}));
}

TEST(ParseStockItemTest, ReadsFlagsAsNumbersOrBooleans) {
  Result<StockItem> item = ParseStockItem(json::parse(
      R"({"item_id": 3, "product_id": "9", "qty": "111.0000",
          "is_in_stock": 1})"));
  ASSERT_OK(item);
  EXPECT_EQ(item->item_id, 3);
  EXPECT_EQ(item->product_id, 9);
  EXPECT_DOUBLE_EQ(item->qty, 111);
  EXPECT_TRUE(item->is_in_stock);
  EXPECT_FALSE(ParseStockItem(json::parse(R"({"is_in_stock": "maybe"})")).ok());
}

TEST(ParseProductTest, RequiresAnId) {
  Result<Product> product = ParseProduct(
      json::parse(R"({"id": 5, "sku": "A", "type_id": "simple"})"));
  ASSERT_OK(product);
  EXPECT_EQ(product->id, 5);
  EXPECT_EQ(product->type_id, "simple");
  EXPECT_FALSE(ParseProduct(json::parse(R"({"sku": "A"})")).ok());
}

TEST(ParseSearchPageTest, ReadsItemsAndTotalCount) {
  Result<SearchPage> page = ParseSearchPage(
      json::parse(R"({"items": [{"a": 1}], "total_count": 7})"));
  ASSERT_OK(page);
  EXPECT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->total_count, 7);
}

TEST(ParseSearchPageTest, MissingTotalCountMeansThisPageOnly) {
  Result<SearchPage> page =
      ParseSearchPage(json::parse(R"({"items": [{}, {}]})"));
  ASSERT_OK(page);
  EXPECT_EQ(page->total_count, 2);
}

TEST(ParseSearchPageTest, AnEmptyArrayIsAnErrorNotAnEmptyResult) {
  // What Magento answers with 200 to a malformed fields= filter.
  Result<SearchPage> page = ParseSearchPage(json::array());
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), StatusCode::kInternal);
  EXPECT_NE(page.status().message().find("malformed fields="),
            std::string::npos);
  EXPECT_FALSE(ParseSearchPage(json::parse(R"({"items": {}})")).ok());
}

// FieldsFilter::applyFilter (lib/internal/Magento/Framework/Webapi/Rest/
// Response/FieldsFilter.php) starts from $arrayIntersect = null, so every
// empty list the filter walks into comes back as null: a search that finds
// nothing answers {"items":null,"total_count":0}.
TEST(ParseSearchPageTest, NullItemsIsASearchThatFoundNothing) {
  Result<SearchPage> page =
      ParseSearchPage(json::parse(R"({"items": null, "total_count": 0})"));
  ASSERT_OK(page);
  EXPECT_TRUE(page->items.empty());
  EXPECT_EQ(page->total_count, 0);
}

TEST(ParseSearchPageTest, AbsentItemsIsASearchThatFoundNothing) {
  Result<SearchPage> page =
      ParseSearchPage(json::parse(R"({"total_count": 0})"));
  ASSERT_OK(page);
  EXPECT_TRUE(page->items.empty());
  EXPECT_EQ(page->total_count, 0);
}

TEST(ParseSearchPageTest, TotalCountAsText) {
  Result<SearchPage> page =
      ParseSearchPage(json::parse(R"({"items": [{}], "total_count": "301"})"));
  ASSERT_OK(page);
  EXPECT_EQ(page->total_count, 301);
  EXPECT_FALSE(
      ParseSearchPage(json::parse(R"({"items": [], "total_count": "many"})"))
          .ok());
}

TEST(ParseSearchPageTest, NullOrAScalarIsAnError) {
  EXPECT_FALSE(ParseSearchPage(json(nullptr)).ok());
  EXPECT_FALSE(ParseSearchPage(json(true)).ok());
}

TEST(ParseOrderTest, NullNestedItemsAreAnOrderWithoutLines) {
  Result<Order> order = ParseOrder(
      json::parse(R"({"entity_id": 1, "increment_id": "1", "items": null})"));
  ASSERT_OK(order);
  EXPECT_TRUE(order->items.empty());
}

TEST(ParseOrderItemTest, ReadsIsQtyDecimalAsAnyFlagShape) {
  for (const char* text : {R"({"item_id": 1, "is_qty_decimal": 1})",
                           R"({"item_id": 1, "is_qty_decimal": "1"})",
                           R"({"item_id": 1, "is_qty_decimal": true})"}) {
    Result<OrderItem> item = ParseOrderItem(json::parse(text));
    ASSERT_OK(item);
    EXPECT_TRUE(item->is_qty_decimal) << text;
  }
  // Absent or null: Magento's castQty reads a falsy flag, whole quantities.
  for (const char* text :
       {R"({"item_id": 1})", R"({"item_id": 1, "is_qty_decimal": null})",
        R"({"item_id": 1, "is_qty_decimal": "0"})"}) {
    Result<OrderItem> item = ParseOrderItem(json::parse(text));
    ASSERT_OK(item);
    EXPECT_FALSE(item->is_qty_decimal) << text;
  }
}

TEST(ParseShipmentTest, NullTracksAndItemsAreEmptyLists) {
  Result<Shipment> shipment = ParseShipment(
      json::parse(R"({"entity_id": 3, "tracks": null, "items": null})"));
  ASSERT_OK(shipment);
  EXPECT_TRUE(shipment->tracks.empty());
  EXPECT_TRUE(shipment->items.empty());
}

// PHP renders an empty associative array as []: an extension_attributes the
// filter left empty (or a shop without MSI) arrives as a list.
TEST(ParseShipmentTest, ExtensionAttributesAsAnEmptyListHaveNoSourceCode) {
  Result<Shipment> shipment = ParseShipment(
      json::parse(R"({"entity_id": 3, "extension_attributes": []})"));
  ASSERT_OK(shipment);
  EXPECT_EQ(shipment->source_code, "");
  EXPECT_FALSE(ParseShipment(json::parse(
                                 R"({"entity_id": 3,
                                     "extension_attributes": [1]})"))
                   .ok());
}

TEST(ParseStockItemTest, ReadsBooleansAndNumbersAsText) {
  Result<StockItem> item = ParseStockItem(json::parse(
      R"({"item_id": "3", "qty": "0.0000", "is_in_stock": false})"));
  ASSERT_OK(item);
  EXPECT_EQ(item->item_id, 3);
  EXPECT_DOUBLE_EQ(item->qty, 0);
  EXPECT_FALSE(item->is_in_stock);
  Result<StockItem> text =
      ParseStockItem(json::parse(R"({"item_id": 3, "is_in_stock": "true"})"));
  ASSERT_OK(text);
  EXPECT_TRUE(text->is_in_stock);
}

TEST(ParseIdResponseTest, AcceptsNumbersAndStrings) {
  EXPECT_EQ(*ParseIdResponse(json(42)), 42);
  EXPECT_EQ(*ParseIdResponse(json("42")), 42);
  EXPECT_FALSE(ParseIdResponse(json("4x")).ok());
  EXPECT_FALSE(ParseIdResponse(json(nullptr)).ok());
  EXPECT_FALSE(ParseIdResponse(json::array()).ok());
  EXPECT_FALSE(ParseIdResponse(json(0)).ok());
}

TEST(SourceItemToJsonTest, HasTheFieldsOfTheSaveBody) {
  EXPECT_EQ(SourceItemToJson(SourceItem{"SKU-1", "eu-1", 5.5, 1}),
            json::parse(R"({"source_code":"eu-1","sku":"SKU-1",
                            "quantity":5.5,"status":1})"));
}

}  // namespace
}  // namespace m2drop::magento
