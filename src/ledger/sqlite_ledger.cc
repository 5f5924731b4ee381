// SPDX-License-Identifier: Apache-2.0
#include "m2drop/ledger/sqlite_ledger.h"

#include <array>
#include <chrono>
#include <limits>
#include <mutex>
#include <utility>

#include "m2drop/base/strings.h"
#include "m2drop/ledger/state_dir.h"
#include "schema.h"
#include "sqlite.h"

namespace m2drop::ledger {
namespace {

using internal::Database;
using internal::Statement;
using internal::Transaction;

constexpr std::array<std::pair<FileState, std::string_view>, 5> kStateNames{{
    {FileState::kClaimed, "claimed"},
    {FileState::kWaiting, "waiting"},
    {FileState::kProcessed, "processed"},
    {FileState::kFailed, "failed"},
    {FileState::kDuplicate, "duplicate"},
}};

bool IsFinal(FileState state) {
  return state == FileState::kProcessed || state == FileState::kFailed ||
         state == FileState::kDuplicate;
}

// The files columns in the order ReadEntry expects them.
constexpr char kFileColumns[] =
    "id, profile, name, sha256, size, state, path, report_json, errors_csv, "
    "claimed_at, updated_at, finished_at, rows_total, applied, "
    "already_present, stale, failed, deferred, attempts, note";

// The columns every write sets from the entry, bound by BindEntryFields as
// parameters 1..17.
constexpr char kInsertFile[] =
    "INSERT INTO files (profile, name, sha256, size, state, path, "
    "report_json, errors_csv, rows_total, applied, already_present, stale, "
    "failed, deferred, attempts, note, finished_at, claimed_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?18, ?18)";

// ?17 is "now" for a final state, 0 otherwise; a final entry keeps its
// first finishing time.
constexpr char kUpdateFile[] =
    "UPDATE files SET profile = ?, name = ?, sha256 = ?, size = ?, "
    "state = ?, path = ?, report_json = ?, errors_csv = ?, rows_total = ?, "
    "applied = ?, already_present = ?, stale = ?, failed = ?, deferred = ?, "
    "attempts = ?, note = ?, "
    "finished_at = CASE WHEN ?17 = 0 THEN 0 "
    "                   WHEN finished_at > 0 THEN finished_at ELSE ?17 END, "
    "updated_at = ?18 WHERE id = ?19";

Status BindEntryFields(Statement& stmt, const FileEntry& e, int64_t finished_at,
                       int64_t now) {
  return stmt.Bind(e.profile, e.name, e.sha256, e.size, FileStateName(e.state),
                   e.path, e.report_json, e.errors_csv, e.rows_total, e.applied,
                   e.already_present, e.stale, e.failed, e.deferred, e.attempts,
                   e.note, finished_at, now);
}

Result<FileEntry> ReadEntry(const Database& db, const Statement& stmt) {
  FileEntry e;
  e.id = stmt.Int(0);
  e.profile = stmt.Text(1);
  e.name = stmt.Text(2);
  e.sha256 = stmt.Text(3);
  e.size = static_cast<uint64_t>(stmt.Int(4));
  std::string state = stmt.Text(5);
  std::optional<FileState> parsed = ParseFileState(state);
  if (!parsed) {
    return Status::Io("ledger " + QuoteForMessage(db.path()) + ": file " +
                      std::to_string(e.id) + " has an unknown state " +
                      QuoteForMessage(state));
  }
  e.state = *parsed;
  e.path = stmt.Text(6);
  e.report_json = stmt.Text(7);
  e.errors_csv = stmt.Text(8);
  e.claimed_at_ms = stmt.Int(9);
  e.updated_at_ms = stmt.Int(10);
  e.finished_at_ms = stmt.Int(11);
  e.rows_total = static_cast<uint64_t>(stmt.Int(12));
  e.applied = static_cast<uint64_t>(stmt.Int(13));
  e.already_present = static_cast<uint64_t>(stmt.Int(14));
  e.stale = static_cast<uint64_t>(stmt.Int(15));
  e.failed = static_cast<uint64_t>(stmt.Int(16));
  e.deferred = static_cast<uint64_t>(stmt.Int(17));
  e.attempts = static_cast<int>(stmt.Int(18));
  e.note = stmt.Text(19);
  return e;
}

// Every row `stmt` (already bound) returns, as entries.
Result<std::vector<FileEntry>> ReadEntries(const Database& db,
                                           Statement& stmt) {
  std::vector<FileEntry> entries;
  while (true) {
    M2DROP_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return entries;
    M2DROP_ASSIGN_OR_RETURN(FileEntry entry, ReadEntry(db, stmt));
    entries.push_back(std::move(entry));
  }
}

Result<std::optional<FileEntry>> FirstEntry(const Database& db,
                                            Statement& stmt) {
  M2DROP_ASSIGN_OR_RETURN(std::vector<FileEntry> entries,
                          ReadEntries(db, stmt));
  if (entries.empty()) return std::optional<FileEntry>();
  return std::optional<FileEntry>(std::move(entries.front()));
}

// Upserts keep a row's position in the WITHOUT ROWID table (a REPLACE
// would delete and insert).
constexpr char kUpsertRow[] =
    "INSERT INTO rows (file_id, line, state, code, message) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (file_id, line) DO UPDATE SET "
    "state = excluded.state, code = excluded.code, "
    "message = excluded.message";

// A stamp replaces the stored one unless that one is of the same kind and
// newer: a late writer never moves a version back.
constexpr char kUpsertStock[] =
    "INSERT INTO stock_versions (sku, source, kind, value, file, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sku, source) DO UPDATE SET "
    "kind = excluded.kind, value = excluded.value, file = excluded.file, "
    "updated_at = excluded.updated_at "
    "WHERE NOT (stock_versions.kind = excluded.kind "
    "           AND stock_versions.value > excluded.value)";

std::string SelectFiles(std::string_view rest) {
  return std::string("SELECT ") + kFileColumns + " FROM files " +
         std::string(rest);
}

}  // namespace

std::string_view FileStateName(FileState state) {
  for (const auto& [s, name] : kStateNames) {
    if (s == state) return name;
  }
  return "unknown";
}

std::optional<FileState> ParseFileState(std::string_view name) {
  for (const auto& [s, n] : kStateNames) {
    if (n == name) return s;
  }
  return std::nullopt;
}

// The connection and the lock that serialises every call on it.
class SqliteLedger::Impl {
 public:
  Impl(std::unique_ptr<Database> db, const Clock& clock)
      : db_(std::move(db)), clock_(clock) {}

