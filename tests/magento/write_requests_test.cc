// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/write_requests.h"

#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace m2drop::magento {
namespace {

using nlohmann::json;

Shipment MakeShipment(int64_t id, std::vector<std::string> track_numbers) {
  Shipment shipment;
  shipment.entity_id = id;
  for (size_t i = 0; i < track_numbers.size(); ++i) {
    ShipmentTrack track;
    track.entity_id = id * 100 + static_cast<int64_t>(i);
    track.parent_id = id;
    track.track_number = track_numbers[i];
    shipment.tracks.push_back(track);
  }
  return shipment;
}

ShipRequest RequestWithTrack(std::string number, std::vector<int64_t> known) {
  ShipRequest request;
  request.order_id = 12;
  request.tracks = {{std::move(number), "UPS", "ups"}};
  request.known_shipment_ids = std::move(known);
  return request;
}

TEST(ShipOrderBodyTest, SendsDecimalQuantitiesAsNumbersAndWholeOnesAsInts) {
  ShipRequest request;
  request.items = {{101, 1.5}, {102, 3}};
  json body = ShipOrderBody(request);
  EXPECT_EQ(
      body["items"].dump(),
      R"([{"order_item_id":101,"qty":1.5},{"order_item_id":102,"qty":3}])");
  EXPECT_EQ(body["notify"], false);
  EXPECT_EQ(body["tracks"], json::array());
  EXPECT_FALSE(body.contains("comment"));
  EXPECT_FALSE(body.contains("appendComment"));
  EXPECT_FALSE(body.contains("arguments"));
}

TEST(ShipOrderBodyTest, CommentIsAppendedAndHiddenFromTheFrontByDefault) {
  ShipRequest request;
  request.comment = "Packed";
  json body = ShipOrderBody(request);
  EXPECT_EQ(body["appendComment"], true);
  EXPECT_EQ(body["comment"],
            json::parse(R"({"comment":"Packed","is_visible_on_front":0})"));
}

TEST(AddTrackBodyTest, NamesTheOrderAndTheShipment) {
  AddTrackRequest request{12, 34, "000000123", {"T1", "DHL", "dhl"}};
  EXPECT_EQ(AddTrackBody(request),
            json::parse(R"({"entity":{"order_id":12,"parent_id":34,
              "track_number":"T1","carrier_code":"dhl","title":"DHL"}})"));
}

TEST(StockBodiesTest, HaveTheContractsShapes) {
  std::vector<SourceItem> items = {{"SKU-1", "eu-1", 5.5, 1},
                                   {"SKU-1", "eu-2", 3, 0}};
  EXPECT_EQ(SourceItemsBody(items), json::parse(R"({"sourceItems":[
              {"source_code":"eu-1","sku":"SKU-1","quantity":5.5,"status":1},
              {"source_code":"eu-2","sku":"SKU-1","quantity":3,"status":0}]})"));
  EXPECT_EQ(StockItemBody(25, true).dump(),
            R"({"stockItem":{"is_in_stock":true,"qty":25}})");
  EXPECT_EQ(StockItemBody(2.25, false).dump(),
            R"({"stockItem":{"is_in_stock":false,"qty":2.25}})");
}

TEST(ParseAddTrackAnswerTest, ReadsTheSavedTrackOrABareId) {
  EXPECT_EQ(*ParseAddTrackAnswer(json::parse(R"({"entity_id":"9"})")), 9);
  EXPECT_EQ(*ParseAddTrackAnswer(json(10)), 10);
  Result<int64_t> empty = ParseAddTrackAnswer(json::object());
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), StatusCode::kInternal);
  EXPECT_FALSE(ParseAddTrackAnswer(json::array()).ok());
}

TEST(FindShipmentCreatedByTest, FindsANewShipmentCarryingTheTrack) {
  std::vector<Shipment> shipments = {MakeShipment(30, {"1Z"}),
                                     MakeShipment(35, {"X", "1Z"})};
  EXPECT_EQ(FindShipmentCreatedBy(shipments, RequestWithTrack("1Z", {30})), 35);
}

TEST(FindShipmentCreatedByTest, IgnoresKnownShipmentsAndOtherTracks) {
  std::vector<Shipment> shipments = {MakeShipment(30, {"1Z"}),
                                     MakeShipment(35, {"OTHER"})};
  EXPECT_EQ(FindShipmentCreatedBy(shipments, RequestWithTrack("1Z", {30})),
            std::nullopt);
  EXPECT_EQ(FindShipmentCreatedBy({}, RequestWithTrack("1Z", {})),
            std::nullopt);
}

TEST(FindShipmentCreatedByTest, WithoutTracksAnyNewShipmentCounts) {
  ShipRequest request;
  request.known_shipment_ids = {30};
  std::vector<Shipment> shipments = {MakeShipment(40, {}), MakeShipment(30, {}),
                                     MakeShipment(36, {})};
  EXPECT_EQ(FindShipmentCreatedBy(shipments, request), 36);
}

TEST(FindTrackTest, MatchesTheNumberExactly) {
  Shipment shipment = MakeShipment(34, {"a1", "A1"});
  EXPECT_EQ(FindTrack(shipment, "A1"), 3401);
  EXPECT_EQ(FindTrack(shipment, "a1"), 3400);
  EXPECT_EQ(FindTrack(shipment, "A1 "), std::nullopt);
}

}  // namespace
}  // namespace m2drop::magento
