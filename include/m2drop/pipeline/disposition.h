// SPDX-License-Identifier: Apache-2.0
// Disposition: where a drop goes once its rows have been tried
// (docs/design.md §4, §6). The move that files it there, after its reports:
// report_files.h (FileAfterReports).
//
// Pure; thread-safe.
#ifndef M2DROP_PIPELINE_DISPOSITION_H_
#define M2DROP_PIPELINE_DISPOSITION_H_

#include <string>
#include <string_view>

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

}  // namespace m2drop::pipeline

#endif  // M2DROP_PIPELINE_DISPOSITION_H_
