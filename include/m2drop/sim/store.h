// SPDX-License-Identifier: Apache-2.0
// The simulator's state: a small in-memory Magento (orders with items,
// shipments with items and tracks, catalog, MSI sources and source items,
// legacy stock items, credentials) and the flags that choose between the
// Magento behaviours magento-rest.md lists as variants.
//
// A Store is a plain value: sim::Simulator owns one behind its mutex, seed.h
// builds one from JSON. The ToJson functions render entities the way the
// REST API does: snake_case keys, numbers as numbers (Reflection/
// DataObjectProcessor.php casts each getter's value to its @return type
// with TypeCaster.php). UNVERIFIED: which optional fields a shop leaves out
// or sends as null; clients accept both.
#ifndef M2DROP_SIM_STORE_H_
#define M2DROP_SIM_STORE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "m2drop/base/clock.h"
#include "m2drop/sim/http_types.h"

namespace m2drop::sim {

struct OrderItem {
  int64_t item_id = 0;
  std::optional<int64_t> parent_item_id;  // child rows of configurables
  std::string sku;
  std::string name;
  std::string product_type = "simple";  // simple, configurable, virtual, ...
  bool is_virtual = false;
  // Takes fractional quantities (sales_order_item.is_qty_decimal).
  bool is_qty_decimal = false;
  double qty_ordered = 0;
  double qty_shipped = 0;
  double qty_canceled = 0;
  double qty_refunded = 0;

  // qty_ordered - shipped - refunded - canceled, never below 0; 0 for
  // virtual items.
  double QtyToShip() const;
};

struct Order {
  int64_t entity_id = 0;
  std::string increment_id;
  std::string state = "processing";
  std::string status = "processing";
  int store_id = 1;
  std::string created_at = "2026-11-20 08:00:00";
  std::string updated_at = "2026-11-20 08:00:00";
  std::vector<OrderItem> items;

