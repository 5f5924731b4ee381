// SPDX-License-Identifier: Apache-2.0
// kind = "stock": what the table needs beyond its pipeline
// (kinds/stock/stock_*.h): the ACL probes of its routes, which depend on the
// profile's stock_api.
#include "m2drop/kinds/stock/stock_kind.h"

namespace m2drop::kinds {

void StockAclProbes(const config::Profile& profile,
                    std::vector<AclProbe>* out) {
  out->push_back({"Magento_Catalog::products", "search products",
                  SearchProbe("V1/products", "GET /V1/products"), 0});
  if (profile.stock.stock_api == config::StockApi::kMsi) {
    // An empty save is refused with "Input data is empty" before any write
    // (SourceItemsSaveHandler).
    out->push_back(
        {"Magento_InventoryApi::stock_source_item_assign", "save source items",
         RefusedWriteProbe("POST", "V1/inventory/source-items",
                           "POST /V1/inventory/source-items",
                           {{"sourceItems", nlohmann::json::array()}}),
         400});
    return;
  }
  magento::ApiRequest read;
  read.method = "GET";
  read.path = "V1/stockItems/m2drop-check-config-probe";
  read.route = "GET /V1/stockItems/{sku}";
  out->push_back({"Magento_CatalogInventory::cataloginventory",
                  "update stock items", std::move(read), 404});
}

}  // namespace m2drop::kinds
