// SPDX-License-Identifier: Apache-2.0
// The one place that opens the ledger from the configuration (the daemon,
// `import` and `status` all come here), so that the choice of
// implementation — today SqliteLedger under daemon.state_dir — is made once.
//
// Thread-safety: stateless; the ledger returned is thread-safe.
#ifndef M2DROP_APP_LEDGER_OPEN_H_
#define M2DROP_APP_LEDGER_OPEN_H_

#include <memory>
#include <string>

#include "m2drop/base/clock.h"
#include "m2drop/base/result.h"
#include "m2drop/config/config.h"
#include "m2drop/fs/file_system.h"
#include "m2drop/ledger/ledger.h"

namespace m2drop::app {

enum class LedgerOpen {
  // Creates the state directory and the ledger when missing (the daemon,
  // `import`).
  kCreate,
  // Opens an existing ledger only; kNotFound when there is none (`status`
  // never creates one just to look at it).
  kExisting,
};

// Where the configured ledger lives, for messages
// ("<state_dir>/ledger.sqlite3").
std::string LedgerLocation(const config::DaemonConfig& daemon);

// Opens the configured ledger. kExisting looks for it through `fs`;
// kCreate makes daemon.state_dir with ledger::MakeStateDir (mode 0700,
// which fs::FileSystem cannot ask for yet), not through `fs`. kNotFound
// (kExisting) when there is none; kIo naming daemon.state_dir when it
// cannot be created; the ledger's own errors otherwise (sqlite_ledger.h).
// `clock` must outlive the ledger.
Result<std::unique_ptr<ledger::Ledger>> OpenLedger(
    const config::DaemonConfig& daemon, fs::FileSystem& fs, const Clock& clock,
    LedgerOpen how);

}  // namespace m2drop::app

#endif  // M2DROP_APP_LEDGER_OPEN_H_
