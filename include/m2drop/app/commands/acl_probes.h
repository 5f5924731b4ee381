// SPDX-License-Identifier: Apache-2.0
// The ACL probes `m2drop check-config` sends (kinds/acl_probe.h): for every
// API resource the configured profiles need, one request that cannot
// change the shop, so a 401 naming the resource means it is not granted.
// Each profile's kind lists its own (kinds/registry.h); this gathers them.
// Pure data; the caller sends the requests.
#ifndef M2DROP_APP_COMMANDS_ACL_PROBES_H_
#define M2DROP_APP_COMMANDS_ACL_PROBES_H_

#include <vector>

#include "m2drop/config/config.h"
#include "m2drop/kinds/acl_probe.h"

namespace m2drop::app {

using kinds::AclProbe;

// The probes of `config`'s profiles in profile order, each resource once.
std::vector<AclProbe> AclProbesFor(const config::Config& config);

}  // namespace m2drop::app

#endif  // M2DROP_APP_COMMANDS_ACL_PROBES_H_
