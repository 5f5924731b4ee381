// SPDX-License-Identifier: Apache-2.0
#include "m2drop/kinds/tracking/tracking_plan.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "m2drop/base/strings.h"
#include "m2drop/kinds/tracking/carriers.h"

namespace m2drop::pipeline {
namespace {

using magento::Order;
using magento::OrderItem;
using magento::Shipment;

std::string FormatQty(double qty) {
  char buf[32];
  if (std::floor(qty) == qty) {
    std::snprintf(buf, sizeof buf, "%.0f", qty);
  } else {
    std::snprintf(buf, sizeof buf, "%g", qty);
  }
  return buf;
}

// Why Magento would refuse to ship an order in `state`, or "" if it would
// not: these states are refused by Magento's canShip().
std::string BlockedStateMessage(const Order& order, std::string* code) {
  const std::string who = "order " + order.increment_id;
  const std::string state = " in Magento (state " + order.state + ")";
  if (order.state == "canceled") {
    *code = "order_canceled";
    return who + " is canceled" + state +
           ": a canceled order cannot be shipped";
  }
  if (order.state == "closed") {
    *code = "order_closed";
    return who + " is closed" + state +
           ": it was refunded and can no longer be shipped";
  }
  if (order.state == "holded") {
    *code = "order_on_hold";
    return who + " is on hold" + state +
           ": release it, then drop the row again";
  }
  if (order.state == "payment_review") {
    *code = "order_payment_review";
    return who + " is in payment review" + state +
           ": accept or deny the payment, then drop the row again";
  }
  return "";
}

// What is left to ship per top-level, non-virtual line (configurable
// children ship with their parent line).
class Remaining {
 public:
  explicit Remaining(const Order& order) : order_(order) {
    for (const OrderItem& item : order.items) {
      if (item.parent_item_id || item.is_virtual) continue;
      left_[item.item_id] = item.QtyToShip();
    }
  }

  double Left(int64_t item_id) const {
    auto it = left_.find(item_id);
    return it == left_.end() ? 0 : it->second;
  }
  bool AnythingLeft() const {
    for (const auto& [id, qty] : left_) {
      if (qty > 0) return true;
    }
    return false;
  }
  void Take(int64_t item_id, double qty) { left_[item_id] -= qty; }

  // The shippable lines with something left, in order of the order's items.
  std::vector<const OrderItem*> LinesLeft() const {
    std::vector<const OrderItem*> lines;
    for (const OrderItem& item : order_.items) {
      if (left_.count(item.item_id) != 0 && Left(item.item_id) > 0) {
        lines.push_back(&item);
      }
    }
    return lines;
  }

  // The top-level line `sku` ships as: the line itself, or the parent of a
  // child line with that SKU (a configurable's simple ships its parent).
  // Prefers a line with something left. nullptr when no line has `sku`.
  const OrderItem* LineFor(const std::string& sku) const {
    const OrderItem* first = nullptr;
    for (const OrderItem& item : order_.items) {
      if (!EqualsIgnoreCase(item.sku, sku)) continue;
      const OrderItem* line =
          item.parent_item_id ? Find(*item.parent_item_id) : &item;
      if (line == nullptr || left_.count(line->item_id) == 0) continue;
      if (Left(line->item_id) > 0) return line;
      if (first == nullptr) first = line;
    }
    return first;
  }

 private:
  const OrderItem* Find(int64_t item_id) const {
    for (const OrderItem& item : order_.items) {
      if (item.item_id == item_id) return &item;
    }
    return nullptr;
  }

