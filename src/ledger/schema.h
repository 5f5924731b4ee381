// SPDX-License-Identifier: Apache-2.0
// The ledger's SQLite schema and its migrations, keyed on PRAGMA
// user_version: 0 is an empty database (the schema is created), 1 the
// files, rows and stock versions, 2 adds what pulls remember (the current
// schema). Internal to ledger/; not thread-safe (called by
// SqliteLedger::Open before the ledger is shared).
#ifndef M2DROP_SRC_LEDGER_SCHEMA_H_
#define M2DROP_SRC_LEDGER_SCHEMA_H_

#include "m2drop/base/status.h"
#include "sqlite.h"

namespace m2drop::ledger::internal {

// The schema version this build writes.
inline constexpr int kSchemaVersion = 2;

// Sets the busy timeout, checks that the database is an m2drop ledger (or
// empty), sets WAL, synchronous NORMAL and foreign keys, then brings the
// schema to kSchemaVersion inside one write transaction, so that two
// processes opening a new ledger at once create it once. kIo, with nothing
// written, when the database is not an m2drop ledger (a file that is not
// SQLite, or one with other tables and no version) or was written by a
// newer m2drop.
Status PrepareLedger(Database& db);

}  // namespace m2drop::ledger::internal

#endif  // M2DROP_SRC_LEDGER_SCHEMA_H_
