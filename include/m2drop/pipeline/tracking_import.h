// SPDX-License-Identifier: Apache-2.0
// The tracking import (docs/design.md §6, issue 4): a 3PL's CSV of tracking
// numbers in, shipments and tracks in Magento out, each exactly once, and
// every row that could not be applied explained.
//
// Plan before acting:
//   1. read the whole drop (streaming) and check every row locally; rows
//      failing those checks and malformed records become kFailed outcomes;
//   2. group rows by order and by tracking number (one package each);
//   3. resolve every order in batched searches (Client::OrdersByIncrementIds
//      pages by page_size), then once more for the zero-padded form of the
//      numeric numbers not found (order_numbers.h); then load the found
//      orders' shipments and tracks, batched the same way;
//   4. plan every order (tracking_plan.h), and only then
//   5. apply: different orders in parallel (at most max_parallel_orders
//      threads), one order's packages in sequence (tracking_apply.h).
// Steps 3-5 run on 2,400 orders at a time (in file order), so that the
// orders, shipments and plans held do not grow with the file; when
// Magento goes away or refuses the credentials, the orders not reached are
// deferred with the rest.
// A file of N rows for N orders costs about N writes plus 2·N/page_size
// look-ups. Importing the same file again writes nothing: every row is
// already present. A dry run makes only GETs.
//
// Thread-safety: ImportTrackingDrop may run for several files at once on
// one shared ApiCaller. It blocks on the file and on Magento, and returns
// once every worker thread it started has finished.
#ifndef M2DROP_PIPELINE_TRACKING_IMPORT_H_
#define M2DROP_PIPELINE_TRACKING_IMPORT_H_

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
#include "m2drop/magento/api_caller.h"
#include "m2drop/magento/client.h"
#include "m2drop/pipeline/row_outcome.h"
#include "m2drop/pipeline/summary.h"

namespace m2drop::pipeline {

struct TrackingImportOptions {
  // Only GETs; every row says what would have happened (kWouldApply).
  bool dry_run = false;
  // Orders written at once (threads), at least 1. The ApiCaller also bounds
  // the requests in flight across every import sharing it.
  int max_parallel_orders = 4;
  // Stops the import early: orders not yet written are deferred.
  std::stop_token stop;
  // Called with (rows done, rows to apply) after each order is applied,
  // from worker threads, one call at a time (calls are serialised, so the
  // callback need not lock). May be empty.
  std::function<void(uint64_t done, uint64_t total)> progress;
  // Outcomes an earlier attempt on the same content decided, by line; may
  // be null. A row with a final state there (anything but kDeferred) is not
  // planned or sent and keeps that outcome; the others are imported.
  const std::unordered_map<uint64_t, RowOutcome>* done_before = nullptr;
  // Called with the rows whose outcome became final in this attempt (never
  // kDeferred ones, never rows taken from done_before): the rows failing
  // their local checks once read, then each order's rows once it is
  // applied. Serialised, from worker threads; not called in a dry run. May
  // be empty.
  std::function<void(std::span<const RowOutcome> rows)> on_rows_done;
  // The drop, already open (the daemon's claimed file): read instead of
  // opening `path`. May be null; must outlive the import.
  const fs::ReadableFile* file = nullptr;
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

// Imports the tracking drop at `path` under `profile` (REQUIRES: kind
// kTracking), through a Client made with `client_options` over `caller`.
// Row problems never fail the call; they are outcomes. Returns:
//   - the file-level Status of OpenDrop (kNotFound/kIo unreadable,
//     kInvalidInput not a CSV or a required column missing), or the
//     reader's when it stops mid-file;
//   - kUnauthenticated when Magento refused the credentials (the command
//     exits 77; nothing more is attempted);
//   - kRejected/kInternal when Magento refused or garbled a look-up (the
//     search itself is wrong: no row can be decided).
Result<ImportResult> ImportTrackingDrop(
    const std::string& path, const config::Profile& profile,
    const config::LimitsConfig& limits, magento::ApiCaller& caller,
    const magento::ClientOptions& client_options, const Clock& clock,
    const TrackingImportOptions& options);

}  // namespace m2drop::pipeline

#endif  // M2DROP_PIPELINE_TRACKING_IMPORT_H_
