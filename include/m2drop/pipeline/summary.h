// SPDX-License-Identifier: Apache-2.0
// FileSummary: what happened to one drop, row by row in aggregate, and the
// JSON shape `import --json` and `validate --json` print (docs/design.md §3, a
// contract that scripts rely on). Plain data; not thread-safe.
#ifndef M2DROP_PIPELINE_SUMMARY_H_
#define M2DROP_PIPELINE_SUMMARY_H_

#include <cstdint>
#include <string>
#include <vector>

namespace m2drop::pipeline {

// The longest row message a summary, a report or the ledger keeps; longer
// ones (a megabyte cell quoted back, an echoing shop) keep their start and
// say their length (ShortenForMessage), so one row cannot make a report or
// a ledger entry megabytes (issue 17).
inline constexpr size_t kMaxRowMessageBytes = 4096;

// One row that could not be applied, for the summary and the error report.
struct RowError {
  uint64_t line = 0;    // physical line where the record starts (1-based)
  uint32_t column = 0;  // 1-based column of the offending field; 0 = row
  // A stable machine-readable reason, e.g. "missing_value",
  // "invalid_quantity", "malformed_record", "unknown_order".
  std::string code;
  std::string message;  // for a person: what is wrong and what to do
};

struct DialectSummary {
  std::string encoding;  // "utf-8", "utf-16le", "windows-1252", …
  bool bom = false;
  std::string delimiter;    // "," ";" "\t" "|"
  std::string line_ending;  // "LF", "CRLF", "CR", "mixed", "none"
};

struct FileSummary {
  std::string file;
  std::string profile;
  std::string mode;  // "import", "dry-run" or "validate"
  DialectSummary dialect;
  uint64_t rows_total = 0;  // data records read, malformed ones included
  uint64_t valid = 0;       // rows that passed every local check
  uint64_t applied = 0;
  uint64_t already_present = 0;
  uint64_t stale = 0;
  uint64_t failed = 0;
  uint64_t deferred = 0;
  uint64_t api_calls = 0;
  uint64_t elapsed_ms = 0;
  std::vector<RowError> errors;  // at most the configured number, in order
  uint64_t errors_omitted = 0;   // row errors beyond that limit

  // Appends `error`, or counts it in errors_omitted once `limit` errors are
  // kept. Does not touch `failed`.
  void AddError(RowError error, size_t limit);
};

// The summary as one JSON object (compact, one line, UTF-8).
std::string ToJson(const FileSummary& summary);

}  // namespace m2drop::pipeline

#endif  // M2DROP_PIPELINE_SUMMARY_H_
