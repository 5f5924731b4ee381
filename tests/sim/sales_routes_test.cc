// SPDX-License-Identifier: Apache-2.0
#include "m2drop/sim/sales_routes.h"

#include <gtest/gtest.h>

#include "sim/sim_fixture.h"

namespace m2drop::sim {
namespace {

class SalesRoutesTest : public SimFixture {
 protected:
  int64_t ItemId(int64_t order_id, const std::string& sku, bool top = true) {
    for (const OrderItem& item : OrderCopy(order_id).items) {
      if (item.sku == sku && top == !item.parent_item_id) return item.item_id;
    }
    ADD_FAILURE() << "no item " << sku;
    return -1;
  }
  Json Track(int64_t order_id, int64_t parent_id, const std::string& number) {
    return {{"entity",
             {{"order_id", order_id},
              {"parent_id", parent_id},
              {"track_number", number},
              {"carrier_code", "ups"},
              {"title", "UPS"}}}};
  }
  int64_t OnlyShipment(int64_t order_id) {
    int64_t found = -1;
    sim_->WithStore([&](Store& s) {
      for (const Shipment* sh : s.ShipmentsOfOrder(order_id))
        found = sh->entity_id;
    });
    return found;
  }
};

TEST_F(SalesRoutesTest, OrdersByIncrementIdInList) {
  QueryPairs q = Filter("increment_id", "000000101,000000111", "in");
  q.emplace_back("searchCriteria[pageSize]", "50");
  Response r = Get("/rest/default/V1/orders", q);
  ASSERT_EQ(r.status, 200) << r.body;
  Json body = Body(r);
  EXPECT_EQ(body["total_count"], 2);
  EXPECT_EQ(body["items"][0]["increment_id"], "000000101");
  EXPECT_EQ(body["items"][1]["items"].size(), 4u);  // 2 parents + 2 children
}

TEST_F(SalesRoutesTest, OrdersWithoutSearchCriteriaIsRequiredError) {
  Response r = Get("/rest/V1/orders");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Body(r)["message"],
            "\"%fieldName\" is required. Enter and try again.");
  EXPECT_EQ(Body(r)["parameters"]["fieldName"], "searchCriteria");
}

TEST_F(SalesRoutesTest, SingleOrderAndUnknownOrder) {
  int64_t id = EntityIdOf("000000102");
  Response r = Get("/rest/V1/orders/" + std::to_string(id));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(Body(r)["increment_id"], "000000102");
  Response missing = Get("/rest/V1/orders/99999");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(Body(missing)["message"], kNoSuchEntityMessage);
}

TEST_F(SalesRoutesTest, ShipWithEmptyItemsShipsEverythingAndCompletes) {
  int64_t id = EntityIdOf("000000103");
  Response r = Post(ShipPath(id), {{"items", Json::array()},
                                   {"notify", true},
                                   {"tracks",
                                    {{{"track_number", "T1"},
                                      {"carrier_code", "fedex"},
                                      {"title", "FedEx"}}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  Json shipment_id = Body(r);
  ASSERT_TRUE(shipment_id.is_number_integer());
  Order order = OrderCopy(id);
  EXPECT_EQ(order.state, "complete");
  for (const OrderItem& item : order.items)
    EXPECT_EQ(item.qty_shipped, item.qty_ordered);
  Json shipment = Body(Get("/rest/V1/shipment/" + shipment_id.dump()));
  EXPECT_EQ(shipment["tracks"][0]["track_number"], "T1");
  EXPECT_EQ(shipment["extension_attributes"]["source_code"], "default");
  EXPECT_EQ(shipment["total_qty"], 2);
  EXPECT_EQ(shipment["email_sent"], 1);  // notify = true
}

TEST_F(SalesRoutesTest, ShipWithoutNotifySendsNoEmail) {
  int64_t id = EntityIdOf("000000104");
  Response r =
      Post(ShipPath(id), {{"items", Json::array()}, {"notify", false}});
  ASSERT_EQ(r.status, 200) << r.body;
  Json shipment = Body(Get("/rest/V1/shipment/" + r.body));
  EXPECT_EQ(shipment["email_sent"], 0);
}

TEST_F(SalesRoutesTest, ShipCapsQuantityAndStaysProcessingWhenPartial) {
  int64_t id = EntityIdOf("000000106");  // 24-WB04 x3
  int64_t item = ItemId(id, "24-WB04");
  Response r =
      Post(ShipPath(id), {{"items", {{{"order_item_id", item}, {"qty", 2}}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(OrderCopy(id).state, "processing");
  r = Post(ShipPath(id), {{"items", {{{"order_item_id", item}, {"qty", 99}}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  Order order = OrderCopy(id);
  EXPECT_EQ(order.items[0].qty_shipped, 3);  // capped to what was left
  EXPECT_EQ(order.state, "complete");
}

// Sales/Model/Order/ShipmentFactory.php castQty: (int) qty for a line that
// does not take decimals; total_qty sums the quantities before the cast.
TEST_F(SalesRoutesTest, AFractionOfAWholeUnitLineShipsTheWholeUnits) {
  UseSeedText(R"({"auth": {"tokens": ["demo-token"]}, "orders": [
      {"increment_id": "1", "items": [{"sku": "MUG", "qty": 3, "item_id": 5},
       {"sku": "CLOTH", "qty": 3, "item_id": 6, "is_qty_decimal": true}]}]})");
  Response r = Post(ShipPath(1), {{"items",
                                   {{{"order_item_id", 5}, {"qty", 1.5}},
                                    {{"order_item_id", 6}, {"qty", 1.5}}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  Order order = OrderCopy(1);
  EXPECT_EQ(order.items[0].qty_shipped, 1);
  EXPECT_EQ(order.items[1].qty_shipped, 1.5);
  Json shipment = Body(Get("/rest/V1/shipment/" + Body(r).dump()));
  EXPECT_EQ(shipment["items"][0]["qty"], 1);
  EXPECT_EQ(shipment["items"][1]["qty"], 1.5);
  EXPECT_EQ(shipment["total_qty"], 3);
  EXPECT_EQ(Body(Get("/rest/V1/orders/1"))["items"][1]["is_qty_decimal"], 1);
}

TEST_F(SalesRoutesTest, LessThanOneWholeUnitShipsNothing) {
  UseSeedText(R"({"auth": {"tokens": ["demo-token"]}, "orders": [
      {"increment_id": "1", "items": [{"sku": "MUG", "qty": 3, "item_id": 5}]}]})");
  Response r =
      Post(ShipPath(1), {{"items", {{{"order_item_id", 5}, {"qty", 0.5}}}}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Body(r)["message"],
            "Shipment Document Validation Error(s):\nYou can't create a "
            "shipment without products.");
}

TEST_F(SalesRoutesTest, ShippingConfigurableParentShipsItsChild) {
  int64_t id = EntityIdOf("000000111");
  int64_t parent = ItemId(id, "MH01-XS-Orange");
  Response r =
      Post(ShipPath(id),
           {{"items", {{{"order_item_id", parent}, {"qty", 2}}}},
            {"arguments",
             {{"extension_attributes", {{"source_code", "warehouse_eu"}}}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  Order order = OrderCopy(id);
  for (const OrderItem& item : order.items) {
    double expected = item.sku == "MH01-XS-Orange" ? 2 : 0;
    EXPECT_EQ(item.qty_shipped, expected) << item.sku << " " << item.item_id;
  }
  Json shipment = Body(Get("/rest/V1/shipment/" + r.body));
  EXPECT_EQ(shipment["items"].size(), 2u);
  EXPECT_EQ(shipment["extension_attributes"]["source_code"], "warehouse_eu");
}

TEST_F(SalesRoutesTest, ChildAloneAndUnknownItemShipNothing) {
  int64_t id = EntityIdOf("000000111");
  int64_t child = ItemId(id, "MH01-XS-Black", /*top=*/false);
  Response r =
      Post(ShipPath(id), {{"items",
                           {{{"order_item_id", child}, {"qty", 1}},
                            {{"order_item_id", 987654}, {"qty", 1}}}}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(
      Body(r)["message"],
      "Shipment Document Validation Error(s):\nYou can't create a shipment "
      "without products.");
}

TEST_F(SalesRoutesTest, AlreadyShippedOrderGivesMagentosTwoLines) {
  Response r =
      Post(ShipPath(EntityIdOf("000000117")), {{"items", Json::array()}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(
      Body(r)["message"],
      "Shipment Document Validation Error(s):\nThe order does not allow a "
      "shipment to be created.\nYou can't create a shipment without products.");
  EXPECT_FALSE(Body(r).contains("parameters"));
}

TEST_F(SalesRoutesTest, CanceledAndHoldedOrdersNameTheirState) {
  Response canceled = Post(ShipPath(EntityIdOf("000000115")), Json::object());
  EXPECT_EQ(canceled.status, 400);
  EXPECT_EQ(
      Body(canceled)["message"],
      "Shipment Document Validation Error(s):\nA shipment cannot be created "
      "when an order has a status of canceled\nYou can't create a shipment "
      "without products.");
  Response holded = Post(ShipPath(EntityIdOf("000000116")), Json::object());
  EXPECT_EQ(
      Body(holded)["message"],
      "Shipment Document Validation Error(s):\nA shipment cannot be created "
      "when an order has a status of holded");
  EXPECT_EQ(OrderCopy(EntityIdOf("000000116")).items[0].qty_shipped, 0);
}

TEST_F(SalesRoutesTest, TrackWithoutNumberIsRefusedAndNothingShips) {
  int64_t id = EntityIdOf("000000101");
  Response r =
      Post(ShipPath(id),
           {{"tracks", {{{"carrier_code", "ups"}, {"title", "UPS"}}}}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Body(r)["message"],
            "Shipment Document Validation Error(s):\nPlease enter a tracking "
            "number.");
  EXPECT_EQ(OrderCopy(id).items[0].qty_shipped, 0);
}

TEST_F(SalesRoutesTest, ShipUnknownOrderIs404) {
  Response r = Post(ShipPath(424242), Json::object());
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(Body(r)["message"], kNoSuchEntityMessage);
}

TEST_F(SalesRoutesTest, NewOrderMovesToProcessingThenComplete) {
  int64_t id = EntityIdOf("000000122");
  ASSERT_EQ(OrderCopy(id).state, "new");
  ASSERT_EQ(Post(ShipPath(id), Json::object()).status, 200);
  EXPECT_EQ(OrderCopy(id).state, "complete");
  EXPECT_EQ(OrderCopy(id).status, "complete");
}

TEST_F(SalesRoutesTest, TracksAreNotDeduplicated) {
  int64_t order = EntityIdOf("000000117");
  int64_t shipment = OnlyShipment(order);
  Response first =
      Post("/rest/V1/shipment/track", Track(order, shipment, "DUP1"));
  Response second =
      Post("/rest/V1/shipment/track", Track(order, shipment, "DUP1"));
  ASSERT_EQ(first.status, 200) << first.body;
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_NE(Body(first)["entity_id"], Body(second)["entity_id"]);
  Json s = Body(Get("/rest/V1/shipment/" + std::to_string(shipment)));
  EXPECT_EQ(s["tracks"].size(), 3u);  // seeded one + two duplicates
}

TEST_F(SalesRoutesTest, TrackParentOrderMismatchCannotBeSaved) {
  int64_t order = EntityIdOf("000000117");
  Response r = Post("/rest/V1/shipment/track",
                    Track(order + 1, OnlyShipment(order), "X"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Body(r)["message"], "Could not save the shipment tracking.");
}

TEST_F(SalesRoutesTest, TrackMissingAndEmptyFieldsAreNamed) {
  Json body = {
      {"entity", {{"order_id", 1}, {"parent_id", 1}, {"track_number", ""}}}};
  Response r = Post("/rest/V1/shipment/track", body);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Body(r)["message"], "Cannot save track:\n%1");
  EXPECT_EQ(Body(r)["parameters"][0],
            "Number can not be empty\nCarrier Code is a required field");
  Response no_entity = Post("/rest/V1/shipment/track", Json::object());
  EXPECT_EQ(Body(no_entity)["parameters"]["fieldName"], "entity");
}

TEST_F(SalesRoutesTest, DeleteTrackReturnsTrueEvenWhenUnknown) {
  int64_t order = EntityIdOf("000000117");
  int64_t shipment = OnlyShipment(order);
  Json track =
      Body(Post("/rest/V1/shipment/track", Track(order, shipment, "DEL")));
  Request del = MakeRequest(
      "DELETE", "/rest/V1/shipment/track/" + track["entity_id"].dump());
  Response r = sim_->Handle(del);
  EXPECT_EQ(r.body, "true");
  Json s = Body(Get("/rest/V1/shipment/" + std::to_string(shipment)));
  EXPECT_EQ(s["tracks"].size(), 1u);
  EXPECT_EQ(
      sim_->Handle(MakeRequest("DELETE", "/rest/V1/shipment/track/777")).body,
      "true");
}

TEST_F(SalesRoutesTest, ShipmentsListAndSingleShipmentErrors) {
  int64_t order = EntityIdOf("000000118");
  Response list =
      Get("/rest/V1/shipments", Filter("order_id", std::to_string(order)));
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(Body(list)["total_count"], 1);
  EXPECT_EQ(Body(list)["items"][0]["tracks"][0]["carrier_code"], "usps");
  Response zero = Get("/rest/V1/shipment/0");
  EXPECT_EQ(zero.status, 400);
  EXPECT_EQ(Body(zero)["message"],
            "An ID is needed. Set the ID and try again.");
  EXPECT_EQ(Get("/rest/V1/shipment/5555").status, 404);
}

TEST_F(SalesRoutesTest, ShipmentEmailsAnswersTrue) {
  int64_t shipment = OnlyShipment(EntityIdOf("000000117"));
  Response r = Post("/rest/V1/shipment/" + std::to_string(shipment) + "/emails",
                    Json::object());
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "true");
  EXPECT_EQ(Post("/rest/V1/shipment/999/emails", Json::object()).status, 404);
}

TEST_F(SalesRoutesTest, InputLimitsCapShipItems) {
  sim_->WithStore([](Store& s) {
    s.flags.input_limits = true;
    s.flags.input_array_limit = 1;
  });
  Json items = {{{"order_item_id", 1}, {"qty", 1}},
                {{"order_item_id", 2}, {"qty", 1}}};
  Response r = Post(ShipPath(EntityIdOf("000000103")), {{"items", items}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Body(r)["message"], "Maximum items of type \"%type\" is %max");
  EXPECT_EQ(Body(r)["parameters"]["type"],
            "\\Magento\\Sales\\Api\\Data\\ShipmentItemCreationInterface");
  EXPECT_EQ(Body(r)["parameters"]["max"], 1);
}

// Framework/Webapi/ServiceInputProcessor.php: a field the data object has
// no getter for is refused before the service runs (2.4.7+ message).
TEST_F(SalesRoutesTest, ShipWithAnUnknownFieldIsRefusedAndShipsNothing) {
  int64_t id = EntityIdOf("000000104");
  const std::string not_supported =
      "\"%fieldName\" is not supported. Correct the field name and try again.";
  Response item = Post(ShipPath(id),
                       {{"items", {{{"order_item_id", 1}, {"quantity", 1}}}}});
  EXPECT_EQ(item.status, 400);
  EXPECT_EQ(Body(item)["message"], not_supported);
  EXPECT_EQ(Body(item)["parameters"]["fieldName"], "Quantity");
  Response track =
      Post(ShipPath(id),
           {{"tracks", {{{"track_number", "1Z"}, {"carrier", "ups"}}}}});
  EXPECT_EQ(Body(track)["parameters"]["fieldName"], "Carrier");
  Response source = Post(
      ShipPath(id),
      {{"arguments", {{"extension_attributes", {{"source", "default"}}}}}});
  EXPECT_EQ(Body(source)["parameters"]["fieldName"], "Source");
  Response comment = Post(ShipPath(id), {{"comment", {{"text", "Shipped"}}}});
  EXPECT_EQ(Body(comment)["parameters"]["fieldName"], "Text");
  EXPECT_EQ(OrderCopy(id).state, "processing");
  // Unknown top-level keys are not parameters of ShipOrderInterface::execute
  // and are ignored.
  EXPECT_EQ(Post(ShipPath(id), {{"send_email", true}}).status, 200);
}

TEST_F(SalesRoutesTest, ShipItemQuantityThatIsNotANumberIsATypeError) {
  int64_t id = EntityIdOf("000000104");
  Response r =
      Post(ShipPath(id), {{"items", {{{"order_item_id", 1}, {"qty", "two"}}}}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Body(r)["message"],
            "Error occurred during \"qty\" processing. The \"two\" value's "
            "type is invalid. The \"float\" type was expected. Verify and "
            "try again.");
}

TEST_F(SalesRoutesTest, TrackEntityWithAnUnknownFieldIsRefused) {
  int64_t order = EntityIdOf("000000117");
  int64_t shipment = OnlyShipment(order);
  Json body = Track(order, shipment, "T-1");
  body["entity"]["carrier"] = "ups";
  Response r = Post("/rest/V1/shipment/track", body);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Body(r)["parameters"]["fieldName"], "Carrier");
}

// TypeProcessor::setType converts a bool with filter_var.
TEST_F(SalesRoutesTest, NotifyYesIsTrue) {
  int64_t id = EntityIdOf("000000104");
  Response r = Post(ShipPath(id), {{"notify", "yes"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Body(Get("/rest/V1/shipment/" + r.body))["email_sent"], 1);
}

TEST_F(SalesRoutesTest, PathIdsAreConvertedAsPhpDoes) {
  Response text = Get("/rest/V1/orders/abc");
  EXPECT_EQ(text.status, 400);
  EXPECT_EQ(Body(text)["message"],
            "The \"abc\" value's type is invalid. The \"int\" type was "
            "expected. Verify and try again.");
  // OrderRepository::get and ShipmentRepository::get refuse a missing id.
  const std::string needed = "An ID is needed. Set the ID and try again.";
  EXPECT_EQ(Body(Get("/rest/V1/orders/0"))["message"], needed);
  EXPECT_EQ(Body(Post(ShipPath(0), Json::object()))["message"], needed);
  EXPECT_EQ(Body(Post("/rest/V1/shipment/0/emails", Json::object()))["message"],
            needed);
  EXPECT_EQ(Get("/rest/V1/orders/1.7").status, 200);  // (int) "1.7" is 1
}

}  // namespace
}  // namespace m2drop::sim
