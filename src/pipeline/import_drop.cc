// SPDX-License-Identifier: Apache-2.0
#include "m2drop/pipeline/import_drop.h"

#include <algorithm>

#include "m2drop/pipeline/stock_import.h"

namespace m2drop::pipeline {
namespace {

TrackingImportOptions TrackingOptionsFrom(const DropImportOptions& options) {
  TrackingImportOptions tracking;
  tracking.dry_run = options.dry_run;
  tracking.max_parallel_orders = std::max(options.max_parallel, 1);
  tracking.stop = options.stop;
  tracking.progress = options.progress;
  tracking.done_before = options.done_before;
  tracking.on_rows_done = options.on_rows_done;
  tracking.file = options.file;
  return tracking;
}

}  // namespace

Result<ImportResult> ImportDrop(const std::string& path,
                                const config::Profile& profile,
                                const config::LimitsConfig& limits,
                                magento::ApiCaller& caller,
                                const magento::ClientOptions& client_options,
                                const Clock& clock,
                                const DropImportOptions& options) {
  Result<ImportResult> result =
      Status::Internal("profile " + profile.name + " has an unknown kind");
  switch (profile.kind) {
    case config::ProfileKind::kTracking:
      result = ImportTrackingDrop(path, profile, limits, caller, client_options,
                                  clock, TrackingOptionsFrom(options));
      break;
    case config::ProfileKind::kStock:
      result = ImportStockDrop(path, profile, limits, caller, client_options,
                               clock, options);
      break;
  }
  if (result.ok() && !options.source_name.empty()) {
    result->summary.file = options.source_name;
  }
  return result;
}

ReportInput ToReportInput(const ImportResult& result) {
  ReportInput input;
  input.summary = result.summary;
  input.outcomes = result.outcomes;
  input.header_raw = result.header_raw;
  input.delimiter = result.delimiter;
  for (const RawRow& row : result.failed_rows) {
    input.raw_rows[row.line] = row.text;
  }
  return input;
}

}  // namespace m2drop::pipeline