  int64_t NowMs() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               clock_.WallNow().time_since_epoch())
        .count();
  }

  // Held for the whole of every Ledger call.
  std::mutex& mu() { return mu_; }
  Database& db() { return *db_; }

 private:
  std::mutex mu_;
  std::unique_ptr<Database> db_;
  const Clock& clock_;
};

Result<std::unique_ptr<Ledger>> SqliteLedger::Open(const std::string& path,
                                                   const Clock& clock) {
  M2DROP_RETURN_IF_ERROR(MakeLedgerPrivate(path));
  M2DROP_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, Database::Open(path));
  M2DROP_RETURN_IF_ERROR(internal::PrepareLedger(*db));
  return std::unique_ptr<Ledger>(
      new SqliteLedger(std::make_unique<Impl>(std::move(db), clock)));
}

std::string SqliteLedger::PathIn(const std::string& state_dir) {
  return state_dir + "/ledger.sqlite3";
}

SqliteLedger::SqliteLedger(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
SqliteLedger::~SqliteLedger() = default;

Result<int64_t> SqliteLedger::AddFile(const FileEntry& entry) {
  std::lock_guard lock(impl_->mu());
  Database& db = impl_->db();
  int64_t now = impl_->NowMs();
  M2DROP_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kInsertFile));
  M2DROP_RETURN_IF_ERROR(
      BindEntryFields(stmt, entry, IsFinal(entry.state) ? now : 0, now));
  M2DROP_RETURN_IF_ERROR(stmt.Run());
  return db.LastInsertId();
}

Status SqliteLedger::UpdateFile(const FileEntry& entry) {
  std::lock_guard lock(impl_->mu());
  Database& db = impl_->db();
  int64_t now = impl_->NowMs();
  M2DROP_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kUpdateFile));
  M2DROP_RETURN_IF_ERROR(
      BindEntryFields(stmt, entry, IsFinal(entry.state) ? now : 0, now));
  M2DROP_RETURN_IF_ERROR(stmt.BindAt(19, entry.id));
  M2DROP_RETURN_IF_ERROR(stmt.Run());
  if (db.Changes() == 0) {
    return Status::NotFound("the ledger has no file with id " +
                            std::to_string(entry.id));
  }
  return Status::Ok();
}