  const Order& order_;
  std::map<int64_t, double> left_;
};

std::string ItemList(const Order& order) {
  std::vector<std::string> skus;
  for (const OrderItem& item : order.items) {
    if (!item.parent_item_id) skus.push_back(item.sku);
  }
  return skus.empty() ? "none" : Join(skus, ", ");
}

void Fail(PackageAction* action, std::string code, std::string message) {
  action->kind = PackageActionKind::kFail;
  action->code = std::move(code);
  action->message = std::move(message);
}

// Whether `p` asks for a fraction of a line that takes whole quantities:
// Magento's ShipmentFactory::castQty ships (int) qty of such a line, so the
// row would be reported as shipped while Magento shipped less.
bool FractionOfWholeUnits(const Order& order, const PlannedItem& p) {
  if (std::fabs(p.item.qty - std::round(p.item.qty)) < 1e-9) return false;
  for (const OrderItem& item : order.items) {
    if (item.item_id == p.item.order_item_id) return !item.is_qty_decimal;
  }
  return true;
}

// The items the package's rows name, checked against what is left. Returns
// false after making `action` a kFail.
bool ResolveNamedItems(const PackageRows& package,
                       const std::vector<TrackingRow>& rows, const Order& order,
                       const Remaining& remaining, PackageAction* action) {
  std::vector<PlannedItem> items;
  for (size_t index : package.rows) {
    const TrackingRow& row = rows[index];
    if (row.sku.empty()) continue;
    const OrderItem* line = remaining.LineFor(row.sku);
    if (line == nullptr) {
      Fail(action, "unknown_sku",
           "SKU " + row.sku + " is not on order " + order.increment_id +
               " (items: " + ItemList(order) + ")");
      return false;
    }
    auto it = std::find_if(items.begin(), items.end(), [&](const auto& p) {
      return p.item.order_item_id == line->item_id;
    });
    if (it == items.end()) {
      items.push_back({{line->item_id, 0}, row.sku});
      it = items.end() - 1;
    }
    it->item.qty += row.qty ? *row.qty : remaining.Left(line->item_id);
    const double left = remaining.Left(line->item_id);
    if (it->item.qty > left + 1e-9) {
      Fail(action, "too_much",
           "only " + FormatQty(left) + " left to ship of SKU " + row.sku +
               " on order " + order.increment_id + ", the file asks for " +
               FormatQty(it->item.qty));
      return false;
    }
  }
  std::erase_if(items, [](const PlannedItem& p) { return p.item.qty <= 0; });
  for (const PlannedItem& p : items) {
    if (!FractionOfWholeUnits(order, p)) continue;
    Fail(action, "fractional_qty",
         "SKU " + p.sku + " on order " + order.increment_id +
             " ships in whole units, the file asks for " +
             FormatQty(p.item.qty) + " (Magento would ship " +
             FormatQty(std::trunc(p.item.qty)) + ")");
    return false;
  }
  action->items = std::move(items);
  return true;
}

bool NamesItems(const PackageRows& package,
                const std::vector<TrackingRow>& rows) {
  for (size_t index : package.rows) {
    if (!rows[index].sku.empty()) return true;
  }
  return false;
}

std::optional<int64_t> ShipmentWithTrack(const std::vector<Shipment>& shipments,
                                         const std::string& tracking) {
  for (const Shipment& shipment : shipments) {
    if (magento::FindTrack(shipment, tracking)) return shipment.entity_id;
  }
  return std::nullopt;
}

int64_t LatestShipmentId(const std::vector<Shipment>& shipments) {
  const Shipment* latest = nullptr;
  for (const Shipment& s : shipments) {
    if (latest == nullptr ||
        std::tie(s.created_at, s.entity_id) >
            std::tie(latest->created_at, latest->entity_id)) {
      latest = &s;
    }
  }
  return latest == nullptr ? 0 : latest->entity_id;
}

PackageAction StartAction(const PackageRows& package,
                          const std::vector<TrackingRow>& rows,
                          const PlanSettings& settings) {
  PackageAction action;
  action.rows = package.rows;
  const TrackingRow& first = rows[package.rows.front()];
  Carrier carrier = MapCarrier(first.carrier, first.title, settings.carriers);
  action.track = {package.tracking, carrier.title, carrier.code};
  action.notify = settings.notify_customer;
  for (size_t index : package.rows) {
    if (rows[index].notify) {
      action.notify = *rows[index].notify;
      break;
    }
  }
  return action;
}

// Decides one package of a known order; updates `remaining` and
// `shipped_in_plan` for the packages after it.
void PlanPackage(const PackageRows& package,
                 const std::vector<TrackingRow>& rows, const Order& order,
                 const std::vector<Shipment>& shipments,
                 const PlanSettings& settings, Remaining& remaining,
                 bool& shipped_in_plan, PackageAction* action) {
  if (std::optional<int64_t> id =
          ShipmentWithTrack(shipments, package.tracking)) {
    action->kind = PackageActionKind::kAlreadyPresent;
    action->shipment_id = *id;
    action->message = "tracking number " + package.tracking +
                      " is already on order " + order.increment_id;
    return;
  }
  std::string code;
  if (std::string blocked = BlockedStateMessage(order, &code);
      !blocked.empty()) {
    return Fail(action, code, blocked);
  }
  if (!remaining.AnythingLeft()) {
    action->kind = PackageActionKind::kAddTrack;
    action->shipment_id = shipped_in_plan ? 0 : LatestShipmentId(shipments);
    if (!shipped_in_plan && action->shipment_id == 0) {
      Fail(action, "nothing_to_ship",
           "order " + order.increment_id +
               " has nothing to ship (no physical items left) and no "
               "shipment to add the track to");
    }
    return;
  }
  if (NamesItems(package, rows)) {
    if (!ResolveNamedItems(package, rows, order, remaining, action)) return;
  } else if (!settings.ship_remaining) {
    return Fail(action, "missing_value",
                "the row names no items and this profile does not ship what "
                "is left (ship_remaining = false)");
  } else {
    for (const OrderItem* line : remaining.LinesLeft()) {
      action->items.push_back(
          {{line->item_id, remaining.Left(line->item_id)}, line->sku});
    }
  }
  action->kind = PackageActionKind::kShip;
  action->source_code = settings.ship_source;
  for (const PlannedItem& p : action->items) {
    remaining.Take(p.item.order_item_id, p.item.qty);
  }
  shipped_in_plan = true;
}

}  // namespace

std::vector<OrderRows> GroupTrackingRows(const std::vector<TrackingRow>& rows) {
  // Keys are views into `rows`, and one map holds every package: a map per
  // order (and a copy of each key) cost more than the groups themselves
  // on a 100k-row file.
  struct PackageKeyHash {
    size_t operator()(const std::pair<size_t, std::string_view>& k) const {
      return std::hash<std::string_view>()(k.second) * 31 + k.first;
    }
  };
  std::vector<OrderRows> groups;
  std::unordered_map<std::string_view, size_t> order_index;
  std::unordered_map<std::pair<size_t, std::string_view>, size_t,
                     PackageKeyHash>
      package_index;
  for (size_t i = 0; i < rows.size(); ++i) {
    auto [it, added] = order_index.try_emplace(rows[i].order, groups.size());
    if (added) groups.push_back({rows[i].order, {}});
    OrderRows& group = groups[it->second];
    auto [pkg, new_package] = package_index.try_emplace(
        {it->second, rows[i].tracking}, group.packages.size());
    if (new_package) group.packages.push_back({rows[i].tracking, {}});
    group.packages[pkg->second].rows.push_back(i);
  }
  return groups;
}

OrderPlan PlanOrder(const OrderRows& group,
                    const std::vector<TrackingRow>& rows, const Order* order,
                    const std::vector<Shipment>& shipments,
                    const std::string& note, const PlanSettings& settings) {
  OrderPlan plan;
  plan.order = group.order;
  plan.note = note;
  if (order != nullptr) {
    plan.increment_id = order->increment_id;
    plan.order_id = order->entity_id;
    for (const Shipment& s : shipments)
      plan.known_shipment_ids.push_back(s.entity_id);
  }
  std::optional<Remaining> remaining;
  if (order != nullptr) remaining.emplace(*order);
  bool shipped_in_plan = false;
  for (const PackageRows& package : group.packages) {
    PackageAction action = StartAction(package, rows, settings);
    if (order == nullptr) {
      Fail(&action, "unknown_order",
           "order " + group.order + " does not exist in Magento");
    } else {
      PlanPackage(package, rows, *order, shipments, settings, *remaining,
                  shipped_in_plan, &action);
    }
    plan.actions.push_back(std::move(action));
  }
  return plan;
}

std::string DescribeItems(const std::vector<PlannedItem>& items) {
  std::vector<std::string> parts;
  for (const PlannedItem& p : items) {
    parts.push_back(FormatQty(p.item.qty) + " × " + p.sku);
  }
  return Join(parts, ", ");
}

}  // namespace m2drop::pipeline
