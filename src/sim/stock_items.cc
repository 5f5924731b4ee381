// SPDX-License-Identifier: Apache-2.0
#include "m2drop/sim/stock_items.h"

#include <cmath>

#include "m2drop/base/strings.h"
#include "m2drop/sim/data_objects.h"

namespace m2drop::sim {
namespace {

constexpr std::string_view kDefaultSource = "default";

Response UnknownSku(const std::string& sku) {
  return ErrorResponse(404, "The Product with the \"%1\" SKU doesn't exist.",
                       Json::array({sku}));
}

// StockRegistry::resolveProductId: Product::getIdBySku, a lookup under the
// SKU column's case-insensitive collation.
const Product* FindProduct(const Store& store, const std::string& sku) {
  std::vector<const Product*> found =
      store.ProductsIgnoringCase(AsciiLower(sku));
  return found.empty() ? nullptr : found.front();
}

// StockConfiguration::isQty: the types whose stock keeps a quantity.
// UNVERIFIED: the list comes from each product type's di.xml ("is_qty");
// simple, virtual and downloadable are among them, configurable, bundle and
// grouped are not.
bool HoldsQty(const std::string& type_id) {
  return type_id != "configurable" && type_id != "bundle" &&
         type_id != "grouped";
}

void SyncSourceFromLegacy(Store& store, const StockItem& stock) {
  auto it = store.source_items.find({stock.sku, std::string(kDefaultSource)});
  if (it == store.source_items.end()) return;
  it->second.quantity = stock.qty;
  it->second.status = stock.is_in_stock ? 1 : 0;
}

// The stock item of `product`, made when it has none yet
// (StockRegistryProvider::getStockItem gives a new, unsaved item).
StockItem& ItemOf(Store& store, const Product& product) {
  auto it = store.stock_items.find(product.sku);
  if (it != store.stock_items.end()) return it->second;
  int64_t next_id = 1;
  for (const auto& [sku, item] : store.stock_items) {
    next_id = std::max(next_id, item.item_id + 1);
  }
  StockItem item;
  item.item_id = next_id;
  item.product_id = product.id;
  item.sku = product.sku;
  item.is_in_stock = false;
  return store.stock_items[product.sku] = item;
}

// `$origStockItem->addData($data)` for the fields m2drop sends and the
// simulator models; the path's {itemId} is never used for an existing item.
void MergeSent(const Json& sent, StockItem& item) {
  if (auto qty = NumberValue(sent.value("qty", Json()))) item.qty = *qty;
  if (sent.contains("is_in_stock"))
    item.is_in_stock = PhpBool(sent["is_in_stock"]);
  // UNVERIFIED simplification: Magento reads manage_stock, backorders and
  // min_qty from the configuration while use_config_* is set; the
  // simulator stores the effective values.
  if (sent.contains("manage_stock"))
    item.manage_stock = PhpBool(sent["manage_stock"]);
  if (auto b = NumberValue(sent.value("backorders", Json()))) {
    item.backorders = static_cast<int>(*b);
  }
  if (auto min = NumberValue(sent.value("min_qty", Json())))
    item.min_qty = *min;
}

}  // namespace

bool VerifyStock(const StockItem& item) {
  const bool no_backorders = item.backorders == 0;
  // (int) $qty === 0: PHP's cast truncates, so 0.5 counts as none.
  if (std::trunc(item.qty) == 0 && item.manage_stock && no_backorders) {
    return false;
  }
  return !(no_backorders && item.qty <= item.min_qty);
}

void SaveStockStatus(StockItem& item, bool was_in_stock, bool holds_qty) {
  if (!holds_qty) {
    item.qty = 0;
    return;
  }
  // StockItemRepository::updateStockStatus.
  if (!item.manage_stock) {
    item.stock_status_changed_auto = false;
    return;
  }
  if (!VerifyStock(item)) {
    if (item.is_in_stock) {
      item.is_in_stock = false;
      item.stock_status_changed_auto = true;
    }
    return;
  }
  if (item.is_in_stock != was_in_stock) item.stock_status_changed_auto = false;
  if (!item.is_in_stock && item.stock_status_changed_auto) {
    item.is_in_stock = true;
  }
}

Response GetStockItem(RouteContext& ctx) {
  const Product* product = FindProduct(ctx.store, ctx.params[0]);
  if (product == nullptr) return UnknownSku(ctx.params[0]);
  auto it = ctx.store.stock_items.find(product->sku);
  // UNVERIFIED: Magento answers a new, unsaved item here; the simulator's
  // seeds give every product that m2drop reads a stock item.
  if (it == ctx.store.stock_items.end()) return UnknownSku(ctx.params[0]);
  return Response::FromJson(200, ToJson(it->second));
}

Response PutStockItem(RouteContext& ctx) {
  const Json* sent = BodyParam(ctx.body, "stockItem");
  if (sent == nullptr) return RequiredFieldError("stockItem");
  Response error;
  if (!PathId(ctx, 1, /*zero_needs_id=*/false, &error)) return error;
  if (auto e = CheckDataObject(*sent, kStockItemSpec)) return *e;
  const Json stock_json = CanonicalObject(*sent, kStockItemSpec);
  const Json* stock = &stock_json;
  const Product* product = FindProduct(ctx.store, ctx.params[0]);
  if (product == nullptr) return UnknownSku(ctx.params[0]);
  StockItem& item = ItemOf(ctx.store, *product);
  const bool was_in_stock = item.is_in_stock;
  MergeSent(*stock, item);
  SaveStockStatus(item, was_in_stock, HoldsQty(product->type_id));
  SyncSourceFromLegacy(ctx.store, item);
  return Response::FromJson(200, item.item_id);
}

}  // namespace m2drop::sim
