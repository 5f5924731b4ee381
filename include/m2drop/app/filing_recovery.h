// SPDX-License-Identifier: Apache-2.0
// Filing recovery: closes the one gap FileJob's filing leaves after a crash.
// Filing a finished drop is two steps (file_filing.h): the move into
// processed/ or failed/, then the reports beside it and the ledger's final
// state. A kill -9 between the two leaves the file filed without a report
// and its ledger entry unfinished ("claimed" or "waiting") with a work/ path
// that no longer exists, so the daemon never looks at it again.
//
// At start-up, before the daemon queues anything, RecoverInterruptedFilings
// looks at every unfinished ledger entry whose work/ file is gone, finds the
// file in its profile's processed/ or failed/ (a name FileAway could have
// given it, the same SHA-256, no report beside it yet, and no other process
// holding its WorkLock — a live daemon may be between the two steps right
// now), rebuilds its reports from the row outcomes the ledger recorded
// (the rows are read again from the filed file for errors.csv; nothing is
// sent to Magento) and records the final state. An entry whose file is in
// none of those places is logged and left as it is.
//
// Blocks on the disk and the ledger; call it from one thread.
#ifndef M2DROP_APP_FILING_RECOVERY_H_
#define M2DROP_APP_FILING_RECOVERY_H_

#include <string>
#include <vector>

#include "m2drop/base/clock.h"
#include "m2drop/base/result.h"
#include "m2drop/config/config.h"
#include "m2drop/ledger/ledger.h"

namespace m2drop::app {

struct RecoveredFiling {
  std::string profile;
  std::string name;         // the drop's name
  std::string path;         // where it was found
  ledger::FileState state;  // kProcessed or kFailed, by the directory
  std::string report_json;  // the rebuilt report
};

// Recovers what it can (see above) and returns what it recovered; one log
// line per recovered file and per entry it could not place. The ledger's
// Status when it cannot be read; a file it cannot recover does not fail the
// call.
Result<std::vector<RecoveredFiling>> RecoverInterruptedFilings(
    const config::Config& config, ledger::Ledger& ledger, const Clock& clock);

}  // namespace m2drop::app

#endif  // M2DROP_APP_FILING_RECOVERY_H_
