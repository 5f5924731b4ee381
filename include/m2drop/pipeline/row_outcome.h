// SPDX-License-Identifier: Apache-2.0
// RowOutcome: what happened to one row of a drop (docs/design.md §6), the unit
// every report, summary and ledger entry is made of. Plain data.
#ifndef M2DROP_PIPELINE_ROW_OUTCOME_H_
#define M2DROP_PIPELINE_ROW_OUTCOME_H_

#include <cstddef>
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

// The outcomes of an import's rows by row index, kept where the read pass
// keeps every record's outcome (RecordSlots): row i's outcome is
// slots[slot_of_row[i]], or slots[i] without a mapping (a plain vector, as
// in tests). Writing through it saves the apply phase a second vector of
// outcomes. Owns neither; both must outlive it. Thread-compatible: threads
// may write disjoint rows.
class RowOutcomes {
 public:
  explicit RowOutcomes(std::vector<RowOutcome>& slots,
                       const std::vector<size_t>* slot_of_row = nullptr)
      : slots_(slots), slot_of_row_(slot_of_row) {}

  RowOutcome& operator[](size_t row) { return slots_[Slot(row)]; }
  const RowOutcome& operator[](size_t row) const { return slots_[Slot(row)]; }
  size_t size() const {
    return slot_of_row_ != nullptr ? slot_of_row_->size() : slots_.size();
  }

 private:
  size_t Slot(size_t row) const {
    return slot_of_row_ != nullptr ? (*slot_of_row_)[row] : row;
  }

  std::vector<RowOutcome>& slots_;
  const std::vector<size_t>* slot_of_row_;
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
