// SPDX-License-Identifier: Apache-2.0
#include "m2drop/sim/store.h"

#include <algorithm>

#include "m2drop/base/strings.h"

namespace m2drop::sim {

double OrderItem::QtyToShip() const {
  if (is_virtual) return 0;
  return std::max(0.0, qty_ordered - qty_shipped - qty_refunded - qty_canceled);
}

OrderItem* Order::FindItem(int64_t item_id) {
  for (OrderItem& item : items) {
    if (item.item_id == item_id) return &item;
  }
  return nullptr;
}

bool Order::HasQtyToShip() const {
  return std::any_of(items.begin(), items.end(), [](const OrderItem& item) {
    return !item.parent_item_id && item.QtyToShip() > 0;
  });
}

Order* Store::FindOrder(int64_t entity_id) {
  auto it = orders.find(entity_id);
  return it == orders.end() ? nullptr : &it->second;
}

void Store::AddProduct(Product product) {
  product_skus_by_lower[AsciiLower(product.sku)].insert(product.sku);
  std::string sku = product.sku;
  products[sku] = std::move(product);
}

std::vector<const Product*> Store::ProductsIgnoringCase(
    const std::string& lower_sku) const {
  std::vector<const Product*> found;
  auto it = product_skus_by_lower.find(lower_sku);
  if (it == product_skus_by_lower.end()) return found;
  for (const std::string& sku : it->second) {
    auto product = products.find(sku);
    if (product != products.end()) found.push_back(&product->second);
  }
  return found;
}

Shipment* Store::FindShipment(int64_t entity_id) {
  auto it = shipments.find(entity_id);
  return it == shipments.end() ? nullptr : &it->second;
}

std::vector<const Shipment*> Store::ShipmentsOfOrder(int64_t order_id) const {
  std::vector<const Shipment*> result;
  for (const auto& [id, shipment] : shipments) {
    if (shipment.order_id == order_id) result.push_back(&shipment);
  }
  return result;
}

void Store::FixNextIds() {
  for (const auto& [id, order] : orders) {
    for (const OrderItem& item : order.items) {
      next_order_item_id = std::max(next_order_item_id, item.item_id + 1);
    }
  }
  for (const auto& [id, shipment] : shipments) {
    next_shipment_id = std::max(next_shipment_id, id + 1);
    for (const ShipmentItem& item : shipment.items) {
      next_shipment_item_id =
          std::max(next_shipment_item_id, item.entity_id + 1);
    }
    for (const Track& track : shipment.tracks) {
      next_track_id = std::max(next_track_id, track.entity_id + 1);
    }
  }
}

Json ToJson(const OrderItem& item, int64_t order_id) {
  Json j = {{"item_id", item.item_id},
            {"order_id", order_id},
            {"sku", item.sku},
            {"name", item.name},
            {"product_type", item.product_type},
            {"is_virtual", item.is_virtual ? 1 : 0},
            {"qty_ordered", item.qty_ordered},
            {"qty_shipped", item.qty_shipped},
            {"qty_canceled", item.qty_canceled},
            {"qty_refunded", item.qty_refunded},
            {"qty_invoiced", item.qty_ordered},
            {"is_qty_decimal", item.is_qty_decimal ? 1 : 0}};
  if (item.parent_item_id) j["parent_item_id"] = *item.parent_item_id;
  return j;
}

Json ToJson(const Order& order) {
  Json items = Json::array();
  bool all_virtual = !order.items.empty();
  for (const OrderItem& item : order.items) {
    items.push_back(ToJson(item, order.entity_id));
    all_virtual = all_virtual && item.is_virtual;
  }
  return {{"entity_id", order.entity_id},
          {"increment_id", order.increment_id},
          {"state", order.state},
          {"status", order.status},
          {"store_id", order.store_id},
          {"is_virtual", all_virtual ? 1 : 0},
          {"created_at", order.created_at},
          {"updated_at", order.updated_at},
          {"items", items}};
}

Json ToJson(const Track& track) {
  return {{"entity_id", track.entity_id},
          {"parent_id", track.parent_id},
          {"order_id", track.order_id},
          {"track_number", track.track_number},
          {"carrier_code", track.carrier_code},
          {"title", track.title},
          {"description", track.description},
          {"weight", track.weight},
          {"qty", track.qty},
          {"created_at", track.created_at}};
}

Json ToJson(const Shipment& shipment) {
  Json items = Json::array();
  for (const ShipmentItem& item : shipment.items) {
    items.push_back({{"entity_id", item.entity_id},
                     {"parent_id", shipment.entity_id},
                     {"order_item_id", item.order_item_id},
                     {"sku", item.sku},
                     {"name", item.name},
                     {"qty", item.qty}});
  }
  Json tracks = Json::array();
  for (const Track& track : shipment.tracks) tracks.push_back(ToJson(track));
  Json comments = Json::array();
  for (const std::string& comment : shipment.comments) {
    comments.push_back(
        {{"comment", comment}, {"parent_id", shipment.entity_id}});
  }
  return {{"entity_id", shipment.entity_id},
          {"increment_id", shipment.increment_id},
          {"order_id", shipment.order_id},
          {"store_id", shipment.store_id},
          {"total_qty", shipment.total_qty},
          {"email_sent", shipment.email_sent ? 1 : 0},
          {"created_at", shipment.created_at},
          {"updated_at", shipment.created_at},
          {"packages", Json::array()},
          {"items", items},
          {"tracks", tracks},
          {"comments", comments},
          {"extension_attributes", {{"source_code", shipment.source_code}}}};
}

Json ToJson(const Product& product) {
  return {{"id", product.id},     {"sku", product.sku},
          {"name", product.name}, {"type_id", product.type_id},
          {"status", 1},          {"attribute_set_id", 4}};
}

Json ToJson(const SourceItem& item) {
  return {{"sku", item.sku},
          {"source_code", item.source_code},
          {"quantity", item.quantity},
          {"status", item.status}};
}

Json ToJson(const StockItem& item) {
  return {{"item_id", item.item_id},
          {"product_id", item.product_id},
          {"stock_id", 1},
          {"qty", item.qty},
          {"is_in_stock", item.is_in_stock},
          {"manage_stock", item.manage_stock},
          {"backorders", item.backorders},
          {"min_qty", item.min_qty},
          {"stock_status_changed_auto", item.stock_status_changed_auto ? 1 : 0},
          {"is_qty_decimal", false}};
}

}  // namespace m2drop::sim
