// SPDX-License-Identifier: Apache-2.0
#include "m2drop/sim/shipping.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace m2drop::sim {
namespace {

// Item id -> requested qty; later entries for the same id win, as in
// Magento's ShipmentFactory which keys the request by order_item_id.
std::map<int64_t, double> RequestedQuantities(const Order& order,
                                              const ShipRequest& request) {
  std::map<int64_t, double> requested;
  if (request.items.empty()) {
    for (const OrderItem& item : order.items) {
      if (!item.parent_item_id && item.QtyToShip() > 0) {
        requested[item.item_id] = item.QtyToShip();
      }
    }
    return requested;
  }
  for (const ShipLine& line : request.items) {
    requested[line.order_item_id] = line.qty;
  }
  return requested;
}

// ShipmentFactory::castQty (app/code/Magento/Sales/Model/Order/
// ShipmentFactory.php): a line that does not take decimals ships (int) qty,
// PHP's cast truncating toward zero; nothing below zero.
double CastQty(const OrderItem& item, double qty) {
  double cast = item.is_qty_decimal ? qty : std::trunc(qty);
  return cast > 0 ? cast : 0;
}

// The lines really shipped: capped, cast (ShipmentFactory::prepareItems),
// skipping what cannot ship; each configurable parent brings its child rows
// along in proportion. `*total_qty` is what prepareItems sums: the
// quantities before the cast, so 1.5 asked of a whole-unit line ships 1
// with total_qty 1.5. UNVERIFIED: Magento gives a configurable's child row
// qty 0 or 1 (isDummy) and may keep a line cast to 0; the simulator ships
// children in proportion and drops lines of 0.
std::vector<ShipLine> EffectiveLines(Order& order,
                                     const std::map<int64_t, double>& asked,
                                     double* total_qty) {
  std::vector<ShipLine> lines;
  for (const auto& [item_id, qty] : asked) {
    const OrderItem* item = order.FindItem(item_id);
    if (item == nullptr || item->parent_item_id) continue;
    const double capped = std::min(qty, item->QtyToShip());
    if (capped <= 0) continue;
    *total_qty += capped;
    const double to_ship = CastQty(*item, capped);
    if (to_ship <= 0) continue;
    lines.push_back({item_id, to_ship});
    for (const OrderItem& child : order.items) {
      if (child.parent_item_id != item_id || item->qty_ordered <= 0) continue;
      lines.push_back(
          {child.item_id, to_ship * child.qty_ordered / item->qty_ordered});
    }
  }
  return lines;
}

bool StateRefusesShipment(const Order& order) {
  bool all_virtual =
      !order.items.empty() &&
      std::all_of(order.items.begin(), order.items.end(),
                  [](const OrderItem& i) { return i.is_virtual; });
  return order.state == "canceled" || order.state == "holded" ||
         order.state == "payment_review" || all_virtual;
}

std::vector<std::string> ValidationErrors(const Order& order,
                                          const std::vector<ShipLine>& lines,
                                          const ShipRequest& request) {
  std::vector<std::string> errors;
  // CanShip, then QuantityValidator, then TrackValidator (ShipOrder.php).
  if (StateRefusesShipment(order)) {
    errors.push_back(
        "A shipment cannot be created when an order has a status of " +
        order.state);
  } else if (!order.HasQtyToShip()) {
    errors.push_back("The order does not allow a shipment to be created.");
  }
  if (lines.empty()) {
    errors.push_back("You can't create a shipment without products.");
  }
  for (const NewTrack& track : request.tracks) {
    if (track.track_number.empty()) {
      errors.push_back("Please enter a tracking number.");
    }
  }
  return errors;
}

std::string ShipmentIncrementId(int64_t entity_id) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%09lld", static_cast<long long>(entity_id));
  return buf;
}

}  // namespace

ShipResult ShipOrder(Store& store, Order& order, const ShipRequest& request) {
  ShipResult result;
  double total_qty = 0;
  std::vector<ShipLine> lines =
      EffectiveLines(order, RequestedQuantities(order, request), &total_qty);
  result.validation_errors = ValidationErrors(order, lines, request);
  if (!result.validation_errors.empty()) return result;

  Shipment shipment;
  shipment.entity_id = store.next_shipment_id++;
  shipment.increment_id = ShipmentIncrementId(shipment.entity_id);
  shipment.order_id = order.entity_id;
  shipment.store_id = order.store_id;
  shipment.source_code = request.source_code;
  shipment.created_at = request.created_at;
  if (request.comment) shipment.comments.push_back(*request.comment);
  for (const ShipLine& line : lines) {
    OrderItem* item = order.FindItem(line.order_item_id);
    item->qty_shipped += line.qty;
    shipment.items.push_back({store.next_shipment_item_id++, item->item_id,
                              item->sku, item->name, line.qty});
  }
  shipment.total_qty = total_qty;
  for (const NewTrack& track : request.tracks) {
    AddTrack(store, shipment, track, 0, 0, request.created_at);
  }
  if (order.state == "new") order.state = "processing";
  if (!order.HasQtyToShip()) order.state = "complete";
  order.status = order.state;
  order.updated_at = request.created_at;
  result.shipment_id = shipment.entity_id;
  store.shipments[shipment.entity_id] = std::move(shipment);
  return result;
}

Track AddTrack(Store& store, Shipment& shipment, const NewTrack& track,
               double weight, double qty, const std::string& created_at) {
  Track t;
  t.entity_id = store.next_track_id++;
  t.parent_id = shipment.entity_id;
  t.order_id = shipment.order_id;
  t.track_number = track.track_number;
  t.carrier_code = track.carrier_code;
  t.title = track.title;
  t.description = track.description;
  t.weight = weight;
  t.qty = qty;
  t.created_at = created_at;
  shipment.tracks.push_back(t);
  return t;
}

}  // namespace m2drop::sim
