// SPDX-License-Identifier: Apache-2.0
// m2drop's command line (DESIGN.md §3): CLI11 parses, app/ does the work.
// Nothing here knows how a command works; each maps its flags onto the
// options struct of an app/ Run function and returns that function's exit
// code.
#include <CLI/CLI.hpp>
#include <iostream>
#include <string>

#include "m2drop/app/inspect_command.h"
#include "m2drop/app/logging.h"
#include "m2drop/app/validate_command.h"
#include "m2drop/base/exit_codes.h"

namespace {

using m2drop::app::InspectOptions;
using m2drop::app::ValidateOptions;

constexpr const char* kConfigHelp =
    "Configuration file (default: $M2DROP_CONFIG, else "
    "/etc/m2drop/config.toml)";

void AddInspect(CLI::App& app, InspectOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "inspect",
      "Show how m2drop reads a file: detected encoding, delimiter and line "
      "endings, the header, every record with its line number, and every "
      "malformed record. No configuration needed, no Magento call.");
  cmd->add_option("FILE", o.file, "The CSV/TSV file to read")->required();
  cmd->add_flag("--json", o.json,
                "Print one JSON object {file, encoding, bom, delimiter, "
                "line_ending, header, records, errors} instead of a table");
  cmd->add_option("--max-cell-width", o.max_cell_width,
                  "Table mode: cut cells wider than this many characters")
      ->capture_default_str();
}

void AddValidate(CLI::App& app, ValidateOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "validate",
      "Read, map and check every row of a file as its profile says, with no "
      "Magento call. Exit 0: all rows valid; 1: some rows are wrong (each "
      "listed with line, column and reason); 2: usage or configuration "
      "error; 65: the file as a whole is unreadable (e.g. a required column "
      "is missing).");
  cmd->add_option("FILE", o.file, "The file to check")->required();
  cmd->add_option("--profile", o.profile,
                  "The [[profile]] whose columns and rules apply")
      ->required();
  cmd->add_flag("--json", o.json,
                "Print one JSON summary (file, profile, dialect, rows_total, "
                "valid, failed, errors[{line, column, code, message}], …)");
  cmd->add_option("--config", o.config_path, kConfigHelp);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "m2drop turns file drops (3PL shipment tracking, ERP stock) into "
      "Magento 2 updates: it reads every file whatever tool wrote it, checks "
      "every row, and applies them through Magento's REST API in batches, "
      "with retries, exactly once.",
      "m2drop"};
  app.set_version_flag("--version", std::string("m2drop ") + M2DROP_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Run `m2drop COMMAND --help` for a command's options. Exit codes: 0 "
      "ok, 1 some rows failed, 2 usage or configuration error, 65 file "
      "unreadable, 75 Magento unavailable (try again), 77 credentials "
      "refused.");

  InspectOptions inspect;
  AddInspect(app, inspect);
  ValidateOptions validate;
  AddValidate(app, validate);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? m2drop::kExitOk : m2drop::kExitUsage;
  }
  // Commands print their results on stdout; logs go to stderr.
  (void)m2drop::app::ConfigureLogging({.format = "text", .level = "warn"});

  const std::string name = app.get_subcommands().front()->get_name();
  if (name == "inspect")
    return m2drop::app::RunInspect(inspect, std::cout, std::cerr);
  if (name == "validate") {
    return m2drop::app::RunValidate(validate, std::cout, std::cerr);
  }
  std::cerr << "m2drop: unknown command " << name << "\n";
  return m2drop::kExitUsage;
}
