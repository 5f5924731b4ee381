// SPDX-License-Identifier: Apache-2.0
// kind = "tracking": what the table needs beyond its pipeline
// (kinds/tracking/tracking_*.h): the ACL probes of its routes.
#include "m2drop/kinds/tracking/tracking_kind.h"

namespace m2drop::kinds {

void TrackingAclProbes(const config::Profile& /*profile*/,
                       std::vector<AclProbe>* out) {
  out->push_back({"Magento_Sales::actions_view", "search orders",
                  SearchProbe("V1/orders", "GET /V1/orders"), 0});
  out->push_back({"Magento_Sales::shipment", "search shipments",
                  SearchProbe("V1/shipments", "GET /V1/shipments"), 0});
  // Order 0 does not exist: ShipOrder::execute starts with
  // OrderRepository::get, which refuses it (400 "An ID is needed") before
  // any write.
  out->push_back(
      {"Magento_Sales::ship", "ship orders",
       RefusedWriteProbe("POST", "V1/order/0/ship", "POST /V1/order/{id}/ship",
                         nlohmann::json::object()),
       400});
}

}  // namespace m2drop::kinds
