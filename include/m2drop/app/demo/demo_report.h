// SPDX-License-Identifier: Apache-2.0
// What `m2drop demo` prints about the drops it made: the outcome table (one
// line per drop, from the counts of its NAME.report.json), the errors.csv
// of a failed drop and the stock rows skipped as stale.
//
// Thread-safe (no shared state); the Print* functions that take a directory
// read the file system.
#ifndef M2DROP_APP_DEMO_DEMO_REPORT_H_
#define M2DROP_APP_DEMO_DEMO_REPORT_H_

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

namespace m2drop::app {

// One drop of the demo.
struct DemoRow {
  std::string file;  // as shown, e.g. "tracking_minimal.csv (again)"
  std::string profile;
  // "processed/", "failed/", "processed/ duplicate", or what went wrong.
  std::string outcome;
  nlohmann::json report;  // the drop's NAME.report.json; null when none
  bool as_expected = false;
};

// The table: file, profile, outcome, then the report's rows_total, applied,
// already_present, stale, failed and api_calls ("-" when missing); a row
// that did not end as expected is marked "(!)". Pure.
void PrintOutcomeTable(const std::vector<DemoRow>& rows, std::ostream& out);

// Every *.errors.csv in `failed_dir`, under a line naming it, as it is.
void PrintErrorsCsvs(const std::string& failed_dir, std::ostream& out);

// One line per row the reports in `dir` skipped as stale:
// "NAME.report.json, line L: MESSAGE".
void PrintStaleRows(const std::string& dir, std::ostream& out);

}  // namespace m2drop::app

#endif  // M2DROP_APP_DEMO_DEMO_REPORT_H_
