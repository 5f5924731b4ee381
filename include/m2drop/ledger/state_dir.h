// SPDX-License-Identifier: Apache-2.0
// The state directory (daemon.state_dir) and the ledger's files in it are
// private to m2drop's user (issue 17): the ledger holds file names, paths,
// row messages and notes, which other local users have no business reading.
//   - MakeStateDir creates state_dir with mode 0700 (parents as mkdir -p
//     would); an existing directory is left as it is (the package makes
//     /var/lib/m2drop 0700 itself).
//   - MakeLedgerPrivate creates the ledger file 0600 before SQLite opens it
//     (SQLite gives its -wal and -shm files the database's mode), and takes
//     group and other permissions away from an existing ledger, -wal or -shm
//     that has them (one made by an older m2drop).
// Blocking file-system calls; thread-safe.
#ifndef M2DROP_LEDGER_STATE_DIR_H_
#define M2DROP_LEDGER_STATE_DIR_H_

#include <string>

#include "m2drop/base/status.h"

namespace m2drop::ledger {

// kIo naming the directory when it cannot be created.
Status MakeStateDir(const std::string& state_dir);

// For a file path (":memory:" is left alone). kIo naming the file when it
// cannot be created; a mode that cannot be changed (another user's file) is
// left as it is.
Status MakeLedgerPrivate(const std::string& path);

}  // namespace m2drop::ledger

#endif  // M2DROP_LEDGER_STATE_DIR_H_
