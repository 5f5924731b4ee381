// SPDX-License-Identifier: Apache-2.0
// `m2drop demo`: the product as shops run it, on the sample drops, with
// nothing leaving the machine. Starts the Magento simulator with the demo
// catalog on a free loopback port, writes a temporary configuration (four
// profiles, a [daemon] section with the ledger in the temporary directory)
// and starts `m2drop watch` on it as a child process of this binary, its
// log in DIR/daemon.log. Drops every sample (tracking and stock) into its
// profile's inbox the way a producer should (a dot-name, then a rename),
// waits (at most 60 s) until the daemon has filed each one under
// processed/ or failed/ with its report, then drops the first sample again
// to show a duplicate filed with nothing applied. Prints a table of the
// outcomes, the error report of the failing sample and the stock rows
// skipped as stale (the ERP file's older update), stops the daemon with
// SIGTERM (it must exit 0) and the simulator, and removes the temporary
// directory except the daemon's log, whose path it prints. When something
// goes wrong it prints the end of the daemon's log and keeps the directory.
//
// Blocks until done (about two seconds); uses the calling thread and the
// simulator's threads.
#ifndef M2DROP_APP_COMMANDS_DEMO_COMMAND_H_
#define M2DROP_APP_COMMANDS_DEMO_COMMAND_H_

#include <ostream>
#include <string>

namespace m2drop::app {

struct DemoOptions {
  // The fixtures directory holding samples/ and sim/demo-seed.json.
  std::string fixtures_dir;
  // Keep the temporary directory (config, processed/, failed/, reports).
  bool keep = false;
};

// Returns 0 when every drop ended as expected and the daemon exited 0 on
// SIGTERM; 1 otherwise (including a daemon that did not start or a drop not
// filed in time); 2 when the fixtures or the simulator cannot be set up.
int RunDemo(const DemoOptions& options, std::ostream& out, std::ostream& err);

}  // namespace m2drop::app

#endif  // M2DROP_APP_COMMANDS_DEMO_COMMAND_H_
