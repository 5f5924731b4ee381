// SPDX-License-Identifier: Apache-2.0
// The ledger (docs/design.md §1, issue 5): m2drop's memory of every drop it has
// claimed, kept in SQLite under daemon.state_dir. It answers four questions:
//   - was this content already processed (duplicate drops, on_duplicate)?
//   - which rows of a file claimed before a crash or an outage are decided
//     already, so that a restart does not send them again?
//   - what is the last stock version applied per (sku, source), so that an
//     older update is stale (docs/design.md §6)?
//   - what happened recently (`m2drop status`, metrics)?
//   - which remote files has a pull fetched ([profile.pull])?
// The files on disk stay the queue (STYLE.md principle 1): the ledger never
// decides where a file is, it records it.
//
// Ledger is the interface; SqliteLedger (sqlite_ledger.h) is the
// implementation, and app::OpenLedger (app/ledger_open.h) the one place that
// opens it. Code that needs only the stock versions takes a StockVersions
// (stock_versions.h).
//
// Storage (SqliteLedger): one SQLite connection in WAL mode with a busy
// timeout, so that `m2drop status` and a second daemon may read and write the
// same database. The schema is versioned with PRAGMA user_version and created
// or migrated by Open. Times are wall-clock milliseconds since the Unix epoch,
// taken from the Clock given to Open.
//
// Errors: besides the codes each method names, a failing SQLite call gives
// kIo naming the ledger file, the statement and SQLite's message, or
// kUnavailable when another process held the database past the busy
// timeout (try again later).
//
// Thread-safety: every method may be called from any thread; calls are
// serialised on one mutex. Every call blocks on SQLite (and on other
// processes holding the database for at most the busy timeout).
#ifndef M2DROP_LEDGER_LEDGER_H_
#define M2DROP_LEDGER_LEDGER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "m2drop/base/clock.h"
#include "m2drop/base/result.h"
#include "m2drop/base/status.h"
#include "m2drop/ledger/stock_versions.h"

namespace m2drop::ledger {

// Where a file is in its life. A file goes claimed → (waiting ↔ claimed)* →
// processed | failed | duplicate; each finished state is final.
enum class FileState {
  kClaimed,    // renamed into work/, being imported (or was, before a crash)
  kWaiting,    // in work/, some rows deferred (Magento unavailable)
  kProcessed,  // filed under processed/
  kFailed,     // filed under failed/ (some row is wrong)
  kDuplicate,  // same content as a processed file; filed, nothing applied
};

// "claimed", "waiting", "processed", "failed", "duplicate".
std::string_view FileStateName(FileState state);
std::optional<FileState> ParseFileState(std::string_view name);

struct FileEntry {
  int64_t id = 0;       // assigned by AddFile
  std::string profile;  // the profile's name
  std::string name;     // the drop's file name as it arrived in the inbox
  std::string sha256;   // lower-case hex of the content
  uint64_t size = 0;
  FileState state = FileState::kClaimed;
  std::string path;  // where the file is now (work/…, processed/…, failed/…)
  std::string report_json;  // "" until reports are written
  std::string errors_csv;   // "" when no row failed
  // Wall-clock ms since the epoch. claimed_at is set by AddFile,
  // updated_at by every write, finished_at when the state becomes final.
  int64_t claimed_at_ms = 0;
  int64_t updated_at_ms = 0;
  int64_t finished_at_ms = 0;
  // The counts of the latest attempt (FileSummary's).
  uint64_t rows_total = 0;
  uint64_t applied = 0;
  uint64_t already_present = 0;
  uint64_t stale = 0;
  uint64_t failed = 0;
  uint64_t deferred = 0;
  int attempts = 0;  // import attempts started on this file
  // For a person: why it waits, what it duplicates, the file-level error.
  std::string note;
};

// One row's decided outcome. `state` is pipeline::RowStateName's spelling
// ("applied", "already_present", "stale", "failed", …): the ledger does not
// interpret it.
struct RowEntry {
  uint64_t line = 0;
  std::string state;
  std::string code;
  std::string message;
};

// A remote file a pull ([profile.pull], issue 22) fetched into its
// profile's inbox, remembered by name, size and remote mtime. With after =
// "keep" it stays remembered, so it is fetched once; with "delete" or
// "move" only until that is done on the server, so that a restart in
// between finishes it without fetching the file again.
struct PulledFile {
  std::string profile;
  std::string name;
  uint64_t size = 0;
  int64_t mtime_s = 0;       // the server's mtime, seconds since the epoch
  bool kept = false;         // after = keep; false: a delete or move is pending
  int64_t pulled_at_ms = 0;  // set by RecordPulled
};

// A profile's pull as last seen by the daemon, for `m2drop status`.
struct PullState {
  std::string profile;
  std::string url;  // the server, as configured (never holds a secret)
  // Wall-clock ms since the epoch; 0 for never.
  int64_t last_listing_at_ms = 0;
  uint64_t listed_files = 0;  // files in the directory at that listing
  std::string last_file;      // the last file fetched, "" for none
  int64_t last_file_at_ms = 0;
  // Since when listing fails (0: the last attempt worked), and why.
  int64_t failing_since_ms = 0;
  std::string last_error;
  int64_t updated_at_ms = 0;  // set by RecordPullState
};

class Ledger : public StockVersions {
 public:
  ~Ledger() override = default;

