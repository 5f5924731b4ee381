// SPDX-License-Identifier: Apache-2.0
// m2drop's command line (docs/design.md §3): CLI11 parses, app/ does the work.
// Nothing here knows how a command works; each maps its flags onto the
// options struct of an app/ Run function and returns that function's exit
// code.
#include <CLI/CLI.hpp>
#include <iostream>
#include <string>

#include "m2drop/app/commands/check_config_command.h"
#include "m2drop/app/commands/demo_command.h"
#include "m2drop/app/commands/import_command.h"
#include "m2drop/app/commands/inspect_command.h"
#include "m2drop/app/commands/progress.h"
#include "m2drop/app/commands/sim_command.h"
#include "m2drop/app/commands/status_command.h"
#include "m2drop/app/commands/validate_command.h"
#include "m2drop/app/commands/watch_command.h"
#include "m2drop/app/ops/logging.h"
#include "m2drop/base/exit_codes.h"
#include "m2drop/magento/curl_transport.h"

namespace {

using m2drop::app::CheckConfigOptions;
using m2drop::app::DemoOptions;
using m2drop::app::ImportOptions;
using m2drop::app::InspectOptions;
using m2drop::app::SimOptions;
using m2drop::app::StatusOptions;
using m2drop::app::ValidateOptions;
using m2drop::app::WatchOptions;

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

void AddImport(CLI::App& app, ImportOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "import",
      "Import one drop with the same engine as the daemon: read and check "
      "every row, look orders and shipments up in batches, then ship and "
      "add tracks exactly once. Writes NAME.report.json (and "
      "NAME.errors.csv when rows failed). A file in the profile's inbox "
      "(or with --archive) moves to processed/ or failed/, after its "
      "reports are written. Exit 0: every row applied or already present; "
      "1: some rows failed; 2: usage or configuration; 65: file unreadable; "
      "74: the import ran but its report could not be written (the file is "
      "not moved; stderr says why; run again once fixed); 75: Magento "
      "unavailable, try again; 77: credentials refused.");
  cmd->add_option("FILE", o.file, "The drop to import")->required();
  cmd->add_option("--profile", o.profile,
                  "The [[profile]] whose columns and rules apply")
      ->required();
  cmd->add_flag("--dry-run", o.dry_run,
                "Only look up; write nothing to Magento. Rows say what would "
                "have happened");
  cmd->add_flag("--json", o.json,
                "Print one JSON summary on stdout (file, profile, dialect, "
                "rows_total, applied, already_present, failed, deferred, "
                "api_calls, elapsed_ms, errors)");
  cmd->add_flag("--archive", o.archive,
                "Move the file to the profile's processed/ or failed/ even "
                "when it is not in the profile's inbox");
  cmd->add_option("--report-dir", o.report_dir,
                  "Where the reports go when the file is not moved, created "
                  "when missing (default: beside the file; none when the "
                  "file stays in the profile's inbox)");
  cmd->add_option("--config", o.config_path, kConfigHelp);
}

void AddDemo(CLI::App& app, DemoOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "demo",
      "Start the Magento simulator with the demo catalog and `m2drop watch` "
      "on demo inboxes, drop every sample as a producer would (and one "
      "twice, to show the duplicate), print the outcomes and the error "
      "report of the broken sample, then stop the daemon. Nothing leaves "
      "this machine.");
  cmd->add_option("--fixtures", o.fixtures_dir,
                  "The fixtures directory (samples/ and sim/demo-seed.json)")
      ->capture_default_str();
  cmd->add_flag("--keep", o.keep,
                "Keep the temporary directory with the config, processed/, "
                "failed/ and the reports");
}

void AddCheckConfig(CLI::App& app, CheckConfigOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "check-config",
      "Validate the configuration, check every profile's directories, reach "
      "Magento with the configured credentials and every pull's SFTP server "
      "(host key, login, directory), and say in plain words what works and "
      "what does not. Exit 0: all good; 2: configuration or directory "
      "problem; 75: Magento or an SFTP server unreachable; 77: credentials, "
      "a login or a host key refused.");
  cmd->add_option("--config", o.config_path, kConfigHelp);
  CLI::Option* offline =
      cmd->add_flag("--offline", o.offline,
                    "Check the configuration and directories only; do not "
                    "contact Magento or any SFTP server");
  cmd->add_flag("--start-condition", o.start_condition,
                "Only decide whether the daemon should start (the systemd "
                "unit's ExecCondition): exit 1 with one line on stderr while "
                "[magento] base_url still names the example shop, else 0 "
                "with no output")
      ->excludes(offline);
}

void AddStatus(CLI::App& app, StatusOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "status",
      "Show what m2drop has done and what waits, from the ledger in "
      "daemon.state_dir: per profile the last success, the failures of the "
      "last 24 hours and the files waiting in the inbox and work/; files "
      "claimed or waiting for Magento; the last files with their outcome, "
      "counts and reports. Read-only. Exit 0; 2: configuration or ledger "
      "unreadable.");
  cmd->add_flag("--json", o.json,
                "Print one JSON object {ledger, profiles, unfinished, recent}");
  cmd->add_option("--limit", o.limit, "How many recent files to list")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  cmd->add_option("--config", o.config_path, kConfigHelp);
}

