// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/daemon/ledger_rows.h"

#include <string>

#include "m2drop/base/strings.h"

namespace m2drop::app {

using pipeline::RowOutcome;
using pipeline::RowState;

std::optional<RowState> ParseRowState(std::string_view name) {
  for (RowState s :
       {RowState::kApplied, RowState::kAlreadyPresent, RowState::kStale,
        RowState::kFailed, RowState::kDeferred, RowState::kWouldApply}) {
    if (pipeline::RowStateName(s) == name) return s;
  }
  return std::nullopt;
}

std::vector<ledger::RowEntry> ToRowEntries(std::span<const RowOutcome> rows) {
  std::vector<ledger::RowEntry> entries;
  entries.reserve(rows.size());
  for (const RowOutcome& row : rows) {
    entries.push_back(
        {row.line, std::string(pipeline::RowStateName(row.state)), row.code,
         ShortenForMessage(row.message, pipeline::kMaxRowMessageBytes)});
  }
  return entries;
}

std::unordered_map<uint64_t, RowOutcome> DecidedOutcomes(
    std::span<const ledger::RowEntry> rows) {
  std::unordered_map<uint64_t, RowOutcome> decided;
  for (const ledger::RowEntry& row : rows) {
    std::optional<RowState> state = ParseRowState(row.state);
    if (!state || *state == RowState::kDeferred) continue;
    decided[row.line] = RowOutcome{row.line, *state, row.code, row.message, {}};
  }
  return decided;
}

}  // namespace m2drop::app
