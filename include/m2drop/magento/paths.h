// SPDX-License-Identifier: Apache-2.0
// Paths of the REST routes the typed client calls, with data-derived
// segments percent-encoded.
//
// ApiRequest::path is the part after /rest/<store_code>/ and must already be
// encoded (api_caller.h). SKUs may hold "/", spaces, "#", "%", "?" or text
// beyond ASCII, any of which would change the route if sent raw; they are
// encoded with PercentEncode (url.h), so "a/b c" becomes "a%2Fb%20c". Pure
// functions, thread-safe.
#ifndef M2DROP_MAGENTO_PATHS_H_
#define M2DROP_MAGENTO_PATHS_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace m2drop::magento {

// "V1/orders/42", "V1/order/42/ship", "V1/shipment/7", "V1/shipment/7/emails",
// "V1/stockItems/<sku>", "V1/products/<sku>/stockItems/1".
std::string OrderPath(int64_t entity_id);
std::string ShipOrderPath(int64_t order_id);
std::string ShipmentPath(int64_t shipment_id);
std::string ShipmentEmailsPath(int64_t shipment_id);
std::string StockItemPath(std::string_view sku);
// The stock item id in the path is ignored by Magento, which looks the item
// up by SKU (magento-rest.md §1.8); 1 is the usual default stock's.
std::string UpdateStockItemPath(std::string_view sku);

}  // namespace m2drop::magento

#endif  // M2DROP_MAGENTO_PATHS_H_