  OrderItem* FindItem(int64_t item_id);
  // True when some non-virtual item still has quantity to ship.
  bool HasQtyToShip() const;
};

struct ShipmentItem {
  int64_t entity_id = 0;
  int64_t order_item_id = 0;
  std::string sku;
  std::string name;
  double qty = 0;
};

struct Track {
  int64_t entity_id = 0;
  int64_t parent_id = 0;  // the shipment's entity_id
  int64_t order_id = 0;
  std::string track_number;
  std::string carrier_code;
  std::string title;
  std::string description;
  double weight = 0;
  double qty = 0;
  std::string created_at = "2026-11-20 08:00:00";
};

struct Shipment {
  int64_t entity_id = 0;
  std::string increment_id;
  int64_t order_id = 0;
  int store_id = 1;
  double total_qty = 0;
  bool email_sent = false;
  std::string source_code = "default";
  std::string created_at = "2026-11-20 08:00:00";
  std::vector<ShipmentItem> items;
  std::vector<Track> tracks;
  std::vector<std::string> comments;
};

struct Product {
  int64_t id = 0;
  std::string sku;
  std::string name;
  std::string type_id = "simple";
};

struct Source {
  std::string source_code;
  std::string name;
  bool enabled = true;
};

struct SourceItem {
  std::string sku;
  std::string source_code;
  double quantity = 0;
  int status = 1;  // 1 in stock, 0 out of stock
};

struct StockItem {
  int64_t item_id = 0;
  int64_t product_id = 0;
  std::string sku;
  double qty = 0;
  bool is_in_stock = true;
  // The effective values (what Magento's getters give once use_config_*
  // is resolved): manage stock, backorders (0 none, 1 allowed, 2 allowed
  // and notify) and the out-of-stock threshold.
  bool manage_stock = true;
  int backorders = 0;
  double min_qty = 0;
  // Magento set the status itself (stock_status_changed_auto).
  bool stock_status_changed_auto = false;
};

struct AdminUser {
  int64_t user_id = 0;
  std::string username;
  std::string password;
  // Its row in oauth_token_request_log (Integration/Model/ResourceModel/
  // Oauth/Token/RequestLog.php): wrong passwords, and when the row expires
  // (each failure sets it to now + the lock timeout).
  int failures = 0;
  std::optional<WallTime> failures_expire_at;
};

struct Integration {
  int64_t consumer_id = 0;
  std::string name;
  std::string consumer_key;     // 32 characters
  std::string consumer_secret;  // 32 characters
  std::string access_token;     // 32 characters
  std::string access_token_secret;
  // The API resources granted (System > Extensions > Integrations > API);
  // nullopt: all of them (Magento_Backend::all).
  std::optional<std::set<std::string>> resources;
};

// Behaviour switches; each names the Magento variant it selects.
struct Flags {
  // Released MSI accepts source items for SKUs that do not exist; newer code
  // adds ExistentSkuValidator (magento-rest.md §1.7).
  bool accept_unknown_skus = true;
  // oauth/consumer/enable_integration_as_bearer (off in Magento).
  bool integration_bearer_allowed = false;
  // Magento_TwoFactorAuth re-routes the admin token route (§1.1).
  bool two_factor_auth = false;
  std::vector<std::string> two_factor_providers = {"google"};
  // webapi/jwtauth/admin_expiration, minutes; 0 or less means 30.
  int admin_token_lifetime_minutes = 60;
  // oauth/authentication_lock/*.
  int admin_max_failures = 6;
  int admin_lock_seconds = 1800;
  // webapi/validation/* (§5).
  bool input_limits = false;
  int input_array_limit = 20;
  int max_page_size = 300;
  int default_page_size = 20;
  // What POST /V1/shipment/{id}/emails answers (false = emails disabled).
  bool shipment_emails_enabled = true;
};

struct Store {
  std::map<int64_t, Order> orders;          // by entity_id
  std::map<int64_t, Shipment> shipments;    // by entity_id
  std::map<std::string, Product> products;  // by sku; add with AddProduct
  std::map<std::string, Source> sources;    // by source_code
  // By (sku, source_code).
  std::map<std::pair<std::string, std::string>, SourceItem> source_items;
  std::map<std::string, StockItem> stock_items;  // by sku
  // AsciiLower(sku) -> the SKUs of `products` spelled so (AddProduct).
  std::map<std::string, std::set<std::string>> product_skus_by_lower;
  std::set<std::string> store_codes = {"default", "all"};
  std::set<std::string> static_tokens;  // bearer tokens always accepted
  std::vector<AdminUser> admin_users;
  std::vector<Integration> integrations;
  // Nonces already used, per consumer_id.
  std::map<int64_t, std::set<std::string>> used_nonces;
  Flags flags;

  int64_t next_order_item_id = 1;
  int64_t next_shipment_id = 1;
  int64_t next_shipment_item_id = 1;
  int64_t next_track_id = 1;

  Order* FindOrder(int64_t entity_id);
  // Adds (or replaces) a product, keeping the index by lower-case SKU.
  void AddProduct(Product product);
  // The products whose SKU is `lower_sku` ignoring ASCII case (Magento's
  // collation), in SKU order.
  std::vector<const Product*> ProductsIgnoringCase(
      const std::string& lower_sku) const;
  Shipment* FindShipment(int64_t entity_id);
  // The shipments of one order, in creation order.
  std::vector<const Shipment*> ShipmentsOfOrder(int64_t order_id) const;
  // Moves every next_* counter past the ids already present (after seeding).
  void FixNextIds();
};

Json ToJson(const OrderItem& item, int64_t order_id);
Json ToJson(const Order& order);
Json ToJson(const Track& track);
Json ToJson(const Shipment& shipment);
Json ToJson(const Product& product);
Json ToJson(const SourceItem& item);
Json ToJson(const StockItem& item);

}  // namespace m2drop::sim

#endif  // M2DROP_SIM_STORE_H_