Result<std::optional<FileEntry>> SqliteLedger::GetFile(int64_t id) {
  std::lock_guard lock(impl_->mu());
  Database& db = impl_->db();
  M2DROP_ASSIGN_OR_RETURN(Statement stmt,
                          db.Prepare(SelectFiles("WHERE id = ?")));
  M2DROP_RETURN_IF_ERROR(stmt.Bind(id));
  return FirstEntry(db, stmt);
}

Result<std::optional<FileEntry>> SqliteLedger::FindUnfinished(
    std::string_view profile, std::string_view sha256) {
  std::lock_guard lock(impl_->mu());
  Database& db = impl_->db();
  M2DROP_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(SelectFiles("WHERE profile = ? AND sha256 = ? "
                             "AND state IN (?, ?) "
                             "ORDER BY claimed_at DESC, id DESC LIMIT 1")));
  M2DROP_RETURN_IF_ERROR(stmt.Bind(profile, sha256,
                                   FileStateName(FileState::kClaimed),
                                   FileStateName(FileState::kWaiting)));
  return FirstEntry(db, stmt);
}

Result<std::optional<FileEntry>> SqliteLedger::FindProcessed(
    std::string_view profile, std::string_view sha256) {
  std::lock_guard lock(impl_->mu());
  Database& db = impl_->db();
  M2DROP_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(SelectFiles("WHERE profile = ? AND sha256 = ? AND state = ? "
                             "ORDER BY claimed_at DESC, id DESC LIMIT 1")));
  M2DROP_RETURN_IF_ERROR(
      stmt.Bind(profile, sha256, FileStateName(FileState::kProcessed)));
  return FirstEntry(db, stmt);
}

Result<std::optional<FileEntry>> SqliteLedger::LastFileOf(
    std::string_view profile) {
  std::lock_guard lock(impl_->mu());
  Database& db = impl_->db();
  M2DROP_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(SelectFiles(
          "WHERE profile = ? ORDER BY claimed_at DESC, id DESC LIMIT 1")));
  M2DROP_RETURN_IF_ERROR(stmt.Bind(profile));
  return FirstEntry(db, stmt);
}

Result<std::vector<FileEntry>> SqliteLedger::RecentFiles(size_t limit) {
  std::lock_guard lock(impl_->mu());
  Database& db = impl_->db();
  M2DROP_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(SelectFiles("ORDER BY updated_at DESC, id DESC LIMIT ?")));
  // SQLite's LIMIT is signed; anything past INT64_MAX means "all".
  int64_t max = std::numeric_limits<int64_t>::max();
  M2DROP_RETURN_IF_ERROR(stmt.Bind(
      limit > static_cast<uint64_t>(max) ? max : static_cast<int64_t>(limit)));
  return ReadEntries(db, stmt);
}

Result<std::vector<FileEntry>> SqliteLedger::FilesInState(FileState state) {
  std::lock_guard lock(impl_->mu());
  Database& db = impl_->db();
  M2DROP_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(SelectFiles("WHERE state = ? ORDER BY claimed_at, id")));
  M2DROP_RETURN_IF_ERROR(stmt.Bind(FileStateName(state)));
  return ReadEntries(db, stmt);
}

Status SqliteLedger::RecordRows(int64_t file_id,
                                std::span<const RowEntry> rows) {
  std::lock_guard lock(impl_->mu());
  Database& db = impl_->db();
  M2DROP_ASSIGN_OR_RETURN(auto txn,
                          Transaction::Begin(db, Transaction::Mode::kWrite));
  M2DROP_ASSIGN_OR_RETURN(int64_t known,
                          db.QueryInt("SELECT count(*) FROM files WHERE id = " +
                                      std::to_string(file_id)));
  if (known == 0) {
    return Status::NotFound("the ledger has no file with id " +
                            std::to_string(file_id));
  }
  M2DROP_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kUpsertRow));
  for (const RowEntry& row : rows) {
    stmt.Reset();
    M2DROP_RETURN_IF_ERROR(
        stmt.Bind(file_id, row.line, row.state, row.code, row.message));
    M2DROP_RETURN_IF_ERROR(stmt.Run());
  }
  return txn->Commit();
}

