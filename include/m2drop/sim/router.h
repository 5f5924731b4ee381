// SPDX-License-Identifier: Apache-2.0
// The simulator's route table and URL matching (magento-rest.md §0, §2):
// `/rest/<store_code>/V1/...` or `/rest/V1/...`; an unknown store code, an
// unknown route or a wrong method all give 404 "Request does not match any
// route." (there is no 405), as app/code/Magento/Webapi/Controller/Rest/
// Router.php's match() throws it; the store code is taken off the path as
// app/code/Magento/Webapi/Controller/PathProcessor.php does, and each
// route's ACL resource is the one its module's etc/webapi.xml names,
// checked (before the body is read) as app/code/Magento/Webapi/Controller/
// Rest/RequestValidator.php does. Pure; the table is static.
#ifndef M2DROP_SIM_ROUTER_H_
#define M2DROP_SIM_ROUTER_H_

#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "m2drop/sim/route_context.h"

namespace m2drop::sim {

struct RouteSpec {
  std::string_view method;
  std::string_view pattern;   // "V1/orders/{id}"
  std::string_view resource;  // ACL resource; empty = anonymous
  RouteHandler handler;
};

struct RouteMatch {
  const RouteSpec* spec = nullptr;
  std::vector<std::string> params;  // placeholder values, percent-decoded
  std::string label;                // "GET /V1/orders/{id}"
};

// Every route the simulator serves, with its ACL resource.
std::span<const RouteSpec> RouteTable();

// Matches `method` and `raw_path` (percent-encoded, no query) against the
// route table; nullopt when nothing matches (the 404 above).
std::optional<RouteMatch> MatchRoute(const std::set<std::string>& store_codes,
                                     std::string_view method,
                                     std::string_view raw_path);

// The decoded form of a percent-encoded path segment or OAuth header value,
// as PHP rawurldecode gives it: %XX only, a "+" stays a "+".
std::string DecodePathSegment(std::string_view segment);

}  // namespace m2drop::sim

#endif  // M2DROP_SIM_ROUTER_H_
