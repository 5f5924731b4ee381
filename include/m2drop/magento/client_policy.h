// SPDX-License-Identifier: Apache-2.0
// The typed client's decisions, as pure functions (STYLE.md: pure core).
//
// - Learnt limits: Magento's Web API input limits (magento-rest.md §5) are
//   found out from its 400 answers, not configured on our side alone.
// - Non-idempotent writes (ship, add track): what to do after one attempt.
// - Paging arithmetic.
// Thread-safe (no state).
#ifndef M2DROP_MAGENTO_CLIENT_POLICY_H_
#define M2DROP_MAGENTO_CLIENT_POLICY_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "m2drop/base/status.h"
#include "m2drop/magento/api_caller.h"

namespace m2drop::magento {

// The limit N from a 400 `Maximum items of type "%type" is %max` (an array
// in the body was longer than the shop allows), from parameters.max, or from
// the filled message when parameters are missing. nullopt for any other
// answer, or when N is not a positive number.
std::optional<int> ArrayLimitFromError(const ApiResult& result);

// The limit N from a 400 `Maximum SearchCriteria pageSize is %max`, as
// ArrayLimitFromError.
std::optional<int> PageSizeLimitFromError(const ApiResult& result);

// True for the ship refusals that mean "nothing is left to ship"
// (magento-rest.md §1.5): "The order does not allow a shipment to be
// created" and "You can't create a shipment without products". Matched as
// substrings, since Magento joins them with "\n" (or a space) under
// "Shipment Document Validation Error(s):".
bool IsNothingLeftToShip(std::string_view message);

enum class WriteStep {
  kSucceeded,  // the write was applied; read its result
  kFailed,     // report the failure as it is
  kReread,     // the outcome is unknown: re-read Magento's state
};

// What to do after one attempt of a non-idempotent write that ended with
// `status`. kUnavailable means the write may or may not have happened
// (ApiCaller sends such requests once): re-read. A kRejected answer is
// final, unless `rejection_may_follow_own_write` (a "nothing left to ship"
// refusal after an earlier ambiguous attempt, which may be our own lost
// shipment): re-read then too. Every other failure (kUnauthenticated,
// kCancelled, ...) is reported.
WriteStep NextWriteStep(const Status& status,
                        bool rejection_may_follow_own_write);

// How many pages a search of `total_count` rows has at `page_size`:
// ceil(total / page_size), and at least 1 (page 1 is always read). Magento
// clamps a page past the end to the last page, so this is the loop bound;
// "until empty" would never end. REQUIRES: page_size >= 1.
int64_t PageCount(int64_t total_count, int page_size);

}  // namespace m2drop::magento

#endif  // M2DROP_MAGENTO_CLIENT_POLICY_H_
