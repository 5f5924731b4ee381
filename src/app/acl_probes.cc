// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/acl_probes.h"

#include <nlohmann/json.hpp>

namespace m2drop::app {
namespace {

// A one-row search of `path`, trimmed to total_count.
magento::ApiRequest Search(const char* path, const char* route) {
  magento::ApiRequest request;
  request.method = "GET";
  request.path = path;
  request.route = route;
  request.query = {{"searchCriteria[pageSize]", "1"},
                   {"searchCriteria[currentPage]", "1"},
                   {"fields", "total_count"}};
  return request;
}

// A request that cannot write: sent once, never resent.
magento::ApiRequest Refused(const char* method, const char* path,
                            const char* route, nlohmann::json body) {
  magento::ApiRequest request;
  request.method = method;
  request.path = path;
  request.route = route;
  request.body = std::move(body);
  request.idempotent = false;
  return request;
}

}  // namespace

std::vector<AclProbe> AclProbesFor(const config::Config& config) {
  bool tracking = false, msi = false, legacy = false;
  for (const config::Profile& p : config.profiles) {
    if (p.kind == config::ProfileKind::kTracking) {
      tracking = true;
    } else if (p.stock.stock_api == config::StockApi::kLegacy) {
      legacy = true;
    } else {
      msi = true;
    }
  }
  std::vector<AclProbe> probes;
  if (tracking) {
    probes.push_back({"Magento_Sales::actions_view", "search orders",
                      Search("V1/orders", "GET /V1/orders"), 0});
    probes.push_back({"Magento_Sales::shipment", "search shipments",
                      Search("V1/shipments", "GET /V1/shipments"), 0});
    // Order 0 does not exist: OrderRepository::get refuses it before any
    // write (400 "An ID is needed").
    probes.push_back(
        {"Magento_Sales::ship", "ship orders",
         Refused("POST", "V1/order/0/ship", "POST /V1/order/{id}/ship",
                 nlohmann::json::object()),
         400});
  }
  if (msi || legacy) {
    probes.push_back({"Magento_Catalog::products", "search products",
                      Search("V1/products", "GET /V1/products"), 0});
  }
  if (msi) {
    // An empty save is refused with "Input data is empty" before any write.
    probes.push_back({"Magento_InventoryApi::stock_source_item_assign",
                      "save source items",
                      Refused("POST", "V1/inventory/source-items",
                              "POST /V1/inventory/source-items",
                              {{"sourceItems", nlohmann::json::array()}}),
                      400});
  }
  if (legacy) {
    magento::ApiRequest read;
    read.method = "GET";
    read.path = "V1/stockItems/m2drop-check-config-probe";
    read.route = "GET /V1/stockItems/{sku}";
    probes.push_back({"Magento_CatalogInventory::cataloginventory",
                      "update stock items", std::move(read), 404});
  }
  return probes;
}

}  // namespace m2drop::app
