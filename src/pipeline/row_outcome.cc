// SPDX-License-Identifier: Apache-2.0
#include "m2drop/pipeline/row_outcome.h"

namespace m2drop::pipeline {

std::string_view RowStateName(RowState state) {
  switch (state) {
    case RowState::kApplied:
      return "applied";
    case RowState::kAlreadyPresent:
      return "already_present";
    case RowState::kStale:
      return "stale";
    case RowState::kFailed:
      return "failed";
    case RowState::kDeferred:
      return "deferred";
    case RowState::kWouldApply:
      return "would_apply";
  }
  return "unknown";
}

void CountOutcome(const RowOutcome& outcome, size_t error_limit,
                  FileSummary* summary) {
  switch (outcome.state) {
    case RowState::kApplied:
    case RowState::kWouldApply:
      ++summary->applied;
      return;
    case RowState::kAlreadyPresent:
      ++summary->already_present;
      return;
    case RowState::kStale:
      ++summary->stale;
      return;
    case RowState::kDeferred:
      ++summary->deferred;
      return;
    case RowState::kFailed:
      ++summary->failed;
      break;
  }
  if (outcome.errors.empty()) {
    summary->AddError({outcome.line, 0, outcome.code, outcome.message},
                      error_limit);
  } else {
    for (const RowError& e : outcome.errors) summary->AddError(e, error_limit);
  }
}

}  // namespace m2drop::pipeline
