// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/ledger_open.h"

#include "m2drop/ledger/sqlite_ledger.h"
#include "m2drop/ledger/state_dir.h"

namespace m2drop::app {

std::string LedgerLocation(const config::DaemonConfig& daemon) {
  return ledger::SqliteLedger::PathIn(daemon.state_dir);
}

Result<std::unique_ptr<ledger::Ledger>> OpenLedger(
    const config::DaemonConfig& daemon, fs::FileSystem& fs, const Clock& clock,
    LedgerOpen how) {
  const std::string path = LedgerLocation(daemon);
  if (how == LedgerOpen::kExisting) {
    Result<fs::FileInfo> info = fs.Stat(path);
    if (!info.ok()) return info.status();
  } else {
    // Private to m2drop's user (mode 0700), which fs::MakeDirs cannot ask.
    M2DROP_RETURN_IF_ERROR(
        ledger::MakeStateDir(daemon.state_dir).WithContext("daemon.state_dir"));
  }
  return ledger::SqliteLedger::Open(path, clock);
}

}  // namespace m2drop::app
