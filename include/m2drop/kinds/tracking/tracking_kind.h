// SPDX-License-Identifier: Apache-2.0
// The tracking kind's entry functions for the kind table (registry.h) that are
// not part of its pipeline.
#ifndef M2DROP_KINDS_TRACKING_TRACKING_KIND_H_
#define M2DROP_KINDS_TRACKING_TRACKING_KIND_H_

#include <vector>

#include "m2drop/config/config.h"
#include "m2drop/kinds/acl_probe.h"

namespace m2drop::kinds {

// The ACL probes of the routes a tracking profile calls, in the order it calls
// them.
void TrackingAclProbes(const config::Profile& profile,
                       std::vector<AclProbe>* out);

}  // namespace m2drop::kinds

#endif  // M2DROP_KINDS_TRACKING_TRACKING_KIND_H_
