// SPDX-License-Identifier: Apache-2.0
// The ACL probes `m2drop check-config` sends: for every API resource the
// configured profiles need (README "Connect to Magento"), one request that
// Magento authorizes before running anything and that cannot change the
// shop, so a 401 naming the resource means it is not granted:
//  - tracking: the orders and shipments searches, and POST
//    /V1/order/0/ship, which ShipOrder::execute refuses at once with 400
//    "An ID is needed" (OrderRepository::get) once the ACL let it through;
//  - stock: the products search; with stock_api = "msi" an empty
//    source-item save (400 "Input data is empty", SourceItemsSave), with
//    "legacy" a stock item read of a SKU no shop has (404).
// Pure data; the caller sends the requests.
#ifndef M2DROP_APP_ACL_PROBES_H_
#define M2DROP_APP_ACL_PROBES_H_

#include <string>
#include <vector>

#include "m2drop/config/config.h"
#include "m2drop/magento/api_caller.h"

namespace m2drop::app {

struct AclProbe {
  std::string resource;  // "Magento_Sales::ship"
  std::string what;      // "ship orders", for "can ship orders"
  magento::ApiRequest request;
  // Besides 2xx, the HTTP status that proves the resource is held: the
  // refusal the probe is built to get once past the ACL; 0 for none.
  int held_status = 0;
};

// The probes for `config`'s profiles, tracking first, without repeats.
std::vector<AclProbe> AclProbesFor(const config::Config& config);

}  // namespace m2drop::app

#endif  // M2DROP_APP_ACL_PROBES_H_
