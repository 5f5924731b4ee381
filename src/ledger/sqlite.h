// SPDX-License-Identifier: Apache-2.0
// Thin RAII wrappers over the sqlite3 C API for the ledger (STYLE.md §10):
// Database owns a connection, Statement a prepared statement, Transaction a
// BEGIN … COMMIT that rolls back unless committed. Every sqlite3 call is
// checked and a failure becomes a Status naming the database, the operation
// and sqlite3_errmsg: kUnavailable when another connection held the
// database past the busy timeout (SQLITE_BUSY / SQLITE_LOCKED), kIo
// otherwise.
//
// Internal to ledger/: sqlite3.h stays inside this module (docs/design.md §2).
// Not thread-safe: a Database and its statements are used under the
// ledger's mutex.
#ifndef M2DROP_SRC_LEDGER_SQLITE_H_
#define M2DROP_SRC_LEDGER_SQLITE_H_

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

#include "m2drop/base/result.h"
#include "m2drop/base/status.h"

namespace m2drop::ledger::internal {

class Database;

// A prepared statement. Parameters are numbered from 1, columns from 0.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement();

  // Binds `values` to parameters 1..N (integers, strings).
  template <typename... Args>
  Status Bind(const Args&... values) {
    int index = 0;
    Status status;
    ((status.ok() ? (status = BindOne(++index, values), 0) : 0), ...);
    return status;
  }

  // Binds `value` to parameter `index`.
  template <typename T>
  Status BindAt(int index, const T& value) {
    return BindOne(index, value);
  }

  // Runs one step: true when a row is ready, false when done.
  Result<bool> Step();
  // Steps a statement that returns no rows to completion.
  Status Run();
  // Makes the statement ready to bind and run again.
  void Reset();

  int64_t Int(int column) const;
  std::string Text(int column) const;

 private:
  friend class Database;
  Statement(Database& db, sqlite3_stmt* stmt, std::string_view sql);

  Status BindOne(int index, int64_t value);
  Status BindOne(int index, std::string_view value);
  template <typename T>
  requires std::is_integral_v<T> Status BindOne(int index, T value) {
    return BindOne(index, static_cast<int64_t>(value));
  }
  Status BindOne(int index, const std::string& value) {
    return BindOne(index, std::string_view(value));
  }
  Status BindOne(int index, const char* value) {
    return BindOne(index, std::string_view(value));
  }

  Database* db_;
  sqlite3_stmt* stmt_;
  std::string sql_;  // for messages
};

class Database {
 public:
  // Opens or creates the database at `path` (":memory:" for a private
  // in-memory one). kIo naming the path when it cannot be opened.
  static Result<std::unique_ptr<Database>> Open(const std::string& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs one or more statements that return no rows.
  Status Exec(std::string_view sql);
  Result<Statement> Prepare(std::string_view sql);
  // The first column of the first row of `sql` as an integer (0 when the
  // value is NULL) or text.
  Result<int64_t> QueryInt(std::string_view sql);
  Result<std::string> QueryText(std::string_view sql);

  int64_t LastInsertId() const;
  // Rows changed by the last INSERT, UPDATE or DELETE.
  int Changes() const;

  const std::string& path() const { return path_; }

  // The Status for the failed `operation` with sqlite result code `rc`.
  Status Error(std::string_view operation, int rc) const;

 private:
  Database(sqlite3* db, std::string path);

  sqlite3* db_;
  std::string path_;
};

// BEGIN IMMEDIATE (for writes: takes the write lock up front, so a busy
// database is waited for once instead of failing at the first write) or
// BEGIN DEFERRED (for reads: one consistent snapshot). Rolls back on
// destruction unless Commit succeeded.
class Transaction {
 public:
  enum class Mode { kRead, kWrite };

  static Result<std::unique_ptr<Transaction>> Begin(Database& db, Mode mode);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  Status Commit();

 private:
  explicit Transaction(Database& db) : db_(db) {}

  Database& db_;
  bool done_ = false;
};

}  // namespace m2drop::ledger::internal

#endif  // M2DROP_SRC_LEDGER_SQLITE_H_
