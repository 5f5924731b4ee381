// SPDX-License-Identifier: Apache-2.0
// Filing recovery: what a kill -9 while a drop is filed leaves behind, put
// right at start-up, before the daemon queues anything.
//
// FileJob files a drop in steps (file_job.h, file_filing.h): the report
// names are recorded in its ledger entry, the reports are placed, the drop
// is moved, and then the entry gets its final state. A kill -9
//   - before the move leaves the drop in work/: the resumed job removes
//     the reports its entry names and files the drop again (nothing sent to
//     Magento twice: the rows' outcomes are in the ledger); nothing to do
//     here;
//   - after the move, before the final state, leaves the entry unfinished
//     ("claimed" or "waiting") with a work/ path that no longer exists, and
//     the drop in processed/ or failed/ beside the reports the entry names:
//     the entry is given its final state and the drop's path, as the job
//     would have;
// and a drop that an older m2drop moved before writing its reports may sit
// in processed/ or failed/ with no report at all: its reports are rebuilt
// from the row outcomes the ledger recorded (the rows are read again from
// the filed file for errors.csv; nothing is sent to Magento).
//
// The filed drop of an entry is a file in its profile's processed/ or
// failed/ with a name filing could have given it (pipeline::
// IsCandidateName), the entry's size and SHA-256 (read through the open,
// locked file), and either the entry's reports or none beside it; a file
// whose WorkLock another process holds is left alone (a live daemon may be
// between its move and its ledger update right now). An entry whose file is
// in none of those places is logged and left as it is.
//
// Blocks on the disk and the ledger; call it from one thread.
#ifndef M2DROP_APP_DAEMON_FILING_RECOVERY_H_
#define M2DROP_APP_DAEMON_FILING_RECOVERY_H_

#include <string>
#include <vector>

#include "m2drop/base/clock.h"
#include "m2drop/base/result.h"
#include "m2drop/config/config.h"
#include "m2drop/fs/file_system.h"
#include "m2drop/ledger/ledger.h"

namespace m2drop::app {

struct RecoveredFiling {
  std::string profile;
  std::string name;         // the drop's name
  std::string path;         // where it was found
  ledger::FileState state;  // kProcessed or kFailed, by the directory
  std::string report_json;  // its report (found, or rebuilt)
  bool rebuilt = false;     // the report was rebuilt (it had none)
};

// Recovers what it can (see above) and returns what it recovered; one log
// line per recovered file and per entry it could not place. The ledger's
// Status when it cannot be read; a file it cannot recover does not fail the
// call.
Result<std::vector<RecoveredFiling>> RecoverInterruptedFilings(
    fs::FileSystem& fs, const config::Config& config, ledger::Ledger& ledger,
    const Clock& clock);

}  // namespace m2drop::app

#endif  // M2DROP_APP_DAEMON_FILING_RECOVERY_H_