Result<std::vector<RowEntry>> SqliteLedger::Rows(int64_t file_id) {
  std::lock_guard lock(impl_->mu());
  Database& db = impl_->db();
  M2DROP_ASSIGN_OR_RETURN(
      Statement stmt, db.Prepare("SELECT line, state, code, message FROM rows "
                                 "WHERE file_id = ? ORDER BY line"));
  M2DROP_RETURN_IF_ERROR(stmt.Bind(file_id));
  std::vector<RowEntry> rows;
  while (true) {
    M2DROP_ASSIGN_OR_RETURN(bool more, stmt.Step());
    if (!more) return rows;
    rows.push_back(RowEntry{static_cast<uint64_t>(stmt.Int(0)), stmt.Text(1),
                            stmt.Text(2), stmt.Text(3)});
  }
}

// One primary-key lookup per key, all in one read transaction: as fast as
// a join on a temp table for any number of keys, without SQLite's bound on
// the number of parameters an IN (…) list may have.
Result<std::map<StockKey, StockStamp>> SqliteLedger::LastStockVersions(
    std::span<const StockKey> keys) {
  std::lock_guard lock(impl_->mu());
  Database& db = impl_->db();
  M2DROP_ASSIGN_OR_RETURN(auto txn,
                          Transaction::Begin(db, Transaction::Mode::kRead));
  M2DROP_ASSIGN_OR_RETURN(
      Statement stmt, db.Prepare("SELECT kind, value, file FROM stock_versions "
                                 "WHERE sku = ? AND source = ?"));
  std::map<StockKey, StockStamp> found;
  for (const StockKey& key : keys) {
    stmt.Reset();
    M2DROP_RETURN_IF_ERROR(stmt.Bind(key.sku, key.source));
    M2DROP_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) continue;
    found[key] =
        StockStamp{static_cast<int>(stmt.Int(0)), stmt.Int(1), stmt.Text(2)};
  }
  stmt.Reset();  // no statement may be mid-read at COMMIT
  M2DROP_RETURN_IF_ERROR(txn->Commit());
  return found;
}

Status SqliteLedger::RecordStockVersions(
    std::span<const std::pair<StockKey, StockStamp>> stamps) {
  std::lock_guard lock(impl_->mu());
  Database& db = impl_->db();
  int64_t now = impl_->NowMs();
  M2DROP_ASSIGN_OR_RETURN(auto txn,
                          Transaction::Begin(db, Transaction::Mode::kWrite));
  M2DROP_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kUpsertStock));
  for (const auto& [key, stamp] : stamps) {
    stmt.Reset();
    M2DROP_RETURN_IF_ERROR(stmt.Bind(key.sku, key.source, stamp.kind,
                                     stamp.value, stamp.file, now));
    M2DROP_RETURN_IF_ERROR(stmt.Run());
  }
  return txn->Commit();
}

// --- Pulls ------------------------------------------------------------------

Status SqliteLedger::RecordPulled(const PulledFile& file) {
  std::lock_guard lock(impl_->mu());
  Database& db = impl_->db();
  M2DROP_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("INSERT OR REPLACE INTO pulled_files (profile, name, size, "
                 "mtime, kept, pulled_at) VALUES (?, ?, ?, ?, ?, ?)"));
  M2DROP_RETURN_IF_ERROR(stmt.Bind(file.profile, file.name, file.size,
                                   file.mtime_s, file.kept ? 1 : 0,
                                   impl_->NowMs()));
  return stmt.Run();
}

Result<std::vector<PulledFile>> SqliteLedger::PulledFiles(
    std::string_view profile) {
  std::lock_guard lock(impl_->mu());
  Database& db = impl_->db();
  M2DROP_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT name, size, mtime, kept, pulled_at FROM "
                 "pulled_files WHERE profile = ? ORDER BY name"));
  M2DROP_RETURN_IF_ERROR(stmt.Bind(profile));
  std::vector<PulledFile> files;
  while (true) {
    M2DROP_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return files;
    files.push_back(PulledFile{std::string(profile), stmt.Text(0),
                               static_cast<uint64_t>(stmt.Int(1)), stmt.Int(2),
                               stmt.Int(3) != 0, stmt.Int(4)});
  }
}

Status SqliteLedger::ForgetPulled(std::string_view profile,
                                  std::string_view name) {
  std::lock_guard lock(impl_->mu());
  Database& db = impl_->db();
  M2DROP_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("DELETE FROM pulled_files WHERE profile = ? AND name = ?"));
  M2DROP_RETURN_IF_ERROR(stmt.Bind(profile, name));
  return stmt.Run();
}

