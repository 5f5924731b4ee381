// SPDX-License-Identifier: Apache-2.0
// An ACL probe: one request `m2drop check-config` sends to learn whether
// the integration holds an API resource (README "Connect to Magento").
// Magento authorizes a route before running anything
// (app/code/Magento/Webapi/Controller/Rest/RequestValidator.php), so a 401
// naming the resource means it is not granted; a probe never changes the
// shop (a search, or a write Magento refuses at once once past the ACL).
// Each kind lists the probes for its routes (registry.h);
// app/commands/acl_probes.h gathers them for a configuration.
#ifndef M2DROP_KINDS_ACL_PROBE_H_
#define M2DROP_KINDS_ACL_PROBE_H_

#include <nlohmann/json.hpp>
#include <string>

#include "m2drop/magento/api_caller.h"

namespace m2drop::kinds {

struct AclProbe {
  std::string resource;  // "Magento_Sales::ship"
  std::string what;      // "ship orders", for "can ship orders"
  magento::ApiRequest request;
  // Besides 2xx, the HTTP status that proves the resource is held: the
  // refusal the probe is built to get once past the ACL; 0 for none.
  int held_status = 0;
};

// A one-row search of `path` trimmed to total_count (route: its label).
magento::ApiRequest SearchProbe(const char* path, const char* route);

// A write Magento refuses before changing anything: sent once, never resent.
magento::ApiRequest RefusedWriteProbe(const char* method, const char* path,
                                      const char* route, nlohmann::json body);

}  // namespace m2drop::kinds

#endif  // M2DROP_KINDS_ACL_PROBE_H_
