// SPDX-License-Identifier: Apache-2.0
// The reports filed beside a finished drop (docs/design.md §4, a contract):
//
//   NAME.report.json  the summary (the shape of pipeline::ToJson, §3) plus
//                     `generated_at` and a `rows` array, one entry per row.
//   NAME.errors.csv   only when some row failed: the original header plus an
//                     `errors` column, then each failed row byte-for-byte as
//                     it came plus its errors — Magento's import error-report
//                     layout — so a person can fix the rows and drop the
//                     file again. One exception to byte-for-byte: a cell
//                     whose first character other than space, tab, CR or
//                     LF is =, +, - or @ gets a ' (OWASP's CSV-injection
//                     advice), so a spreadsheet shows it as text instead of
//                     running it as a formula. The ' goes where the cell's
//                     text starts for an RFC 4180 reader (inside the opening
//                     quote of a quoted cell, after the spaces m2drop's
//                     reader trims before an unquoted one: ` =7+8` becomes
//                     ` '=7+8`, since spreadsheets that trim spaces on
//                     import would run it; spaces before an opening quote
//                     are dropped), so reading errors.csv back
//                     gives every original cell, with a ' before exactly
//                     the cells that would start a formula (fuzzed by
//                     fuzz/errors_csv_fuzzer.cc). The trade-off: such cells
//                     (a negative quantity, too) come back with that ' and
//                     the person removes it (or keeps it: Excel does not
//                     store the ') before dropping the file again.
//
// Pure; thread-safe. Writing them to disk: report_files.h.
#ifndef M2DROP_PIPELINE_REPORT_H_
#define M2DROP_PIPELINE_REPORT_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "m2drop/base/clock.h"
#include "m2drop/base/status.h"
#include "m2drop/pipeline/row_outcome.h"
#include "m2drop/pipeline/summary.h"

namespace m2drop::pipeline {

// Everything a report is made of. Plain data, owned; move big vectors in.
struct ReportInput {
  FileSummary summary;
  // Every row's outcome, in file order (malformed records included, as
  // kFailed rows whose errors carry the reader's line and column).
  std::vector<RowOutcome> outcomes;
  // The header line as it came (csv::Reader::header_raw()).
  std::string header_raw;
  // The raw text of each failed row (csv::Record::raw(): decoded to UTF-8,
  // without its terminator, may hold line breaks inside quotes), by the
  // line the row starts on. A failed row missing here is still listed in
  // errors.csv, with empty fields and an error saying its text was lost.
  std::map<uint64_t, std::string> raw_rows;
  // The file's delimiter; errors.csv uses it too.
  char delimiter = ',';
  // The JSON lists every failed and deferred row, and the other rows up to
  // this many (the rest are counted in `rows_omitted`), so a report of a
  // million-row file stays readable.
  size_t max_listed_rows = 10000;
};

// Where the reports are (report_files.h); errors_csv is "" when no row
// failed.
struct ReportPaths {
  std::string report_json;
  std::string errors_csv;
};

// NAME.report.json's text: the object of ToJson(input.summary) followed by
// "generated_at" (UTC ISO 8601 of `generated_at`), "rows":
// [{line, outcome, code?, message}] in file order (outcome as
// RowStateName; code only where there is one; message the outcome's, or its
// errors "column C: message" joined with "; ", cut to kMaxRowMessageBytes),
// "rows_listed" and
// "rows_omitted". Compact, one line, valid UTF-8 (invalid bytes replaced).
std::string ReportJson(const ReportInput& input, WallTime generated_at);

// One failed row's errors for the `errors` cell: each as
// "line L, column C: message" ("line L: message" for a whole-row error;
// the outcome's code and message when it lists no errors), joined "; ",
// cut to kMaxRowMessageBytes (ShortenForMessage).
std::string FormatRowErrors(const RowOutcome& outcome);

// `field` quoted per RFC 4180: in double quotes, inner quotes doubled.
std::string QuoteCsvField(std::string_view field);

// NAME.errors.csv's text, or "" when no row failed: a UTF-8 BOM when the
// source had one (summary.dialect.bom), the header as it came plus
// `<delimiter>errors`, then per failed row its raw text plus
// `<delimiter>"<FormatRowErrors>"`; every line ends in CRLF when the source
// did (summary.dialect.line_ending == "CRLF"), else LF. Raw text (header and
// rows) is copied untouched but for EscapeFormulaCells: a malformed row
// (e.g. an unterminated quote) stays as broken as it came, for the person
// to fix.
std::string ErrorsCsv(const ReportInput& input);

// `raw` (CSV text with `delimiter`, possibly several records or quoted line
// breaks) with a ' put before the text of every cell whose first character
// other than space, tab, CR or LF is =, +, - or @, so that a spreadsheet does
// not execute it. Cells are found as csv/record_scanner.h's RFC 4180 reader
// finds them: a quote opens a quoted cell only at the cell's start (after
// spaces), "" inside quotes is one quote, text after a closing quote belongs
// to the cell, and a quote anywhere else is an ordinary character. The '
// goes inside the opening quote of a quoted cell, and after the leading
// spaces of an unquoted one. Spaces before an opening quote are dropped
// (m2drop's reader skips them; a strict reader would take the quote for an
// ordinary character and cut the cell at a delimiter inside it). Everything
// else is unchanged.
std::string EscapeFormulaCells(std::string_view raw, char delimiter);

}  // namespace m2drop::pipeline

#endif  // M2DROP_PIPELINE_REPORT_H_
