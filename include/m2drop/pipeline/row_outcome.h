// SPDX-License-Identifier: Apache-2.0
// RowOutcome: what happened to one row of a drop (DESIGN.md §6), the unit
// every report, summary and ledger entry is made of. Plain data.
#ifndef M2DROP_PIPELINE_ROW_OUTCOME_H_
#define M2DROP_PIPELINE_ROW_OUTCOME_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "m2drop/pipeline/summary.h"

namespace m2drop::pipeline {

enum class RowState {
  kApplied,         // Magento now has what the row says (written by us)
  kAlreadyPresent,  // Magento already had it; nothing written
  kStale,           // an older update than one already applied; skipped
  kFailed,          // permanent: the row is wrong (see code and message)
  kDeferred,        // transient: Magento unavailable; retried later
  kWouldApply,      // dry run: would have been written (see message)
};

// "applied", "already_present", "stale", "failed", "deferred",
// "would_apply": the names reports use.
std::string_view RowStateName(RowState state);

struct RowOutcome {
  uint64_t line = 0;  // physical line where the record starts
  RowState state = RowState::kFailed;
  // For kFailed/kDeferred: a stable reason code ("unknown_order",
  // "order_canceled", "missing_value", …); "" otherwise.
  std::string code;
  // For a person: what was done ("shipped 2 items as shipment 000000042 with
  // track 1Z…") or why not ("order 000000999 does not exist in Magento").
  std::string message;
  // The errors of a row that failed its local checks (one per problem, with
  // columns); empty for rows that got as far as Magento.
  std::vector<RowError> errors;
};

// Adds `outcome` to the counters of `summary` (applied — where a dry run's
// kWouldApply rows count too, summary.mode telling them apart —,
// already_present, stale, failed, deferred) and, for failed rows, its errors
// (or one error made of its code and message) to summary.errors, up to
// `error_limit`.
void CountOutcome(const RowOutcome& outcome, size_t error_limit,
                  FileSummary* summary);

}  // namespace m2drop::pipeline

#endif  // M2DROP_PIPELINE_ROW_OUTCOME_H_
