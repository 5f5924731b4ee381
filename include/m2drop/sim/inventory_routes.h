// SPDX-License-Identifier: Apache-2.0
// The simulator's inventory and catalog routes (magento-rest.md §1.7): MSI
// source items (all-or-nothing upsert with the MSI validators' messages)
// and the product list; legacy stock items are in stock_items.h. Writes to
// the `default` source keep its legacy stock item in step, as MSI's legacy
// synchronisation does (magento/inventory InventoryCatalog/Model/
// SourceItemsSaveSynchronization/SetDataToLegacyCatalogInventory.php).
// Routes and resources: magento/inventory InventoryApi/etc/webapi.xml;
// the validators: see inventory_routes.cc. Run under the Simulator's mutex.
#ifndef M2DROP_SIM_INVENTORY_ROUTES_H_
#define M2DROP_SIM_INVENTORY_ROUTES_H_

#include "m2drop/sim/route_context.h"

namespace m2drop::sim {

// POST V1/inventory/source-items {"sourceItems": [...]}: `[]` on success.
// 400 "Input data is empty"; 400 "Validation Failed: <first error,
// rendered>" with errors[] of templates + parameters (nothing saved); 400
// "Could not save Source Item" for an unknown source_code.
Response PostSourceItems(RouteContext& ctx);
// GET V1/inventory/source-items?searchCriteria...
Response GetSourceItems(RouteContext& ctx);
// GET V1/products?searchCriteria...
Response GetProducts(RouteContext& ctx);

}  // namespace m2drop::sim

#endif  // M2DROP_SIM_INVENTORY_ROUTES_H_
