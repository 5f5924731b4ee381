// SPDX-License-Identifier: Apache-2.0
// ImportDrop: one drop of any kind through its pipeline — the entry point the
// `import` command and the daemon's workers share, so that both behave the
// same (docs/design.md §3). It dispatches on the profile's kind to
// ImportTrackingDrop (tracking_import.h) or ImportStockDrop
// (stock_import.h) and adds what both need to resume after a crash or an
// outage:
//   - `done_before`: the outcomes an earlier attempt on the same content
//     decided (from the ledger). Those rows are not sent again; their
//     outcome is reported as it was (an "applied" stays applied). Only rows
//     that were deferred, or never reached, are imported.
//   - `on_rows_done`: rows are handed over as soon as their outcome is final
//     (not deferred), so the caller can record progress before the file
//     ends; after kill -9 at most the rows in flight are redone, and
//     Magento's state makes those harmless (a track already on the order is
//     already present; a stock save is an upsert).
//
// Thread-safety: as ImportTrackingDrop: several drops may be imported at
// once over one ApiCaller and one Ledger.
#ifndef M2DROP_PIPELINE_IMPORT_DROP_H_
#define M2DROP_PIPELINE_IMPORT_DROP_H_

#include <cstdint>
#include <functional>
#include <span>
#include <stop_token>
#include <string>
#include <unordered_map>

#include "m2drop/base/clock.h"
#include "m2drop/base/result.h"
#include "m2drop/config/config.h"
#include "m2drop/fs/file_system.h"
#include "m2drop/ledger/ledger.h"
#include "m2drop/magento/api_caller.h"
#include "m2drop/magento/client.h"
#include "m2drop/pipeline/report.h"
#include "m2drop/pipeline/row_outcome.h"
#include "m2drop/pipeline/tracking_import.h"

namespace m2drop::pipeline {

struct DropImportOptions {
  // Only GETs; every row says what would have happened (kWouldApply).
  bool dry_run = false;
  // Tracking: orders written at once. Stock (legacy API): SKUs written at
  // once. At least 1.
  int max_parallel = 4;
  // Stops the import early: rows not yet written are deferred.
  std::stop_token stop;
  // (rows done, rows to do), serialised; may be empty.
  std::function<void(uint64_t done, uint64_t total)> progress;
  // Outcomes decided by an earlier attempt on the same content, by line;
  // may be null. kDeferred entries are ignored (those rows are redone).
  const std::unordered_map<uint64_t, RowOutcome>* done_before = nullptr;
  // Rows whose outcome became final in this attempt (never kDeferred, never
  // rows taken from done_before), in batches, serialised; may be empty.
  // Not called in a dry run.
  std::function<void(std::span<const RowOutcome> rows)> on_rows_done;
  // Stock: where the last applied version per (sku, source) is kept, to
  // refuse stale rows across files and to record the new versions; may be
  // null (then only versions within the file are compared).
  ledger::Ledger* stock_versions = nullptr;
  // The drop, already open (the daemon's claimed file, held since the
  // claim): its bytes are imported instead of whatever `path` names by now
  // (docs/design.md §4). May be null (then `path` is opened); must outlive the
  // import.
  const fs::ReadableFile* file = nullptr;
  // The drop's name as it arrived (not its work/ path): the reports' "file"
  // and, for stock, the file recorded with each version (for "stale: file X
  // applied a newer quantity"). "" = `path`.
  std::string source_name;
};

// Imports `path` under `profile` (either kind); see ImportTrackingDrop for
// the Status codes, which ImportStockDrop shares.
Result<ImportResult> ImportDrop(const std::string& path,
                                const config::Profile& profile,
                                const config::LimitsConfig& limits,
                                magento::ApiCaller& caller,
                                const magento::ClientOptions& client_options,
                                const Clock& clock,
                                const DropImportOptions& options);

// What WriteReports needs of an import's result: its summary, outcomes,
// header, delimiter and the failed rows' text by line.
ReportInput ToReportInput(const ImportResult& result);

}  // namespace m2drop::pipeline

#endif  // M2DROP_PIPELINE_IMPORT_DROP_H_
