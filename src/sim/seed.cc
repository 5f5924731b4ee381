// SPDX-License-Identifier: Apache-2.0
#include "m2drop/sim/seed.h"

#include <fstream>
#include <sstream>

#include "m2drop/sim/shipping.h"

namespace m2drop::sim {
namespace {

// The seed is read with nlohmann's throwing accessors; this adapter turns a
// type error into a Status naming the place.
class SeedError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::string Where(const std::string& base, size_t index) {
  return base + "[" + std::to_string(index) + "]";
}

std::string RequireString(const Json& j, const char* key,
                          const std::string& where) {
  if (!j.contains(key) || !j[key].is_string() ||
      j[key].get<std::string>().empty()) {
    throw SeedError(where + ": \"" + key + "\" must be a non-empty string");
  }
  return j[key].get<std::string>();
}

template <typename T>
T Get(const Json& j, const char* key, T fallback) {
  return j.contains(key) ? j[key].get<T>() : fallback;
}

OrderItem ParseItem(Store& store, const Json& j, const std::string& where) {
  OrderItem item;
  item.item_id = Get<int64_t>(j, "item_id", store.next_order_item_id);
  store.next_order_item_id =
      std::max(store.next_order_item_id, item.item_id) + 1;
  item.sku = RequireString(j, "sku", where);
  item.name = Get<std::string>(j, "name", item.sku);
  item.product_type = Get<std::string>(j, "type", "simple");
  item.is_virtual =
      item.product_type == "virtual" || item.product_type == "downloadable";
  item.is_qty_decimal = Get<bool>(j, "is_qty_decimal", false);
  item.qty_ordered = Get<double>(j, "qty", 1);
  item.qty_canceled = Get<double>(j, "qty_canceled", 0);
  item.qty_refunded = Get<double>(j, "qty_refunded", 0);
  return item;
}

void ParseItems(Store& store, Order& order, const Json& items,
                const std::string& where) {
  for (size_t i = 0; i < items.size(); ++i) {
    std::string at = Where(where + ".items", i);
    OrderItem parent = ParseItem(store, items[i], at);
    order.items.push_back(parent);
    const Json children = Get<Json>(items[i], "children", Json::array());
    for (size_t c = 0; c < children.size(); ++c) {
      OrderItem child =
          ParseItem(store, children[c], Where(at + ".children", c));
      child.parent_item_id = parent.item_id;
      order.items.push_back(child);
    }
  }
}

// Seeded shipments name items by SKU (top-level rows) and go through
// ShipOrder, so qty_shipped and the order state follow.
void ParseShipments(Store& store, Order& order, const Json& shipments,
                    const std::string& where) {
  for (size_t s = 0; s < shipments.size(); ++s) {
    const Json& js = shipments[s];
    std::string at = Where(where + ".shipments", s);
    ShipRequest request;
    request.source_code = Get<std::string>(js, "source_code", "default");
    request.created_at = order.created_at;
    for (const Json& line : Get<Json>(js, "items", Json::array())) {
      std::string sku = RequireString(line, "sku", at);
      const OrderItem* found = nullptr;
      for (const OrderItem& item : order.items) {
        if (item.sku == sku && !item.parent_item_id) found = &item;
      }
      if (found == nullptr) throw SeedError(at + ": no item with sku " + sku);
      request.items.push_back({found->item_id, Get<double>(line, "qty", 1)});
    }
    for (const Json& t : Get<Json>(js, "tracks", Json::array())) {
      request.tracks.push_back({RequireString(t, "track_number", at),
                                RequireString(t, "carrier_code", at),
                                Get<std::string>(t, "title", ""), ""});
    }
    ShipResult result = ShipOrder(store, order, request);
    if (!result.validation_errors.empty()) {
      throw SeedError(at + ": " + result.validation_errors.front());
    }
  }
}

void ParseOrders(Store& store, const Json& orders) {
  int64_t next_entity_id = 1;
  for (size_t i = 0; i < orders.size(); ++i) {
    const Json& jo = orders[i];
    std::string at = Where("orders", i);
    Order order;
    order.entity_id = Get<int64_t>(jo, "entity_id", next_entity_id);
    next_entity_id = std::max(next_entity_id, order.entity_id) + 1;
    if (store.orders.count(order.entity_id)) {
      throw SeedError(at + ": duplicate entity_id");
    }
    order.increment_id = RequireString(jo, "increment_id", at);
    order.state = Get<std::string>(jo, "state", "processing");
    order.status = Get<std::string>(jo, "status", order.state);
    order.store_id = Get<int>(jo, "store_id", 1);
    order.created_at = Get<std::string>(jo, "created_at", order.created_at);
    order.updated_at = order.created_at;
    ParseItems(store, order, Get<Json>(jo, "items", Json::array()), at);
    // Seeded shipments need the order's items; the final state and status
    // from the seed win over what shipping derived.
    ParseShipments(store, order, Get<Json>(jo, "shipments", Json::array()), at);
    order.state = Get<std::string>(jo, "state", order.state);
    order.status = Get<std::string>(jo, "status", order.state);
    store.orders[order.entity_id] = std::move(order);
  }
}

void ParseCatalog(Store& store, const Json& seed) {
  int64_t next_product_id = 1;
  for (const Json& jp : Get<Json>(seed, "products", Json::array())) {
    Product p;
    p.sku = RequireString(jp, "sku", "products");
    p.id = Get<int64_t>(jp, "id", next_product_id);
    next_product_id = std::max(next_product_id, p.id) + 1;
    p.name = Get<std::string>(jp, "name", p.sku);
    p.type_id = Get<std::string>(jp, "type", "simple");
    store.AddProduct(std::move(p));
  }
  for (const Json& js : Get<Json>(seed, "sources", Json::array())) {
    Source s;
    s.source_code = RequireString(js, "source_code", "sources");
    s.name = Get<std::string>(js, "name", s.source_code);
    s.enabled = Get<bool>(js, "enabled", true);
    store.sources[s.source_code] = s;
  }
  for (const Json& ji : Get<Json>(seed, "source_items", Json::array())) {
    SourceItem si;
    si.sku = RequireString(ji, "sku", "source_items");
    si.source_code = RequireString(ji, "source_code", "source_items");
    si.quantity = Get<double>(ji, "quantity", 0);
    si.status = Get<int>(ji, "status", si.quantity > 0 ? 1 : 0);
    store.source_items[{si.sku, si.source_code}] = si;
  }
  int64_t next_stock_item_id = 1;
  for (const Json& ji : Get<Json>(seed, "stock_items", Json::array())) {
    StockItem st;
    st.sku = RequireString(ji, "sku", "stock_items");
    st.item_id = next_stock_item_id++;
    auto product = store.products.find(st.sku);
    st.product_id = product == store.products.end() ? 0 : product->second.id;
    st.qty = Get<double>(ji, "qty", 0);
    st.is_in_stock = Get<bool>(ji, "is_in_stock", st.qty > 0);
    st.manage_stock = Get<bool>(ji, "manage_stock", true);
    st.backorders = Get<int>(ji, "backorders", 0);
    st.min_qty = Get<double>(ji, "min_qty", 0);
    st.stock_status_changed_auto =
        Get<bool>(ji, "stock_status_changed_auto", false);
    store.stock_items[st.sku] = st;
  }
}

void ParseAuth(Store& store, const Json& auth) {
  for (const Json& t : Get<Json>(auth, "tokens", Json::array())) {
    store.static_tokens.insert(t.get<std::string>());
  }
  int64_t next_user_id = 1;
  for (const Json& ju : Get<Json>(auth, "admin_users", Json::array())) {
    AdminUser u;
    u.user_id = next_user_id++;
    u.username = RequireString(ju, "username", "auth.admin_users");
    u.password = RequireString(ju, "password", "auth.admin_users");
    store.admin_users.push_back(u);
  }
  int64_t next_consumer_id = 1;
  for (const Json& ji : Get<Json>(auth, "integrations", Json::array())) {
    Integration in;
    const char* at = "auth.integrations";
    in.consumer_id = next_consumer_id++;
    in.name = Get<std::string>(ji, "name", "integration");
    in.consumer_key = RequireString(ji, "consumer_key", at);
    in.consumer_secret = RequireString(ji, "consumer_secret", at);
    in.access_token = RequireString(ji, "access_token", at);
    in.access_token_secret = RequireString(ji, "access_token_secret", at);
    if (ji.contains("resources")) {
      in.resources = ji["resources"].get<std::set<std::string>>();
    }
    store.integrations.push_back(in);
  }
}

void ParseFlags(Flags& f, const Json& j) {
  f.accept_unknown_skus =
      Get<bool>(j, "accept_unknown_skus", f.accept_unknown_skus);
  f.integration_bearer_allowed =
      Get<bool>(j, "integration_bearer_allowed", f.integration_bearer_allowed);
  f.two_factor_auth = Get<bool>(j, "two_factor_auth", f.two_factor_auth);
  f.two_factor_providers = Get<std::vector<std::string>>(
      j, "two_factor_providers", f.two_factor_providers);
  f.admin_token_lifetime_minutes = Get<int>(j, "admin_token_lifetime_minutes",
                                            f.admin_token_lifetime_minutes);
  f.admin_max_failures =
      Get<int>(j, "admin_max_failures", f.admin_max_failures);
  f.admin_lock_seconds =
      Get<int>(j, "admin_lock_seconds", f.admin_lock_seconds);
  f.input_limits = Get<bool>(j, "input_limits", f.input_limits);
  f.input_array_limit = Get<int>(j, "input_array_limit", f.input_array_limit);
  f.max_page_size = Get<int>(j, "max_page_size", f.max_page_size);
  f.default_page_size = Get<int>(j, "default_page_size", f.default_page_size);
  f.shipment_emails_enabled =
      Get<bool>(j, "shipment_emails_enabled", f.shipment_emails_enabled);
}

}  // namespace

Status ApplyFlagsJson(const Json& changes, Flags& flags) {
  if (!changes.is_object()) {
    return Status::InvalidInput("flags must be a JSON object");
  }
  Flags updated = flags;
  try {
    ParseFlags(updated, changes);
  } catch (const Json::exception& e) {
    return Status::InvalidInput(std::string("a flag has the wrong type: ") +
                                e.what());
  }
  flags = updated;
  return Status::Ok();
}

Json FlagsToJson(const Flags& f) {
  return {{"accept_unknown_skus", f.accept_unknown_skus},
          {"integration_bearer_allowed", f.integration_bearer_allowed},
          {"two_factor_auth", f.two_factor_auth},
          {"two_factor_providers", f.two_factor_providers},
          {"admin_token_lifetime_minutes", f.admin_token_lifetime_minutes},
          {"admin_max_failures", f.admin_max_failures},
          {"admin_lock_seconds", f.admin_lock_seconds},
          {"input_limits", f.input_limits},
          {"input_array_limit", f.input_array_limit},
          {"max_page_size", f.max_page_size},
          {"default_page_size", f.default_page_size},
          {"shipment_emails_enabled", f.shipment_emails_enabled}};
}

Result<Store> ParseSeed(std::string_view json_text) {
  Json seed = Json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (seed.is_discarded() || !seed.is_object()) {
    return Status::InvalidInput("simulator seed is not a JSON object");
  }
  Store store;
  try {
    for (const Json& code : Get<Json>(seed, "store_codes", Json::array())) {
      store.store_codes.insert(code.get<std::string>());
    }
    ParseFlags(store.flags, Get<Json>(seed, "flags", Json::object()));
    ParseCatalog(store, seed);
    ParseAuth(store, Get<Json>(seed, "auth", Json::object()));
    ParseOrders(store, Get<Json>(seed, "orders", Json::array()));
  } catch (const SeedError& e) {
    return Status::InvalidInput(std::string("simulator seed: ") + e.what());
  } catch (const Json::exception& e) {
    return Status::InvalidInput(
        std::string("simulator seed: a value has the wrong type: ") + e.what());
  }
  store.FixNextIds();
  return store;
}

Result<Store> LoadSeedFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::Io("cannot read simulator seed file " + path);
  }
  std::ostringstream text;
  text << in.rdbuf();
  Result<Store> store = ParseSeed(text.str());
  if (!store.ok()) return store.status().WithContext(path);
  return store;
}

}  // namespace m2drop::sim
