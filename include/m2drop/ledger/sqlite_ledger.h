// SPDX-License-Identifier: Apache-2.0
// SqliteLedger: the Ledger (ledger.h) in one SQLite database under
// daemon.state_dir, for one node. One connection in WAL mode with a busy
// timeout, so that `m2drop status` and a second daemon may read and write
// the same database. The schema is versioned with PRAGMA user_version and
// created or migrated by Open (schema.h). Times are wall-clock milliseconds
// since the Unix epoch, taken from the Clock given to Open.
//
// Errors: besides the codes each Ledger method names, a failing SQLite call
// gives kIo naming the ledger file, the statement and SQLite's message, or
// kUnavailable when another process held the database past the busy
// timeout (try again later).
//
// Thread-safety: every method may be called from any thread; calls are
// serialised on one mutex. Every call blocks on SQLite (and on other
// processes holding the database for at most the busy timeout).
#ifndef M2DROP_LEDGER_SQLITE_LEDGER_H_
#define M2DROP_LEDGER_SQLITE_LEDGER_H_

#include <memory>
#include <string>

#include "m2drop/base/clock.h"
#include "m2drop/ledger/ledger.h"

namespace m2drop::ledger {

class SqliteLedger final : public Ledger {
 public:
  // Opens (creating or migrating) the ledger at `path`; ":memory:" gives a
  // private in-memory one for tests. The file and its -wal and -shm are
  // made private to this user (MakeLedgerPrivate, state_dir.h). kIo when
  // the file cannot be opened or is not an m2drop ledger (or is a newer
  // schema than this build knows). `clock` must outlive the ledger.
  static Result<std::unique_ptr<Ledger>> Open(const std::string& path,
                                              const Clock& clock);
  // The ledger file inside `state_dir` ("<state_dir>/ledger.sqlite3").
  static std::string PathIn(const std::string& state_dir);

  ~SqliteLedger() override;
  SqliteLedger(const SqliteLedger&) = delete;
  SqliteLedger& operator=(const SqliteLedger&) = delete;

  Result<int64_t> AddFile(const FileEntry& entry) override;
  Status UpdateFile(const FileEntry& entry) override;
  Result<std::optional<FileEntry>> GetFile(int64_t id) override;
  Result<std::optional<FileEntry>> FindUnfinished(
      std::string_view profile, std::string_view sha256) override;
  Result<std::optional<FileEntry>> FindProcessed(
      std::string_view profile, std::string_view sha256) override;
  Result<std::vector<FileEntry>> RecentFiles(size_t limit) override;
  Result<std::optional<FileEntry>> LastFileOf(
      std::string_view profile) override;
  Result<std::vector<FileEntry>> FilesInState(FileState state) override;
  Status RecordRows(int64_t file_id, std::span<const RowEntry> rows) override;
  Result<std::vector<RowEntry>> Rows(int64_t file_id) override;
  Status RecordPulled(const PulledFile& file) override;
  Result<std::vector<PulledFile>> PulledFiles(
      std::string_view profile) override;
  Status ForgetPulled(std::string_view profile, std::string_view name) override;
  Status RecordPullState(const PullState& state) override;
  Result<std::optional<PullState>> PullStateOf(
      std::string_view profile) override;
  Result<PruneCounts> PruneStep(WallTime cutoff, size_t max_rows) override;
  Result<std::map<StockKey, StockStamp>> LastStockVersions(
      std::span<const StockKey> keys) override;
  Status RecordStockVersions(
      std::span<const std::pair<StockKey, StockStamp>> stamps) override;

 private:
  class Impl;
  explicit SqliteLedger(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace m2drop::ledger

#endif  // M2DROP_LEDGER_SQLITE_LEDGER_H_
