// SPDX-License-Identifier: Apache-2.0
#include "m2drop/sim/introspection.h"

namespace m2drop::sim {

void RequestCounters::Record(const std::string& label, int status) {
  ++total_;
  ++by_route_[label][status];
  ++by_status_[status];
}

void RequestCounters::RecordFault(std::string_view kind) {
  auto it = faults_.find(kind);
  if (it == faults_.end()) it = faults_.emplace(std::string(kind), 0).first;
  ++it->second;
}

void RequestCounters::Reset() { *this = RequestCounters(); }

int64_t RequestCounters::Count(const std::string& label, int status) const {
  auto route = by_route_.find(label);
  if (route == by_route_.end()) return 0;
  auto it = route->second.find(status);
  return it == route->second.end() ? 0 : it->second;
}

Json RequestCounters::ToJson() const {
  Json by_route = Json::object();
  for (const auto& [label, statuses] : by_route_) {
    for (const auto& [status, n] : statuses) {
      by_route[label][std::to_string(status)] = n;
    }
  }
  Json by_status = Json::object();
  for (const auto& [status, n] : by_status_) {
    by_status[std::to_string(status)] = n;
  }
  Json faults = Json::object();
  for (const auto& [kind, n] : faults_) faults[kind] = n;
  return {{"total", total_},
          {"by_route", by_route},
          {"by_status", by_status},
          {"faults", faults}};
}

Json StateToJson(const Store& store) {
  Json orders = Json::array();
  for (const auto& [id, order] : store.orders) {
    Json o = ToJson(order);
    Json shipments = Json::array();
    for (const Shipment* s : store.ShipmentsOfOrder(id)) {
      shipments.push_back(ToJson(*s));
    }
    o["shipments"] = shipments;
    orders.push_back(o);
  }
  Json source_items = Json::array();
  for (const auto& [key, item] : store.source_items) {
    source_items.push_back(ToJson(item));
  }
  Json stock_items = Json::array();
  for (const auto& [sku, item] : store.stock_items) {
    Json j = ToJson(item);
    j["sku"] = sku;
    stock_items.push_back(j);
  }
  Json products = Json::array();
  for (const auto& [sku, p] : store.products) products.push_back(ToJson(p));
  return {{"orders", orders},
          {"source_items", source_items},
          {"stock_items", stock_items},
          {"products", products}};
}

}  // namespace m2drop::sim
