// SPDX-License-Identifier: Apache-2.0
// `m2drop status [--json] [--limit N] [--config FILE]`: what m2drop has done
// and what waits, read from the ledger (docs/design.md §3) and the profiles'
// directories, for the person on call:
//   - per profile: the last file processed, how many files failed in the
//     last 24 hours, and the files waiting in its inbox and work/; with a
//     [profile.pull], its last listing, last file fetched and failure;
//   - the ledger's unfinished files (claimed or waiting for Magento);
//   - the last N files, newest first, with outcome, counts and reports.
// Read-only: a missing ledger is reported ("nothing imported yet"), never
// created. Safe beside a running daemon (the ledger is in WAL mode).
#ifndef M2DROP_APP_COMMANDS_STATUS_COMMAND_H_
#define M2DROP_APP_COMMANDS_STATUS_COMMAND_H_

#include <cstddef>
#include <ostream>
#include <string>

#include "m2drop/base/clock.h"

namespace m2drop::app {

struct StatusOptions {
  std::string config_path;  // "" -> config::DefaultConfigPath()
  bool json = false;        // one JSON object on `out` instead of text
  size_t limit = 20;        // recent files listed
};

// Prints the status. Returns 0, or 2 when the configuration cannot be
// loaded or the ledger cannot be read (one line on `err`). `clock` gives
// "now" for the last-24-hours window.
int RunStatus(const StatusOptions& options, const Clock& clock,
              std::ostream& out, std::ostream& err);

}  // namespace m2drop::app

#endif  // M2DROP_APP_COMMANDS_STATUS_COMMAND_H_
