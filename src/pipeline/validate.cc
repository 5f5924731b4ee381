// SPDX-License-Identifier: Apache-2.0
#include "m2drop/pipeline/validate.h"

#include <chrono>

#include "m2drop/pipeline/drop_reader.h"
#include "m2drop/pipeline/stock_row.h"
#include "m2drop/pipeline/tracking_row.h"

namespace m2drop::pipeline {
namespace {

// Runs `check(record, &errors)` on every record and folds the outcome into
// `summary`. Malformed records come from the reader's error sink.
template <typename Check>
Status CheckAll(Drop& drop, FileSummary& summary, size_t error_limit,
                Check check) {
  drop.reader->set_error_sink([&](const csv::RecordError& e) {
    ++summary.rows_total;
    ++summary.failed;
    summary.AddError({e.line, e.column, "malformed_record", e.message},
                     error_limit);
  });
  csv::Record record;
  std::vector<RowError> row_errors;
  while (drop.reader->Next(&record)) {
    ++summary.rows_total;
    row_errors.clear();
    if (check(record, &row_errors)) {
      ++summary.valid;
    } else {
      ++summary.failed;
      for (RowError& e : row_errors)
        summary.AddError(std::move(e), error_limit);
    }
  }
  return drop.reader->status();
}

}  // namespace

Result<FileSummary> ValidateDrop(const std::string& path,
                                 const config::Profile& profile,
                                 const config::LimitsConfig& limits,
                                 const Clock& clock) {
  const SteadyTime started = clock.Now();
  M2DROP_ASSIGN_OR_RETURN(Drop drop, OpenDrop(path, profile, limits));
  FileSummary summary;
  summary.file = path;
  summary.profile = profile.name;
  summary.mode = "validate";
  const size_t error_limit = static_cast<size_t>(limits.max_errors_reported);
  const bool decimal_comma = drop.reader->dialect().delimiter != ',';

  Status status;
  if (profile.kind == config::ProfileKind::kTracking) {
    TrackingColumns columns = TrackingColumns::From(drop.columns);
    TrackingRules rules{profile.tracking.ship_remaining, decimal_comma};
    status = CheckAll(drop, summary, error_limit, [&](auto& record, auto* e) {
      return CheckTrackingRecord(record, columns, rules, e).has_value();
    });
  } else {
    StockColumns columns = StockColumns::From(drop.columns);
    StockRules rules{profile.stock.default_source, profile.stock.allow_negative,
                     decimal_comma};
    status = CheckAll(drop, summary, error_limit, [&](auto& record, auto* e) {
      return CheckStockRecord(record, columns, rules, e).has_value();
    });
  }
  M2DROP_RETURN_IF_ERROR(status);
  summary.dialect = SummarizeDialect(drop.reader->dialect());
  summary.elapsed_ms = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(clock.Now() -
                                                            started)
          .count());
  return summary;
}

}  // namespace m2drop::pipeline
