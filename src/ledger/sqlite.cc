// SPDX-License-Identifier: Apache-2.0
#include "sqlite.h"

#include <cstring>
#include <utility>

#include "m2drop/base/strings.h"

namespace m2drop::ledger::internal {

// --- Statement ---------------------------------------------------------------

Statement::Statement(Database& db, sqlite3_stmt* stmt, std::string_view sql)
    : db_(&db), stmt_(stmt), sql_(sql) {}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_),
      stmt_(std::exchange(other.stmt_, nullptr)),
      sql_(std::move(other.sql_)) {}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Status Statement::BindOne(int index, int64_t value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) return db_->Error("bind for " + sql_, rc);
  return Status::Ok();
}

Status Statement::BindOne(int index, std::string_view value) {
  // SQLITE_TRANSIENT: sqlite copies the bytes, so `value` may go away.
  int rc = sqlite3_bind_text64(stmt_, index, value.data(), value.size(),
                               SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK) return db_->Error("bind for " + sql_, rc);
  return Status::Ok();
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return db_->Error(sql_, rc);
}

Status Statement::Run() {
  M2DROP_ASSIGN_OR_RETURN(bool row, Step());
  if (row) return Status::Internal("ledger: a write returned rows: " + sql_);
  return Status::Ok();
}

void Statement::Reset() {
  // sqlite3_reset repeats the last step's error, which Step has reported
  // already.
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int64_t Statement::Int(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

std::string Statement::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return "";
  int size = sqlite3_column_bytes(stmt_, column);
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(size));
}

// --- Database ----------------------------------------------------------------

Database::Database(sqlite3* db, std::string path)
    : db_(db), path_(std::move(path)) {}

Database::~Database() {
  // close_v2 defers the close until the last statement is finalized, in
  // case one outlives its database.
  sqlite3_close_v2(db_);
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& path) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
              SQLITE_OPEN_EXRESCODE;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    // sqlite3_open_v2 hands out a handle even on failure (or none when out
    // of memory); it carries the message and must be closed.
    std::string why = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    int err = db ? sqlite3_system_errno(db) : 0;
    if (err != 0) why += std::string(" (") + std::strerror(err) + ")";
    sqlite3_close(db);
    return Status::Io("cannot open the ledger " + QuoteForMessage(path) + ": " +
                      why);
  }
  return std::unique_ptr<Database>(new Database(db, path));
}

Status Database::Error(std::string_view operation, int rc) const {
  std::string message = "ledger " + QuoteForMessage(path_) + ": " +
                        std::string(operation) + ": " + sqlite3_errmsg(db_);
  int primary = rc & 0xFF;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return Status::Unavailable(message + " (another process holds it)");
  }
  return Status::Io(message);
}

Status Database::Exec(std::string_view sql) {
  std::string text(sql);
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return Error(sql, rc);
  return Status::Ok();
}

Result<Statement> Database::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return Error(sql, rc);
  }
  return Statement(*this, stmt, sql);
}

Result<int64_t> Database::QueryInt(std::string_view sql) {
  M2DROP_ASSIGN_OR_RETURN(Statement stmt, Prepare(sql));
  M2DROP_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? stmt.Int(0) : 0;
}

Result<std::string> Database::QueryText(std::string_view sql) {
  M2DROP_ASSIGN_OR_RETURN(Statement stmt, Prepare(sql));
  M2DROP_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? stmt.Text(0) : std::string();
}

int64_t Database::LastInsertId() const {
  return sqlite3_last_insert_rowid(db_);
}

int Database::Changes() const { return sqlite3_changes(db_); }

// --- Transaction -------------------------------------------------------------

Result<std::unique_ptr<Transaction>> Transaction::Begin(Database& db,
                                                        Mode mode) {
  M2DROP_RETURN_IF_ERROR(
      db.Exec(mode == Mode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED"));
  return std::unique_ptr<Transaction>(new Transaction(db));
}

Transaction::~Transaction() {
  // A failed ROLLBACK leaves nothing to do: sqlite rolls back by itself
  // when the connection closes or the next BEGIN finds it.
  if (!done_) (void)db_.Exec("ROLLBACK");
}

Status Transaction::Commit() {
  M2DROP_RETURN_IF_ERROR(db_.Exec("COMMIT"));
  done_ = true;
  return Status::Ok();
}

}  // namespace m2drop::ledger::internal
