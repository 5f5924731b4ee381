// SPDX-License-Identifier: Apache-2.0
// What every import kind takes and gives: DropImportOptions in, ImportResult
// out (docs/design.md §3). Each kind's import (tracking_import.h,
// stock_import.h, ...) is an ImportFn; the kinds/ module's table picks the
// profile's, so that the `import` command and the daemon's workers behave
// the same. The options carry what resuming after a crash or an outage
// needs:
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
// Thread-safety: several drops may be imported at once over one ApiCaller
// and one Ledger.
#ifndef M2DROP_PIPELINE_IMPORT_DROP_H_
#define M2DROP_PIPELINE_IMPORT_DROP_H_

#include <cstdint>
#include <functional>
#include <span>
#include <stop_token>
#include <string>
#include <unordered_map>
#include <vector>

#include "m2drop/base/clock.h"
#include "m2drop/base/result.h"
#include "m2drop/config/config.h"
#include "m2drop/fs/file_system.h"
#include "m2drop/ledger/stock_versions.h"
#include "m2drop/magento/api_caller.h"
#include "m2drop/magento/client.h"
#include "m2drop/pipeline/report.h"
#include "m2drop/pipeline/row_outcome.h"
#include "m2drop/pipeline/summary.h"

namespace m2drop::pipeline {

struct DropImportOptions {
  // Only GETs; every row says what would have happened (kWouldApply).
  bool dry_run = false;
  // Tracking: orders written at once. Stock (legacy API): SKUs written at
  // once. Values below 1 count as 1. The ApiCaller also bounds the
  // requests in flight across every import sharing it.
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
  ledger::StockVersions* stock_versions = nullptr;
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

// A record's text as the file had it, for the error report.
struct RawRow {
  uint64_t line = 0;
  // csv::Record::raw(), or for a malformed record the text the reader
  // skipped (csv::RecordError::raw: up to max_line_length bytes of it).
  std::string text;
};

struct ImportResult {
  // mode "import" or "dry-run"; rows_total, valid, applied (including a dry
  // run's kWouldApply), already_present, failed, deferred; api_calls: the
  // requests this import made through the ApiCaller; elapsed_ms.
  FileSummary summary;
  // One per data record (malformed ones included), in file order.
  std::vector<RowOutcome> outcomes;
  // For errors.csv: the header line as it came (csv::Reader::header_raw():
  // quotes and spacing kept, no line terminator), the delimiter, and the
  // text of every kFailed row, in file order.
  std::string header_raw;
  char delimiter = ',';
  std::vector<RawRow> failed_rows;
  // OK, or why rows were deferred wholesale: kUnavailable when Magento could
  // not be reached to resolve the orders (every checked row deferred),
  // kCancelled when `stop` ended the import before every order was written.
  Status interrupted;
};

// One kind's import of the drop at `path` under `profile` (whose kind it
// is), through a Client made with `client_options` over `caller`. Row
// problems never fail the call; they are outcomes. Returns:
//   - the file-level Status of OpenDrop (kNotFound/kIo unreadable,
//     kInvalidInput not a CSV or a required column missing), or the
//     reader's when it stops mid-file;
//   - kUnauthenticated when Magento refused the credentials (the command
//     exits 77; nothing more is attempted);
//   - kRejected/kInternal when Magento refused or garbled a look-up (the
//     search itself is wrong: no row can be decided);
//   - a kind's own file-level failures (its header says which).
using ImportFn = Result<ImportResult> (*)(
    const std::string& path, const config::Profile& profile,
    const config::LimitsConfig& limits, magento::ApiCaller& caller,
    const magento::ClientOptions& client_options, const Clock& clock,
    const DropImportOptions& options);

// What WriteReports needs of an import's result: its summary, outcomes,
// header, delimiter and the failed rows' text by line.
ReportInput ToReportInput(const ImportResult& result);

}  // namespace m2drop::pipeline

#endif  // M2DROP_PIPELINE_IMPORT_DROP_H_
