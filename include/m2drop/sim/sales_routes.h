// SPDX-License-Identifier: Apache-2.0
// The simulator's Sales routes (magento-rest.md §1.2-§1.6): orders,
// shipments, tracks, ship-order and shipment emails. Each handler turns one
// request into one response with Magento's status codes and raw message
// templates. Each follows the Magento file its service class lives in:
// app/code/Magento/Sales/etc/webapi.xml (routes and ACL resources),
// Sales/Model/OrderRepository.php and Order/ShipmentRepository.php (reads,
// "An ID is needed", NoSuchEntity), Order/Shipment/TrackRepository.php
// with Order/Shipment/Track/Validator.php (tracks), Sales/Model/
// ShipOrder.php (see shipping.h) and Sales/Model/Service/
// ShipmentService.php (e-mails). Run under the Simulator's mutex.
#ifndef M2DROP_SIM_SALES_ROUTES_H_
#define M2DROP_SIM_SALES_ROUTES_H_

#include "m2drop/sim/route_context.h"

namespace m2drop::sim {

// GET V1/orders?searchCriteria...: {items, search_criteria, total_count}.
Response GetOrders(RouteContext& ctx);
// GET V1/orders/{id}: the order, or 404 kNoSuchEntityMessage.
Response GetOrder(RouteContext& ctx);
// GET V1/shipments?searchCriteria...
Response GetShipments(RouteContext& ctx);
// GET V1/shipment/{id}: 400 "An ID is needed..." for 0, 404 when unknown.
Response GetShipment(RouteContext& ctx);
// POST V1/shipment/track {"entity": {...}}: the saved track. 400 "Cannot
// save track:\n%1" (parameters: the missing/empty field lines) or "Could not
// save the shipment tracking." when parent_id/order_id do not match.
Response PostTrack(RouteContext& ctx);
// DELETE V1/shipment/track/{id}: true, also for an unknown id.
Response DeleteTrack(RouteContext& ctx);
// POST V1/order/{id}/ship: the new shipment id as a bare number; see
// shipping.h for the rules and messages.
Response PostShipOrder(RouteContext& ctx);
// POST V1/shipment/{id}/emails: true (false when emails are disabled).
Response PostShipmentEmails(RouteContext& ctx);

}  // namespace m2drop::sim

#endif  // M2DROP_SIM_SALES_ROUTES_H_
