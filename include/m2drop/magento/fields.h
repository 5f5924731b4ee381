// SPDX-License-Identifier: Apache-2.0
// The `fields=` partial-response filters of each call the client makes.
//
// Magento's FieldsFilter (magento-rest.md §1.2) trims a response to the
// fields named, which saves bandwidth on large orders. Each filter names
// exactly what types.h parses, nothing more. Only [A-Za-z0-9_[],] may appear;
// a malformed filter is not an error for Magento, which then answers `[]`
// with 200, so every constant here is checked by IsValidFieldsFilter in the
// tests and list answers without `items` are errors (types.h).
#ifndef M2DROP_MAGENTO_FIELDS_H_
#define M2DROP_MAGENTO_FIELDS_H_

#include <string_view>

namespace m2drop::magento::fields {

// The fields of one order item that OrderItem holds.
#define M2DROP_ORDER_ITEM_FIELDS                                      \
  "item_id,order_id,parent_item_id,sku,name,product_type,is_virtual," \
  "is_qty_decimal,qty_ordered,qty_shipped,qty_canceled,qty_refunded"
#define M2DROP_ORDER_FIELDS \
  "entity_id,increment_id,state,status,items[" M2DROP_ORDER_ITEM_FIELDS "]"
#define M2DROP_SHIPMENT_FIELDS                                            \
  "entity_id,order_id,increment_id,created_at,"                           \
  "extension_attributes[source_code],"                                    \
  "tracks[entity_id,parent_id,order_id,track_number,carrier_code,title]," \
  "items[order_item_id,sku,qty]"

// GET /V1/orders/{id}
inline constexpr std::string_view kOrder = M2DROP_ORDER_FIELDS;
// GET /V1/orders?searchCriteria...
inline constexpr std::string_view kOrderList =
    "items[" M2DROP_ORDER_FIELDS "],total_count";
// GET /V1/shipment/{id}
inline constexpr std::string_view kShipment = M2DROP_SHIPMENT_FIELDS;
// GET /V1/shipments?searchCriteria...
inline constexpr std::string_view kShipmentList =
    "items[" M2DROP_SHIPMENT_FIELDS "],total_count";
// GET /V1/products?searchCriteria...
inline constexpr std::string_view kProductList =
    "items[id,sku,type_id],total_count";
// GET /V1/stockItems/{sku}
inline constexpr std::string_view kStockItem =
    "item_id,product_id,qty,is_in_stock";

#undef M2DROP_ORDER_ITEM_FIELDS
#undef M2DROP_ORDER_FIELDS
#undef M2DROP_SHIPMENT_FIELDS

// True when `filter` is one Magento's FieldsFilter accepts: non-empty, only
// [A-Za-z0-9_[],], brackets balanced and each opened after a field name, no
// empty names (",," or "[]" or a trailing comma).
bool IsValidFieldsFilter(std::string_view filter);

}  // namespace m2drop::magento::fields

#endif  // M2DROP_MAGENTO_FIELDS_H_