void AddWatch(CLI::App& app, WatchOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "watch",
      "Run the daemon: watch every profile's inbox, claim each complete "
      "drop into work/, import it and file it under processed/ or failed/ "
      "with its report, until SIGTERM or SIGINT. SIGHUP reloads the "
      "configuration. Logs go to stderr. Exit 0 after SIGTERM/SIGINT; 2: it "
      "cannot start (configuration, directories, ledger); 75: a watched "
      "inbox disappeared.");
  cmd->add_option("--config", o.config_path, kConfigHelp);
}

void AddSim(CLI::App& app, SimOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "sim",
      "Run the Magento simulator: an in-memory Magento 2 REST API on "
      "loopback for tests, the demo and benchmarks, with fault injection. "
      "Prints \"m2drop sim listening on http://HOST:PORT\" when ready; "
      "stops on SIGINT/SIGTERM. State and request counts: GET /_sim/state, "
      "GET /_sim/requests.");
  cmd->add_option("--port", o.port,
                  "TCP port; 0 picks a free port (printed on start)")
      ->capture_default_str();
  cmd->add_option("--host", o.host,
                  "Loopback address to bind (127.0.0.1, ::1 or localhost)")
      ->capture_default_str();
  cmd->add_option("--seed", o.seed_file,
                  "Seed JSON with orders, products, stock and credentials "
                  "(e.g. fixtures/sim/demo-seed.json); none: an empty shop");
  cmd->add_option("--latency-ms", o.latency_ms,
                  "Delay added to every API answer, in ms")
      ->capture_default_str();
  cmd->add_option("--jitter-ms", o.jitter_ms,
                  "Plus a uniform random delay of 0..N ms")
      ->capture_default_str();
  cmd->add_option("--error-rate", o.error_rate,
                  "Probability 0..1 that a request gets a 503 (not applied)")
      ->capture_default_str();
  cmd->add_option("--reset-rate", o.reset_rate,
                  "Probability 0..1 that the connection is dropped before "
                  "any answer (not applied)")
      ->capture_default_str();
  cmd->add_option("--lost-response-rate", o.lost_response_rate,
                  "Probability 0..1 that a request is applied but its "
                  "answer is cut off")
      ->capture_default_str();
  cmd->add_option("--lost-response-mode", o.lost_response_mode,
                  "How a lost answer is lost: before_bytes (closed before "
                  "any byte), after_headers, reset (TCP RST) or mixed")
      ->capture_default_str();
  cmd->add_option("--rate-limit", o.rate_limit,
                  "Requests per second above which the answer is 429 with "
                  "Retry-After; 0: no limit")
      ->capture_default_str();
  cmd->add_option("--outage", o.outages,
                  "START-END seconds after start during which every API "
                  "request gets a 503, e.g. 30-45 (repeatable)");
  cmd->add_option("--fault-seed", o.fault_seed,
                  "Seed of the fault random generator, so a run repeats")
      ->capture_default_str();
  cmd->add_option("--threads", o.threads, "Server worker threads")
      ->capture_default_str();
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
  ImportOptions import;
  AddImport(app, import);
  DemoOptions demo{.fixtures_dir = M2DROP_FIXTURES_DIR};
  AddDemo(app, demo);
  CheckConfigOptions check_config;
  AddCheckConfig(app, check_config);
  SimOptions sim;
  AddSim(app, sim);
  WatchOptions watch;
  AddWatch(app, watch);
  StatusOptions status;
  AddStatus(app, status);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? m2drop::kExitOk : m2drop::kExitUsage;
  }
  // Commands print their results on stdout; logs go to stderr.
  m2drop::app::LoggingOptions startup_logging;
  startup_logging.level = "warn";
  (void)m2drop::app::ConfigureLogging(startup_logging);
  // libcurl's global state must be set up before any thread starts.
  if (m2drop::Status s = m2drop::magento::GlobalInitCurl(); !s.ok()) {
    std::cerr << "m2drop: " << s.message() << "\n";
    return m2drop::kExitUsage;
  }

  const std::string name = app.get_subcommands().front()->get_name();
  if (name == "inspect")
    return m2drop::app::RunInspect(inspect, std::cout, std::cerr);
  if (name == "validate") {
    return m2drop::app::RunValidate(validate, std::cout, std::cerr);
  }
  if (name == "import") {
    import.progress = !import.json && m2drop::app::StderrIsTerminal();
    return m2drop::app::RunImport(import, std::cout, std::cerr);
  }
  if (name == "demo") return m2drop::app::RunDemo(demo, std::cout, std::cerr);
  if (name == "check-config") {
    return m2drop::app::RunCheckConfig(check_config, std::cout, std::cerr);
  }
  if (name == "sim") return m2drop::app::RunSim(sim, std::cout, std::cerr);
  if (name == "watch") return m2drop::app::RunWatch(watch, std::cerr);
  if (name == "status") {
    return m2drop::app::RunStatus(status, m2drop::RealClock::Instance(),
                                  std::cout, std::cerr);
  }
  std::cerr << "m2drop: unknown command " << name << "\n";
  return m2drop::kExitUsage;
}
