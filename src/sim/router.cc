// SPDX-License-Identifier: Apache-2.0
#include "m2drop/sim/router.h"

#include "m2drop/base/strings.h"
#include "m2drop/sim/auth.h"
#include "m2drop/sim/inventory_routes.h"
#include "m2drop/sim/sales_routes.h"
#include "m2drop/sim/stock_items.h"

namespace m2drop::sim {
namespace {

Response AdminTokenRoute(RouteContext& ctx) {
  return HandleAdminToken(ctx.store, ctx.body, ctx.now, ctx.jwt_secret);
}

// The ACL resource of each route, as the webapi.xml files name it:
// app/code/Magento/Sales/etc/webapi.xml (2.3 and later; 2.2 and earlier
// named Magento_Sales::sales everywhere), app/code/Magento/Catalog/etc/
// webapi.xml, app/code/Magento/CatalogInventory/etc/webapi.xml (a copy with
// Adobe's 2025 headers names Magento_Catalog::catalog_inventory instead:
// UNVERIFIED which release changed it) and magento/inventory
// InventoryApi/etc/webapi.xml. README's permission table is checked
// against this table (tests/sim/acl_test.cc).
constexpr std::string_view kOrdersView = "Magento_Sales::actions_view";
constexpr std::string_view kShip = "Magento_Sales::ship";
constexpr std::string_view kShipments = "Magento_Sales::shipment";
constexpr std::string_view kSourceItemAssign =
    "Magento_InventoryApi::stock_source_item_assign";
constexpr std::string_view kSource = "Magento_InventoryApi::source";
constexpr std::string_view kCatalogInventory =
    "Magento_CatalogInventory::cataloginventory";
constexpr std::string_view kProducts = "Magento_Catalog::products";

// Integration/etc/webapi.xml: the admin token route is anonymous.
const RouteSpec kRoutes[] = {
    {"POST", "V1/integration/admin/token", "", AdminTokenRoute},
    {"GET", "V1/orders", kOrdersView, GetOrders},
    {"GET", "V1/orders/{id}", kOrdersView, GetOrder},
    {"GET", "V1/shipments", kShipments, GetShipments},
    {"GET", "V1/shipment/{id}", kShipments, GetShipment},
    {"POST", "V1/shipment/track", kShipments, PostTrack},
    {"DELETE", "V1/shipment/track/{id}", kShipments, DeleteTrack},
    {"POST", "V1/order/{id}/ship", kShip, PostShipOrder},
    {"POST", "V1/shipment/{id}/emails", kShipments, PostShipmentEmails},
    {"POST", "V1/inventory/source-items", kSourceItemAssign, PostSourceItems},
    {"GET", "V1/inventory/source-items", kSource, GetSourceItems},
    {"GET", "V1/stockItems/{sku}", kCatalogInventory, GetStockItem},
    {"PUT", "V1/products/{sku}/stockItems/{id}", kCatalogInventory,
     PutStockItem},
    {"GET", "V1/products", kProducts, GetProducts},
};

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Segments of the path after /rest/[<store>/], starting at "V1"; nullopt for
// paths outside /rest/ or with an unknown store code.
std::optional<std::vector<std::string_view>> ApiSegments(
    const std::set<std::string>& store_codes, std::string_view path) {
  if (path.rfind("/index.php", 0) == 0) path.remove_prefix(10);
  if (path.rfind("/rest/", 0) != 0) return std::nullopt;
  path.remove_prefix(6);
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  std::vector<std::string_view> segments = Split(path, '/');
  if (!segments.empty() && segments[0] != "V1") {
    if (!store_codes.count(DecodePathSegment(segments[0]))) return std::nullopt;
    segments.erase(segments.begin());
  }
  return segments;
}

std::optional<std::vector<std::string>> MatchPattern(
    std::string_view pattern, const std::vector<std::string_view>& segments) {
  std::vector<std::string_view> parts = Split(pattern, '/');
  if (parts.size() != segments.size()) return std::nullopt;
  std::vector<std::string> params;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (!parts[i].empty() && parts[i].front() == '{') {
      if (segments[i].empty()) return std::nullopt;
      params.push_back(DecodePathSegment(segments[i]));
    } else if (parts[i] != segments[i]) {
      return std::nullopt;
    }
  }
  return params;
}

}  // namespace

std::span<const RouteSpec> RouteTable() { return kRoutes; }

std::string DecodePathSegment(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 &&
        HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::optional<RouteMatch> MatchRoute(const std::set<std::string>& store_codes,
                                     std::string_view method,
                                     std::string_view raw_path) {
  auto segments = ApiSegments(store_codes, raw_path);
  if (!segments) return std::nullopt;
  for (const RouteSpec& spec : kRoutes) {
    if (spec.method != method) continue;
    auto params = MatchPattern(spec.pattern, *segments);
    if (!params) continue;
    return RouteMatch{&spec, std::move(*params),
                      std::string(method) + " /" + std::string(spec.pattern)};
  }
  return std::nullopt;
}

}  // namespace m2drop::sim
