// SPDX-License-Identifier: Apache-2.0
#include "m2drop/pipeline/validate.h"

#include <chrono>

#include "m2drop/pipeline/drop_reader.h"

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
                                 const Clock& clock,
                                 MakeRecordCheck make_check) {
  const SteadyTime started = clock.Now();
  M2DROP_ASSIGN_OR_RETURN(Drop drop, OpenDrop(path, profile, limits));
  FileSummary summary;
  summary.file = path;
  summary.profile = profile.name;
  summary.mode = "validate";
  const size_t error_limit = static_cast<size_t>(limits.max_errors_reported);
  const bool decimal_comma = drop.reader->dialect().delimiter != ',';

  RecordCheck check = make_check(profile, drop.columns, decimal_comma);
  Status status =
      CheckAll(drop, summary, error_limit,
               [&](auto& record, auto* e) { return check(record, e); });
  M2DROP_RETURN_IF_ERROR(status);
  summary.dialect = SummarizeDialect(drop.reader->dialect());
  summary.elapsed_ms = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(clock.Now() -
                                                            started)
          .count());
  return summary;
}

}  // namespace m2drop::pipeline
