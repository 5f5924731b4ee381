// SPDX-License-Identifier: Apache-2.0
// Plain Magento entities as m2drop reads them, and their lenient parsers.
//
// Only the fields m2drop uses are kept (fields.h asks Magento for exactly
// these). Parsing follows magento-rest.md §0: ids may arrive as JSON numbers
// or as strings ("42"), decimals as numbers or strings ("111.0000"), and a
// missing key and `null` both mean "absent" (the field keeps its default),
// also for lists; `[]` where an object belongs is an object without fields
// (PHP renders an empty associative array as []). A value of the wrong shape
// (an object where a number belongs, "abc" as an id) or a missing identity
// field is an error: kInternal with a message that starts "unexpected Magento
// response: ". Pure functions, thread-safe.
#ifndef M2DROP_MAGENTO_TYPES_H_
#define M2DROP_MAGENTO_TYPES_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "m2drop/base/result.h"

namespace m2drop::magento {

// A line of an order (sales_order_item). Children of configurable and
// bundle items are separate lines with parent_item_id set.
struct OrderItem {
  int64_t item_id = 0;  // required
  int64_t order_id = 0;
  std::optional<int64_t> parent_item_id;
  std::string sku;
  std::string name;
  std::string product_type;  // simple, configurable, bundle, virtual, ...
  bool is_virtual = false;
  // Whether the line takes fractional quantities. Absent or null reads as
  // false, as Magento's ShipmentFactory::castQty does: it ships (int) qty.
  bool is_qty_decimal = false;
  double qty_ordered = 0;
  double qty_shipped = 0;
  double qty_canceled = 0;
  double qty_refunded = 0;

  // ordered - shipped - refunded - canceled, never below 0 (magento-rest.md
  // §1.2; Magento's exact getQtyToShip formula is unverified, and it caps
  // a larger request anyway).
  double QtyToShip() const;
};

struct Order {
  int64_t entity_id = 0;     // required; used by /orders/{id} and ship
  std::string increment_id;  // customer-facing number, e.g. "000000123"
  std::string state;         // new, processing, complete, canceled, ...
  std::string status;
  std::vector<OrderItem> items;
};

struct ShipmentTrack {
  int64_t entity_id = 0;  // required
  int64_t parent_id = 0;  // the shipment's entity_id
  int64_t order_id = 0;
  std::string track_number;
  std::string carrier_code;
  std::string title;
};

struct ShipmentItem {
  int64_t order_item_id = 0;
  std::string sku;
  double qty = 0;
};

struct Shipment {
  int64_t entity_id = 0;  // required
  int64_t order_id = 0;
  std::string increment_id;
  std::string created_at;  // "YYYY-MM-DD HH:MM:SS", UTC, as Magento sent it
  std::vector<ShipmentTrack> tracks;
  std::vector<ShipmentItem> items;
  std::string source_code;  // extension_attributes.source_code (MSI); or ""
};

// An MSI source item (magento-rest.md §1.7). status: 1 in stock, 0 out.
struct SourceItem {
  std::string sku;
  std::string source_code;
  double quantity = 0;
  int status = 1;

  friend bool operator==(const SourceItem&, const SourceItem&) = default;
};

// A legacy CatalogInventory stock item (magento-rest.md §1.8).
struct StockItem {
  int64_t item_id = 0;
  int64_t product_id = 0;
  double qty = 0;
  bool is_in_stock = false;
};

struct Product {
  int64_t id = 0;  // required
  std::string sku;
  std::string type_id;
};

// One page of a search (`GET /V1/orders`, `/V1/shipments`, ...): the raw
// items and total_count. The body must be an object: a malformed `fields=`
// filter makes Magento answer `[]` with 200, which must not read as "nothing
// found". `items` null or absent is an empty page (FieldsFilter renders the
// empty list of a search that found nothing as null); total_count may be a
// number or text, and when missing is the number of items on this page.
struct SearchPage {
  std::vector<nlohmann::json> items;
  int64_t total_count = 0;
};

// Takes `body` by value: pass an answer it may take the items from.
Result<SearchPage> ParseSearchPage(nlohmann::json body);
Result<OrderItem> ParseOrderItem(const nlohmann::json& json);
Result<Order> ParseOrder(const nlohmann::json& json);
Result<ShipmentTrack> ParseShipmentTrack(const nlohmann::json& json);
Result<Shipment> ParseShipment(const nlohmann::json& json);
Result<SourceItem> ParseSourceItem(const nlohmann::json& json);
Result<StockItem> ParseStockItem(const nlohmann::json& json);
Result<Product> ParseProduct(const nlohmann::json& json);

// A bare id answer (ship, stock item update): a JSON integer or a string of
// digits, e.g. 42 or "42".
Result<int64_t> ParseIdResponse(const nlohmann::json& body);

// SourceItem as the body of POST /V1/inventory/source-items expects it.
nlohmann::json SourceItemToJson(const SourceItem& item);

}  // namespace m2drop::magento

#endif  // M2DROP_MAGENTO_TYPES_H_
