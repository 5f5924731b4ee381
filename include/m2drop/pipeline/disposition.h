// SPDX-License-Identifier: Apache-2.0
// Disposition: where a drop goes once its rows have been tried
// (docs/design.md §4, §6), and the move that files it there.
//
// Decide() is pure. FileAway() moves one file with rename(2); it blocks on
// the file system and is safe to call from several workers at once (two
// workers filing files of one name never overwrite each other).
#ifndef M2DROP_PIPELINE_DISPOSITION_H_
#define M2DROP_PIPELINE_DISPOSITION_H_

#include <string>
#include <string_view>

#include "m2drop/base/clock.h"
#include "m2drop/base/result.h"
#include "m2drop/pipeline/summary.h"

namespace m2drop::pipeline {

enum class Disposition {
  kProcessed,   // every row applied, already present or stale: processed/
  kFailed,      // some row is wrong and nothing waits for Magento: failed/
  kRetryLater,  // some row is deferred (Magento unavailable): stays queued
};

// "processed", "failed", "retry_later": for logs and the ledger.
std::string_view DispositionName(Disposition disposition);

// The disposition of a drop from its counters:
//   deferred == 0, failed == 0  -> kProcessed
//   deferred == 0, failed  > 0  -> kFailed
//   deferred  > 0 (any failed)  -> kRetryLater
// A deferred row wins over failed ones: the file must not land in failed/
// while rows of it were never tried ("never reported as the row's fault",
// docs/design.md §6). On the retry the applied rows come back already present
// (Magento is the source of truth for idempotency), the failed rows fail
// again and the file is then filed and reported with every row's final word.
Disposition Decide(const FileSummary& summary);

// Moves the file at `path` into `dest_dir` (created with its parents when
// missing), keeping its name; a name already taken there gets a UTC
// timestamp before the extension ("drop.csv" -> "drop.20261122T070501Z.csv",
// then "drop.20261122T070501Z-2.csv", …), never an overwrite. Returns the
// file's final path; its base name is what the reports are named after.
// Statuses: kInvalidInput when `dest_dir` is on another filesystem (EXDEV:
// the message says the directories must share one; there is no copy
// fallback, a copy is not atomic); kNotFound when `path` is gone; kIo for
// other failures (including no free name after many attempts).
Result<std::string> FileAway(const std::string& path,
                             const std::string& dest_dir, const Clock& clock);

}  // namespace m2drop::pipeline

#endif  // M2DROP_PIPELINE_DISPOSITION_H_
