// SPDX-License-Identifier: Apache-2.0
#include "schema.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <string>
#include <thread>

#include "m2drop/base/strings.h"

namespace m2drop::ledger::internal {
namespace {

// Version 1. States are stored by name and times as ms since the epoch, so
// that `sqlite3 ledger.sqlite3` reads well to a person.
constexpr char kSchemaV1[] = R"sql(
CREATE TABLE files (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  profile TEXT NOT NULL,
  name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  state TEXT NOT NULL,
  path TEXT NOT NULL,
  report_json TEXT NOT NULL,
  errors_csv TEXT NOT NULL,
  claimed_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  finished_at INTEGER NOT NULL,
  rows_total INTEGER NOT NULL,
  applied INTEGER NOT NULL,
  already_present INTEGER NOT NULL,
  stale INTEGER NOT NULL,
  failed INTEGER NOT NULL,
  deferred INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  note TEXT NOT NULL
);
CREATE INDEX files_by_content ON files (profile, sha256, state);
CREATE INDEX files_by_update ON files (updated_at);
CREATE TABLE rows (
  file_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
  line INTEGER NOT NULL,
  state TEXT NOT NULL,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  PRIMARY KEY (file_id, line)
) WITHOUT ROWID;
CREATE TABLE stock_versions (
  sku TEXT NOT NULL,
  source TEXT NOT NULL,
  kind INTEGER NOT NULL,
  value INTEGER NOT NULL,
  file TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (sku, source)
) WITHOUT ROWID;
PRAGMA user_version = 1;
)sql";

// Version 2: what the pulls of [profile.pull] remember (issue 22). A
// pulled file is remembered by name, size and remote mtime (seconds):
// kept = 1 for after = "keep" (fetched once), 0 while a delete or move is
// still to be done on the server (a restart finishes it without fetching
// the file again). pull_state is each profile's last listing, for `m2drop
// status`.
constexpr char kSchemaV2[] = R"sql(
CREATE TABLE pulled_files (
  profile TEXT NOT NULL,
  name TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime INTEGER NOT NULL,
  kept INTEGER NOT NULL,
  pulled_at INTEGER NOT NULL,
  PRIMARY KEY (profile, name)
) WITHOUT ROWID;
CREATE TABLE pull_state (
  profile TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  last_listing_at INTEGER NOT NULL,
  listed_files INTEGER NOT NULL,
  last_file TEXT NOT NULL,
  last_file_at INTEGER NOT NULL,
  failing_since INTEGER NOT NULL,
  last_error TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
PRAGMA user_version = 2;
)sql";

Status NotALedger(const Database& db, const std::string& why) {
  return Status::Io("ledger " + QuoteForMessage(db.path()) + " " + why);
}

// Refuses a database m2drop must not touch, before anything is written to
// it (not even the switch to WAL, which is stored in the file).
Status CheckIsLedger(Database& db) {
  M2DROP_ASSIGN_OR_RETURN(int64_t version, db.QueryInt("PRAGMA user_version"));
  if (version > kSchemaVersion) {
    return NotALedger(db, "was written by a newer m2drop (schema " +
                              std::to_string(version) + "); this m2drop " +
                              "reads schema " + std::to_string(kSchemaVersion));
  }
  if (version > 0) return Status::Ok();
  M2DROP_ASSIGN_OR_RETURN(int64_t tables,
                          db.QueryInt("SELECT count(*) FROM sqlite_schema"));
  if (tables > 0) {
    return NotALedger(db,
                      "is an SQLite database but not an m2drop ledger "
                      "(it has tables and no schema version)");
  }
  return Status::Ok();
}

// PRAGMA journal_mode = WAL. Switching a new file's journal mode needs an
// exclusive lock, and SQLite answers SQLITE_BUSY at once, without the busy
// handler, while another connection switches the same file: two daemons
// (or the ledger schema test's 6 openers) starting on a fresh state_dir
// failed now and then with "database is locked". Retried for up to ~5 s,
// as the busy timeout would.
Result<std::string> SwitchToWal(Database& db) {
  constexpr int kAttempts = 500;
  constexpr auto kPause = std::chrono::milliseconds(10);
  for (int attempt = 1;; ++attempt) {
    Result<std::string> mode = db.QueryText("PRAGMA journal_mode = WAL");
    if (mode.ok() || mode.status().code() != StatusCode::kUnavailable ||
        attempt == kAttempts) {
      return mode;
    }
    std::this_thread::sleep_for(kPause);
  }
}

Status SetPragmas(Database& db) {
  M2DROP_ASSIGN_OR_RETURN(std::string mode, SwitchToWal(db));
  // ":memory:" stays "memory"; a filesystem without shared memory (some
  // network ones) stays in its rollback journal: slower, still correct.
  if (mode != "wal" && db.path() != ":memory:") {
    spdlog::warn("ledger={} journal_mode={} (WAL not available)",
                 QuoteForMessage(db.path()), mode);
  }
  M2DROP_RETURN_IF_ERROR(db.Exec("PRAGMA synchronous = NORMAL"));
  return db.Exec("PRAGMA foreign_keys = ON");
}

// Inside the write transaction: another process may have created or
// upgraded the schema since CheckIsLedger looked.
Status Migrate(Database& db) {
  M2DROP_RETURN_IF_ERROR(CheckIsLedger(db));
  M2DROP_ASSIGN_OR_RETURN(int64_t version, db.QueryInt("PRAGMA user_version"));
  // Each step brings the schema one version up, so a ledger of any older
  // version is migrated in place, its data kept.
  if (version < 1) M2DROP_RETURN_IF_ERROR(db.Exec(kSchemaV1));
  if (version < 2) M2DROP_RETURN_IF_ERROR(db.Exec(kSchemaV2));
  return Status::Ok();
}

}  // namespace

Status PrepareLedger(Database& db) {
  // The busy timeout first: every later step may wait for a lock another
  // process holds.
  M2DROP_RETURN_IF_ERROR(db.Exec("PRAGMA busy_timeout = 5000"));
  {
    // One snapshot for both reads of the check: outside a transaction each
    // statement sees the latest commit, so a second daemon creating the
    // same new ledger between them made it look like a foreign database
    // (no schema version, yet tables).
    M2DROP_ASSIGN_OR_RETURN(auto read,
                            Transaction::Begin(db, Transaction::Mode::kRead));
    M2DROP_RETURN_IF_ERROR(CheckIsLedger(db));
    M2DROP_RETURN_IF_ERROR(read->Commit());
  }
  M2DROP_RETURN_IF_ERROR(SetPragmas(db));
  M2DROP_ASSIGN_OR_RETURN(auto txn,
                          Transaction::Begin(db, Transaction::Mode::kWrite));
  M2DROP_RETURN_IF_ERROR(Migrate(db));
  return txn->Commit();
}

}  // namespace m2drop::ledger::internal
