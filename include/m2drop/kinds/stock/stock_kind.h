// SPDX-License-Identifier: Apache-2.0
// The stock kind's entry functions for the kind table (registry.h) that are
// not part of its pipeline.
#ifndef M2DROP_KINDS_STOCK_STOCK_KIND_H_
#define M2DROP_KINDS_STOCK_STOCK_KIND_H_

#include <vector>

#include "m2drop/config/config.h"
#include "m2drop/kinds/acl_probe.h"

namespace m2drop::kinds {

// The ACL probes of the routes a stock profile calls, in the order it calls
// them.
void StockAclProbes(const config::Profile& profile, std::vector<AclProbe>* out);

}  // namespace m2drop::kinds

#endif  // M2DROP_KINDS_STOCK_STOCK_KIND_H_