Status SqliteLedger::RecordPullState(const PullState& s) {
  std::lock_guard lock(impl_->mu());
  Database& db = impl_->db();
  M2DROP_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("INSERT OR REPLACE INTO pull_state (profile, url, "
                 "last_listing_at, listed_files, last_file, last_file_at, "
                 "failing_since, last_error, updated_at) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  M2DROP_RETURN_IF_ERROR(stmt.Bind(
      s.profile, s.url, s.last_listing_at_ms, s.listed_files, s.last_file,
      s.last_file_at_ms, s.failing_since_ms, s.last_error, impl_->NowMs()));
  return stmt.Run();
}

Result<std::optional<PullState>> SqliteLedger::PullStateOf(
    std::string_view profile) {
  std::lock_guard lock(impl_->mu());
  Database& db = impl_->db();
  M2DROP_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT url, last_listing_at, listed_files, last_file, "
                 "last_file_at, failing_since, last_error, updated_at "
                 "FROM pull_state WHERE profile = ?"));
  M2DROP_RETURN_IF_ERROR(stmt.Bind(profile));
  M2DROP_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return std::optional<PullState>();
  return std::optional<PullState>(
      PullState{std::string(profile), stmt.Text(0), stmt.Int(1),
                static_cast<uint64_t>(stmt.Int(2)), stmt.Text(3), stmt.Int(4),
                stmt.Int(5), stmt.Text(6), stmt.Int(7)});
}

// --- Retention --------------------------------------------------------------

namespace {

// The oldest finished file last updated before ?4 (the files_by_update
// index keeps this a short walk).
constexpr char kOldestFinished[] =
    "SELECT id FROM files WHERE state IN (?, ?, ?) AND updated_at < ? "
    "ORDER BY updated_at, id LIMIT 1";

// The first ?2 rows of file ?1, by line: rows is WITHOUT ROWID, so a batch
// is "every line up to the ?2-th".
constexpr char kDeleteRows[] =
    "DELETE FROM rows WHERE file_id = ?1 AND line <= COALESCE("
    "(SELECT line FROM rows WHERE file_id = ?1 ORDER BY line LIMIT 1 "
    "OFFSET ?2 - 1), 9223372036854775807)";

}  // namespace

Result<Ledger::PruneCounts> SqliteLedger::PruneStep(WallTime cutoff,
                                                    size_t max_rows) {
  std::lock_guard lock(impl_->mu());
  Database& db = impl_->db();
  const int64_t cutoff_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(
          cutoff.time_since_epoch())
          .count();
  M2DROP_ASSIGN_OR_RETURN(auto txn,
                          Transaction::Begin(db, Transaction::Mode::kWrite));
  M2DROP_ASSIGN_OR_RETURN(Statement oldest, db.Prepare(kOldestFinished));
  M2DROP_ASSIGN_OR_RETURN(Statement rows, db.Prepare(kDeleteRows));
  M2DROP_ASSIGN_OR_RETURN(Statement file,
                          db.Prepare("DELETE FROM files WHERE id = ?"));
  PruneCounts counts;
  while (!counts.more) {
    oldest.Reset();
    M2DROP_RETURN_IF_ERROR(oldest.Bind(
        FileStateName(FileState::kProcessed), FileStateName(FileState::kFailed),
        FileStateName(FileState::kDuplicate), cutoff_ms));
    M2DROP_ASSIGN_OR_RETURN(bool found, oldest.Step());
    if (!found) break;
    const int64_t id = oldest.Int(0);
    oldest.Reset();  // no statement may be mid-read while others write
    const uint64_t budget = max_rows - counts.rows;
    rows.Reset();
    M2DROP_RETURN_IF_ERROR(rows.Bind(id, static_cast<int64_t>(budget)));
    M2DROP_RETURN_IF_ERROR(rows.Run());
    counts.rows += static_cast<uint64_t>(db.Changes());
    if (static_cast<uint64_t>(db.Changes()) == budget) {
      counts.more = true;  // its rows may go on: the next step finishes it
      break;
    }
    file.Reset();
    M2DROP_RETURN_IF_ERROR(file.Bind(id));
    M2DROP_RETURN_IF_ERROR(file.Run());
    ++counts.files;
  }
  M2DROP_RETURN_IF_ERROR(txn->Commit());
  return counts;
}

}  // namespace m2drop::ledger
