// SPDX-License-Identifier: Apache-2.0
// The tracking planner: the decision core of a tracking import (docs/design.md
// §6, issue 4). From the checked rows of a drop, grouped by order and by
// tracking number (one package each), and the order and shipments Magento
// has, it decides for every package exactly one action:
//   - kAlreadyPresent: the tracking number is on the order; nothing to write;
//   - kShip: POST /V1/order/{id}/ship with these items and this track;
//   - kAddTrack: nothing left to ship; add the track to the latest shipment
//     (or to the one an earlier package of this plan creates);
//   - kFail: a reason a person understands (unknown order or SKU, too much,
//     a fraction of a line that ships in whole units, canceled/closed/held
//     order, nothing to ship at all).
// Remaining quantities carry forward across the packages of one order, so
// package 2 sees what package 1 will have shipped.
//
// Pure functions over plain data; thread-safe. Nothing here calls Magento.
#ifndef M2DROP_KINDS_TRACKING_TRACKING_PLAN_H_
#define M2DROP_KINDS_TRACKING_TRACKING_PLAN_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "m2drop/kinds/tracking/tracking_row.h"
#include "m2drop/magento/types.h"
#include "m2drop/magento/write_requests.h"

namespace m2drop::pipeline {

// The rows of one package: one tracking number of one order. Rows are
// indexes into the vector of checked rows given to GroupTrackingRows.
struct PackageRows {
  std::string tracking;
  std::vector<size_t> rows;  // in file order
};

// The rows of one order, packages in order of first appearance.
struct OrderRows {
  std::string order;  // as written in the file
  std::vector<PackageRows> packages;
};

// Groups `rows` by order number (exact text) and, within an order, by
// tracking number: a tracking number repeated anywhere in the file for the
// same order joins one package. Orders in order of first appearance.
std::vector<OrderRows> GroupTrackingRows(const std::vector<TrackingRow>& rows);

// What the profile says about every package.
struct PlanSettings {
  bool notify_customer = true;  // overridden per row by a notify column
  bool ship_remaining = true;   // rows naming no items ship what is left
  std::string ship_source;      // MSI source for shipments; "" Magento picks
  // [profile.carriers] globs -> carrier code (carriers.h MapCarrier).
  std::vector<std::pair<std::string, std::string>> carriers;
};

enum class PackageActionKind { kAlreadyPresent, kShip, kAddTrack, kFail };

// One line of a planned shipment, for messages: what is shipped.
struct PlannedItem {
  magento::ShipItem item;  // order_item_id (top-level line) + qty
  std::string sku;
};

struct PackageAction {
  PackageActionKind kind = PackageActionKind::kFail;
  std::vector<size_t> rows;  // the package's rows (indexes), file order
  magento::ShipTrack track;  // number, carrier code and title
  bool notify = false;       // the customer is e-mailed (kShip, kAddTrack)
  // kShip: the lines and quantities to ship; the source (may be "").
  std::vector<PlannedItem> items;
  std::string source_code;
  // kAddTrack: the shipment to add the track to; 0 means the shipment an
  // earlier kShip of the same plan creates. kAlreadyPresent: the shipment
  // carrying the track.
  int64_t shipment_id = 0;
  // kFail: a stable code ("unknown_order", "order_on_hold", "unknown_sku",
  // "too_much", "fractional_qty", "nothing_to_ship", ...) and the message
  // for a person.
  std::string code;
  std::string message;
};

// The plan of one order: its actions in the file's package order.
struct OrderPlan {
  std::string order;         // as written in the file
  std::string increment_id;  // Magento's number; "" for an unknown order
  int64_t order_id = 0;      // entity_id; 0 for an unknown order
  // "order number 108 read as 000000108" when the number was padded; "".
  std::string note;
  std::vector<int64_t> known_shipment_ids;  // shipments seen when planning
  std::vector<PackageAction> actions;
};

// Plans the packages of `group`. `order` is Magento's order (nullptr: no
// such order, every package fails "order X does not exist in Magento"),
// `shipments` its shipments with their tracks, `note` the normalisation
// note for the order number (or ""). REQUIRES: every index in `group` is a
// valid index of `rows`.
OrderPlan PlanOrder(const OrderRows& group,
                    const std::vector<TrackingRow>& rows,
                    const magento::Order* order,
                    const std::vector<magento::Shipment>& shipments,
                    const std::string& note, const PlanSettings& settings);

// "2 × MH01-XS-Orange, 1 × WS12-M-Blue": the items of a planned shipment.
std::string DescribeItems(const std::vector<PlannedItem>& items);

}  // namespace m2drop::pipeline

#endif  // M2DROP_KINDS_TRACKING_TRACKING_PLAN_H_
