// SPDX-License-Identifier: Apache-2.0
// The simulator's legacy CatalogInventory stock items (magento-rest.md
// §1.8), saved as Magento saves them:
//  - StockRegistry::updateStockItemBySku (app/code/Magento/CatalogInventory/
//    Model/StockRegistry.php): the SKU names a product (404 "The Product
//    with the \"%1\" SKU doesn't exist." otherwise), its stock item is loaded
//    (or a new one made) and the sent fields merged in; the answer is the
//    item_id, whatever {itemId} the path names;
//  - StockItemRepository::save/updateStockStatus (.../Model/Stock/
//    StockItemRepository.php) with StockStateProvider::verifyStock
//    (.../Model/StockStateProvider.php): an item whose quantity cannot be
//    sold (the whole part of qty is 0, or qty is at or below min_qty,
//    without backorders) is saved out of stock even when the request says
//    in stock, and an item Magento set out of stock itself goes back in
//    stock once its quantity allows; a product type that keeps no quantity
//    (configurable, bundle, grouped) is saved with qty 0.
// Writes keep the `default` source item in step (MSI's legacy
// synchronisation, UNVERIFIED in source). Run under the Simulator's mutex.
#ifndef M2DROP_SIM_STOCK_ITEMS_H_
#define M2DROP_SIM_STOCK_ITEMS_H_

#include "m2drop/sim/route_context.h"
#include "m2drop/sim/store.h"

namespace m2drop::sim {

// StockStateProvider::verifyStock: whether `item` may be in stock.
bool VerifyStock(const StockItem& item);

// StockItemRepository::save on `item` once the request's fields are merged
// in: `was_in_stock` is the status stored before, `holds_qty` whether the
// product type keeps a quantity (StockConfiguration::isQty).
void SaveStockStatus(StockItem& item, bool was_in_stock, bool holds_qty);

// GET V1/stockItems/{sku}: the stock item; 404 as above when no product has
// the SKU.
Response GetStockItem(RouteContext& ctx);
// PUT V1/products/{sku}/stockItems/{id} {"stockItem": {...}}: the item_id.
Response PutStockItem(RouteContext& ctx);

}  // namespace m2drop::sim

#endif  // M2DROP_SIM_STOCK_ITEMS_H_
