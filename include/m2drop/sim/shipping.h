// SPDX-License-Identifier: Apache-2.0
// Magento's ship-order semantics on a Store (magento-rest.md §1.5): which
// lines a request really ships, the validation messages, and the effects on
// the order. Used by POST /V1/order/{id}/ship and by the seed loader (seeded
// shipments go through the same rules, so a seed cannot be inconsistent).
//
// Pure functions on the Store they are given; the caller synchronizes.
#ifndef M2DROP_SIM_SHIPPING_H_
#define M2DROP_SIM_SHIPPING_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "m2drop/sim/store.h"

namespace m2drop::sim {

struct ShipLine {
  int64_t order_item_id = 0;
  double qty = 0;
};

struct NewTrack {
  std::string track_number;
  std::string carrier_code;
  std::string title;
  std::string description;
};

struct ShipRequest {
  // Empty ships everything left on the order's non-virtual top-level items.
  std::vector<ShipLine> items;
  std::vector<NewTrack> tracks;
  std::string source_code = "default";
  std::optional<std::string> comment;
  std::string created_at = "2026-11-20 08:00:00";
};

struct ShipResult {
  // The lines of "Shipment Document Validation Error(s):\n..."; empty when
  // the shipment was created.
  std::vector<std::string> validation_errors;
  int64_t shipment_id = 0;  // set when created
};

// Prefix of every ship validation message (ShipOrder.php).
inline constexpr std::string_view kShipValidationPrefix =
    "Shipment Document Validation Error(s):\n";

// Creates a shipment on `order` as Magento's ShipOrder does:
//  - a requested qty above what is left is capped, then a line that does
//    not take decimals ships (int) qty (ShipmentFactory::castQty: 1.5 ships
//    1, 0.5 ships nothing); unknown item ids, child rows and items with
//    nothing left are skipped (a configurable's child is shipped with its
//    parent, never alone);
//  - states canceled/holded/payment_review (or an all-virtual order) refuse
//    with "A shipment cannot be created when an order has a status of
//    <state>" (rendered: Magento implodes rendered phrases into the message);
//  - nothing left at all: "The order does not allow a shipment to be
//    created."; nothing to ship in this request: "You can't create a
//    shipment without products."; a track without number: "Please enter a
//    tracking number.".
// On success updates qty_shipped, moves new -> processing, and -> complete
// when nothing is left to ship. No de-duplication of tracks.
ShipResult ShipOrder(Store& store, Order& order, const ShipRequest& request);

// Adds a track to an existing shipment and returns it (no de-duplication).
Track AddTrack(Store& store, Shipment& shipment, const NewTrack& track,
               double weight, double qty, const std::string& created_at);

}  // namespace m2drop::sim

#endif  // M2DROP_SIM_SHIPPING_H_
