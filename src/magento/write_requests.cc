// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/write_requests.h"

#include <cmath>
#include <set>

namespace m2drop::magento {
namespace {

using nlohmann::json;

// A quantity as JSON: an integer when it is whole, so bodies read as
// Magento's own examples.
json Quantity(double qty) {
  if (qty == std::floor(qty) && std::fabs(qty) < 9e15) {
    return static_cast<int64_t>(qty);
  }
  return qty;
}

bool CarriesAnyTrack(const Shipment& shipment,
                     const std::vector<ShipTrack>& tracks) {
  for (const ShipTrack& wanted : tracks) {
    if (FindTrack(shipment, wanted.track_number)) return true;
  }
  return false;
}

}  // namespace

json ShipOrderBody(const ShipRequest& request) {
  json body = json::object();
  if (!request.items.empty()) {
    json items = json::array();
    for (const ShipItem& item : request.items) {
      items.push_back(
          {{"order_item_id", item.order_item_id}, {"qty", Quantity(item.qty)}});
    }
    body["items"] = std::move(items);
  }
  body["notify"] = request.notify;
  if (request.comment) {
    body["appendComment"] = true;
    body["comment"] = {
        {"comment", *request.comment},
        {"is_visible_on_front", request.comment_visible_on_front ? 1 : 0}};
  }
  json tracks = json::array();
  for (const ShipTrack& track : request.tracks) {
    tracks.push_back({{"track_number", track.track_number},
                      {"title", track.title},
                      {"carrier_code", track.carrier_code}});
  }
  body["tracks"] = std::move(tracks);
  if (!request.source_code.empty()) {
    body["arguments"] = {
        {"extension_attributes", {{"source_code", request.source_code}}}};
  }
  return body;
}

json AddTrackBody(const AddTrackRequest& request) {
  return {{"entity",
           {{"order_id", request.order_id},
            {"parent_id", request.shipment_id},
            {"track_number", request.track.track_number},
            {"carrier_code", request.track.carrier_code},
            {"title", request.track.title}}}};
}

json SourceItemsBody(std::span<const SourceItem> items) {
  json list = json::array();
  for (const SourceItem& item : items) list.push_back(SourceItemToJson(item));
  return {{"sourceItems", std::move(list)}};
}

json StockItemBody(double qty, bool is_in_stock) {
  return {
      {"stockItem", {{"qty", Quantity(qty)}, {"is_in_stock", is_in_stock}}}};
}

Result<int64_t> ParseAddTrackAnswer(const json& body) {
  if (!body.is_object()) return ParseIdResponse(body);
  M2DROP_ASSIGN_OR_RETURN(ShipmentTrack track, ParseShipmentTrack(body));
  return track.entity_id;
}

std::optional<int64_t> FindShipmentCreatedBy(
    const std::vector<Shipment>& shipments, const ShipRequest& request) {
  const std::set<int64_t> known(request.known_shipment_ids.begin(),
                                request.known_shipment_ids.end());
  std::optional<int64_t> found;
  for (const Shipment& shipment : shipments) {
    if (known.count(shipment.entity_id) > 0) continue;
    if (!request.tracks.empty() && !CarriesAnyTrack(shipment, request.tracks)) {
      continue;
    }
    if (!found || shipment.entity_id < *found) found = shipment.entity_id;
  }
  return found;
}

std::optional<int64_t> FindTrack(const Shipment& shipment,
                                 const std::string& track_number) {
  for (const ShipmentTrack& track : shipment.tracks) {
    if (track.track_number == track_number) return track.entity_id;
  }
  return std::nullopt;
}

}  // namespace m2drop::magento