  // --- Files ---------------------------------------------------------------

  // Inserts `entry` (its id is ignored) and returns the new id. Sets
  // claimed_at and updated_at to now.
  virtual Result<int64_t> AddFile(const FileEntry& entry) = 0;
  // Overwrites the entry with entry.id (every field but id and claimed_at);
  // sets updated_at, and finished_at when the state is final. kNotFound for
  // an unknown id.
  virtual Status UpdateFile(const FileEntry& entry) = 0;
  virtual Result<std::optional<FileEntry>> GetFile(int64_t id) = 0;
  // The unfinished entry (claimed or waiting) of `profile` with this
  // content, the newest if several: the file to resume after a restart.
  virtual Result<std::optional<FileEntry>> FindUnfinished(
      std::string_view profile, std::string_view sha256) = 0;
  // The newest processed entry of `profile` with this content: the
  // original a re-drop duplicates.
  virtual Result<std::optional<FileEntry>> FindProcessed(
      std::string_view profile, std::string_view sha256) = 0;
  // The newest `limit` entries, newest first (by updated_at).
  virtual Result<std::vector<FileEntry>> RecentFiles(size_t limit) = 0;
  // The profile's most recently claimed file, whatever its state; nullopt
  // when the profile never had one (the daemon's expect_file_every).
  virtual Result<std::optional<FileEntry>> LastFileOf(
      std::string_view profile) = 0;
  // Every entry in `state`, oldest first.
  virtual Result<std::vector<FileEntry>> FilesInState(FileState state) = 0;

  // --- Rows ----------------------------------------------------------------

  // Records (inserts or replaces, by line) row outcomes of file `file_id`,
  // all in one transaction. kNotFound (nothing written) for an unknown id.
  virtual Status RecordRows(int64_t file_id,
                            std::span<const RowEntry> rows) = 0;
  // Every recorded row of `file_id`, by line.
  virtual Result<std::vector<RowEntry>> Rows(int64_t file_id) = 0;

  // --- Stock versions: StockVersions (stock_versions.h) ----------------

  // --- Pulls ([profile.pull]) ----------------------------------------------

  // Remembers `file` (replacing what was remembered under its profile and
  // name); sets pulled_at to now.
  virtual Status RecordPulled(const PulledFile& file) = 0;
  // Every file remembered for `profile`, by name.
  virtual Result<std::vector<PulledFile>> PulledFiles(
      std::string_view profile) = 0;
  // Forgets `name` of `profile`; OK when it was not remembered.
  virtual Status ForgetPulled(std::string_view profile,
                              std::string_view name) = 0;
  // Replaces the profile's pull state; sets updated_at to now.
  virtual Status RecordPullState(const PullState& state) = 0;
  // The profile's pull state; nullopt when it never pulled.
  virtual Result<std::optional<PullState>> PullStateOf(
      std::string_view profile) = 0;

  // --- Retention (issue 17) ------------------------------------------------

  struct PruneCounts {
    uint64_t files = 0;  // file entries deleted
    uint64_t rows = 0;   // row outcomes deleted
    bool more = false;   // stopped at max_rows: call again
  };
  // One bounded step of retention: deletes the row outcomes of finished
  // files (processed, failed, duplicate) last updated before `cutoff`,
  // oldest first, at most `max_rows` of them, and each such file's entry
  // once its rows are gone. One transaction: other calls wait for one step
  // at most. Unfinished files (claimed, waiting: a restart resumes them) and
  // stock versions (stale-update refusal needs the newest per key, one row
  // each) are never deleted. REQUIRES: max_rows >= 1.
  virtual Result<PruneCounts> PruneStep(WallTime cutoff, size_t max_rows) = 0;
};

}  // namespace m2drop::ledger

#endif  // M2DROP_LEDGER_LEDGER_H_
