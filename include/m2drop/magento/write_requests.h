// SPDX-License-Identifier: Apache-2.0
// The writes the typed client makes: what the caller asks for, the JSON
// bodies Magento expects (magento-rest.md §1.4, §1.5, §1.7, §1.8), and how
// to recognise, after a lost answer, what a non-idempotent write created.
//
// Plain structs and pure functions, thread-safe.
#ifndef M2DROP_MAGENTO_WRITE_REQUESTS_H_
#define M2DROP_MAGENTO_WRITE_REQUESTS_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "m2drop/base/result.h"
#include "m2drop/magento/types.h"

namespace m2drop::magento {

struct ShipItem {
  int64_t order_item_id = 0;
  double qty = 0;
};

struct ShipTrack {
  std::string track_number;
  std::string title;         // what the customer sees, e.g. "UPS"
  std::string carrier_code;  // "ups", "dhl", ... or "custom"
};

struct ShipRequest {
  int64_t order_id = 0;      // the order's entity_id
  std::string order_number;  // increment_id, for messages; may be empty
  // Empty: Magento ships everything left to ship.
  std::vector<ShipItem> items;
  std::vector<ShipTrack> tracks;
  bool notify = false;
  std::optional<std::string> comment;  // sent with appendComment=true
  bool comment_visible_on_front = false;
  std::string source_code;  // MSI source; empty: Magento picks (§1.5)
  // The order's shipments the caller saw before deciding to ship. After a
  // lost answer, a shipment not in this list that carries one of `tracks`
  // (any shipment not in it, when `tracks` is empty) is taken as the one
  // this request created.
  std::vector<int64_t> known_shipment_ids;
};

struct AddTrackRequest {
  int64_t order_id = 0;      // the order's entity_id
  int64_t shipment_id = 0;   // the shipment's entity_id (parent_id)
  std::string order_number;  // for messages; may be empty
  ShipTrack track;
};

// POST /V1/order/{id}/ship: {"items"?, "notify", "appendComment"?,
// "comment"?, "tracks", "arguments"?}. `items` is left out when empty (ship
// everything), the comment pair when there is no comment, `arguments` when
// there is no source_code. Whole quantities are sent as integers.
nlohmann::json ShipOrderBody(const ShipRequest& request);

// POST /V1/shipment/track: {"entity":{order_id, parent_id, track_number,
// carrier_code, title}}.
nlohmann::json AddTrackBody(const AddTrackRequest& request);

// POST /V1/inventory/source-items: {"sourceItems":[...]}.
nlohmann::json SourceItemsBody(std::span<const SourceItem> items);

// PUT /V1/products/{sku}/stockItems/{id}: {"stockItem":{qty, is_in_stock}}.
nlohmann::json StockItemBody(double qty, bool is_in_stock);

// The new track's entity_id from the answer to POST /V1/shipment/track: the
// saved track (an object), or a bare id.
Result<int64_t> ParseAddTrackAnswer(const nlohmann::json& body);

// The shipment among `shipments` that `request` created, by the rule of
// ShipRequest::known_shipment_ids; the lowest entity_id when several match.
std::optional<int64_t> FindShipmentCreatedBy(
    const std::vector<Shipment>& shipments, const ShipRequest& request);

// The entity_id of the track on `shipment` with `track_number`, if any.
std::optional<int64_t> FindTrack(const Shipment& shipment,
                                 const std::string& track_number);

}  // namespace m2drop::magento

#endif  // M2DROP_MAGENTO_WRITE_REQUESTS_H_
