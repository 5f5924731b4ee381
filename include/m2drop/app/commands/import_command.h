// SPDX-License-Identifier: Apache-2.0
// `m2drop import FILE --profile NAME [--dry-run] [--json] [--archive]
// [--report-dir DIR] [--config FILE]`: one drop through the same engine the
// daemon uses (pipeline::ImportDrop), then exit (docs/design.md §3). Tracking
// and stock profiles alike. A stock import compares versions with the ledger
// under daemon.state_dir (created when missing), so that an older file never
// overwrites a newer quantity; when the ledger cannot be opened, stderr says
// so and only the versions within the file are compared.
#ifndef M2DROP_APP_COMMANDS_IMPORT_COMMAND_H_
#define M2DROP_APP_COMMANDS_IMPORT_COMMAND_H_

#include <ostream>
#include <string>

namespace m2drop::app {

struct ImportOptions {
  std::string file;
  std::string profile;      // a [[profile]] name in the configuration
  std::string config_path;  // "" -> config::DefaultConfigPath()
  bool dry_run = false;     // only look-ups; rows say what would happen
  bool json = false;        // print the JSON summary on `out`
  // Move the file to the profile's processed/ or failed/ even when it does
  // not sit in the profile's inbox (a file in the inbox always moves).
  bool archive = false;
  // Where the reports go when the file is not moved (created when
  // missing); "" = beside the file, except in the profile's inbox (a report
  // there would look like a new drop): then no report is written.
  std::string report_dir;
  // Draw a live progress line on stderr; main sets it when stderr is a TTY
  // and --json is off.
  bool progress = false;
};

// Imports the file and prints the outcome. The reports are written before
// the file is moved (a file is never filed without them). Returns the exit
// code (base/exit_codes.h): 0 every row applied or already present; 1 some
// rows failed (see the report); 2 usage or configuration error; 65 the file
// as a whole is unreadable; 74 the import ran but its report could not be
// written (stderr says why; the file was not moved: run again once that
// is fixed, the rows applied come back already present); 75 Magento
// unavailable, nothing lost, try again later; 77 Magento refused the
// credentials.
int RunImport(const ImportOptions& options, std::ostream& out,
              std::ostream& err);

}  // namespace m2drop::app

#endif  // M2DROP_APP_COMMANDS_IMPORT_COMMAND_H_
