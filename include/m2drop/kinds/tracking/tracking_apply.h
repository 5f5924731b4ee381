// SPDX-License-Identifier: Apache-2.0
// Applying one order's plan (tracking_plan.h) to Magento: its packages in
// sequence through magento::Client (ShipOrder with the shipments seen when
// planning, AddTrack, NotifyShipment), each package's result turned into a
// RowOutcome for every row of the package.
//
//   - written: kApplied, the message saying what was done;
//   - Magento refused (kRejected, kNotFound, kInternal): kFailed with
//     Magento's message;
//   - Magento unavailable or the import stopping (kUnavailable,
//     kCancelled): kDeferred ("Magento unavailable: ...; nothing lost, try
//     again"), and so are the order's later packages, which may depend on
//     this one;
//   - kUnauthenticated: the order's remaining rows are deferred and the
//     Status is returned, so the whole import stops (exit 77).
// A dry run writes nothing: planned writes become kWouldApply ("would ship
// 2 × A with track ...").
//
// Thread-compatible: one call per order; calls for different orders may run
// at once (they write disjoint entries of `outcomes`). Blocks on Magento.
#ifndef M2DROP_KINDS_TRACKING_TRACKING_APPLY_H_
#define M2DROP_KINDS_TRACKING_TRACKING_APPLY_H_

#include <stop_token>
#include <vector>

#include "m2drop/base/status.h"
#include "m2drop/kinds/tracking/tracking_plan.h"
#include "m2drop/kinds/tracking/tracking_row.h"
#include "m2drop/magento/client.h"
#include "m2drop/pipeline/row_outcome.h"

namespace m2drop::pipeline {

// Applies `plan` and sets outcomes[i] for every row index i of its actions
// (line from rows[i]). Returns OK, or kUnauthenticated when Magento refused
// the credentials. REQUIRES: outcomes->size() == rows.size().
Status ApplyOrderPlan(const OrderPlan& plan,
                      const std::vector<TrackingRow>& rows,
                      magento::Client& client, bool dry_run,
                      std::stop_token stop, RowOutcomes* outcomes);

// Sets the outcomes of `plan`'s rows without calling Magento, for an order
// the import could not get to (stopping, or Magento gone): rows needing a
// write become kDeferred with code "not_attempted" and `reason`; rows
// already present or failed by the plan keep that outcome.
void DeferOrderPlan(const OrderPlan& plan, const std::vector<TrackingRow>& rows,
                    const std::string& reason, RowOutcomes* outcomes);

}  // namespace m2drop::pipeline

#endif  // M2DROP_KINDS_TRACKING_TRACKING_APPLY_H_
