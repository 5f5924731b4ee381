// SPDX-License-Identifier: Apache-2.0
// FileJob: one claimed file from work/ to its end (issue 5), run by a
// daemon worker:
//   1. take the file's WorkLock (inbox/claim.h); without it another live
//      m2drop process owns the file and the job leaves it alone. The lock
//      is the open file: every later step reads the drop through it, so
//      the bytes hashed, imported and filed are the bytes claimed
//      (docs/design.md §4), whatever work/NAME names by then;
//   2. hash it and ask the ledger: an unfinished entry for this file (same
//      content, same path in work/) is resumed — its decided rows are not
//      sent again —; content already processed under the profile is a
//      duplicate when daemon.on_duplicate = "skip": filed under processed/
//      with a report saying so and nothing applied; anything else is a new
//      ledger entry;
//   3. import it (pipeline::ImportDrop), recording each row's final outcome
//      in the ledger as soon as it is decided, so that kill -9 loses at most
//      the rows in flight (and Magento's state makes redoing those harmless);
//   4. decide (pipeline::Decide): processed/ or failed/ with the reports and
//      the ledger's final state — the file ends in exactly one place —, or
//      wait in work/ (ledger kWaiting, progress kept) when rows were
//      deferred: Magento unavailable past the retry budget, credentials
//      refused, or shutdown (`stop`). The worker re-queues a waiting file
//      after a backoff; a shutdown leaves it for the next start.
//   5. file it (file_filing.h): the reports first — their names recorded in
//      the ledger entry just before they are placed —, then the drop. When
//      the reports cannot be written (a full disk) the drop waits in work/
//      like a deferred one (JobResult::unfiled) and the next attempt
//      rebuilds them from the ledger without calling Magento; a report an
//      interrupted attempt placed without moving the drop is removed first.
// A file-level problem (unreadable, not a CSV, a required column missing)
// files it under failed/ with a report naming the problem.
//
// Every state change is logged as one FileEvent line (file_event.h).
//
// Thread-safety: RunFileJob may run on several workers at once over shared
// deps (Ledger and ApiCaller are thread-safe). It blocks on the disk, the
// ledger and Magento; `stop` ends the import early (rows deferred).
#ifndef M2DROP_APP_DAEMON_FILE_JOB_H_
#define M2DROP_APP_DAEMON_FILE_JOB_H_

#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>

#include "m2drop/app/daemon/file_event.h"
#include "m2drop/app/daemon/scheduler.h"
#include "m2drop/base/clock.h"
#include "m2drop/base/status.h"
#include "m2drop/fs/file_system.h"
#include "m2drop/ledger/ledger.h"
#include "m2drop/magento/api_caller.h"

namespace m2drop::app {

struct FileJobDeps {
  ledger::Ledger& ledger;
  magento::ApiCaller& caller;
  const Clock& clock;
  // Every file operation of the job (lock, read, hash, report, file).
  fs::FileSystem& fs;
  // Told every state change after it is logged (metrics, alerts), on the
  // worker's thread; may be null. Must not block for long.
  std::function<void(const FileEvent&)> on_event = nullptr;
};

enum class JobEnd {
  kFiled,    // in processed/ or failed/ now (duplicates included)
  kWaiting,  // still in work/: re-queue after a backoff, or at next start
  kNotMine,  // another live process holds the file, or it is gone
};

struct JobResult {
  JobEnd end = JobEnd::kNotMine;
  // The ledger state recorded last (kClaimed when none was recorded).
  ledger::FileState state = ledger::FileState::kClaimed;
  std::string path;       // where the file is now
  int64_t ledger_id = 0;  // 0 when no entry was made
  // kWaiting: what it waits for — kUnavailable (Magento down or a look-up
  // refused), kUnauthenticated (credentials refused), kCancelled (shutdown),
  // kIo/kInternal (the disk or the ledger failed).
  Status why;
  // kWaiting only: the import ended but the file could not be filed (its
  // reports could not be written, or the move failed); `why` says why. The
  // daemon alerts (filing_failed) and tries again with backoff.
  bool unfiled = false;
};

// Runs `item` (REQUIRES: item.config names item.profile) to its end or to
// a wait. Never throws past its own boundary: an exception inside becomes
// kWaiting with kInternal.
JobResult RunFileJob(const FileJobDeps& deps, const WorkItem& item,
                     std::stop_token stop);

}  // namespace m2drop::app

#endif  // M2DROP_APP_DAEMON_FILE_JOB_H_
