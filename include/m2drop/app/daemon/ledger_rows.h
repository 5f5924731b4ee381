// SPDX-License-Identifier: Apache-2.0
// Row outcomes to and from the ledger's spelling (ledger::RowEntry keeps the
// state as pipeline::RowStateName's text; the ledger does not interpret it).
// Used by FileJob to record progress and resume, and by the filing recovery
// to rebuild a report. Pure.
#ifndef M2DROP_APP_DAEMON_LEDGER_ROWS_H_
#define M2DROP_APP_DAEMON_LEDGER_ROWS_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "m2drop/ledger/ledger.h"
#include "m2drop/pipeline/row_outcome.h"

namespace m2drop::app {

// The state RowStateName spells `name`; nullopt for an unknown spelling.
std::optional<pipeline::RowState> ParseRowState(std::string_view name);

// The outcomes as the ledger records them (line, state name, code, message
// cut to pipeline::kMaxRowMessageBytes).
std::vector<ledger::RowEntry> ToRowEntries(
    std::span<const pipeline::RowOutcome> rows);

// The decided outcomes among `rows`, by line, for DropImportOptions::
// done_before: deferred rows and unknown states are left out (those rows
// are imported again).
std::unordered_map<uint64_t, pipeline::RowOutcome> DecidedOutcomes(
    std::span<const ledger::RowEntry> rows);

}  // namespace m2drop::app

#endif  // M2DROP_APP_DAEMON_LEDGER_ROWS_H_
