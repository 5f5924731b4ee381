// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/paths.h"

#include "m2drop/magento/url.h"

namespace m2drop::magento {

std::string OrderPath(int64_t entity_id) {
  return "V1/orders/" + std::to_string(entity_id);
}

std::string ShipOrderPath(int64_t order_id) {
  return "V1/order/" + std::to_string(order_id) + "/ship";
}

std::string ShipmentPath(int64_t shipment_id) {
  return "V1/shipment/" + std::to_string(shipment_id);
}

std::string ShipmentEmailsPath(int64_t shipment_id) {
  return ShipmentPath(shipment_id) + "/emails";
}

std::string StockItemPath(std::string_view sku) {
  return "V1/stockItems/" + PercentEncode(sku);
}

std::string UpdateStockItemPath(std::string_view sku) {
  return "V1/products/" + PercentEncode(sku) + "/stockItems/1";
}

}  // namespace m2drop::magento
