// SPDX-License-Identifier: Apache-2.0
// `m2drop watch [--config FILE]`: the daemon (docs/design.md §3, issue 5). Runs
// until SIGTERM or SIGINT, watching every profile's inbox, claiming each
// complete drop into work/ and importing it on a pool of daemon.workers
// threads, with the ledger under daemon.state_dir.
//
// Threads: the calling (main) thread runs the watch loop — poll(2) on a
// signalfd and the inbox monitor's descriptor, then Daemon::Step —, and
// the WorkerPool's threads import. SIGTERM/SIGINT stop intake, give running
// imports daemon.shutdown_grace to finish, then stop them (their rows
// deferred and recorded, the files staying in work/ for the next start) and
// exit 0. SIGHUP reloads the configuration.
//
// REQUIRES: called from main before any other thread exists (the signals
// are blocked here, and threads inherit the mask), after GlobalInitCurl().
#ifndef M2DROP_APP_COMMANDS_WATCH_COMMAND_H_
#define M2DROP_APP_COMMANDS_WATCH_COMMAND_H_

#include <ostream>
#include <string>

namespace m2drop::app {

struct WatchOptions {
  std::string config_path;  // "" -> config::DefaultConfigPath()
};

// Runs the daemon. Returns the exit code: 0 after SIGTERM/SIGINT; 2 when it
// cannot start (configuration, credentials file, ledger, a missing inbox,
// directories on two filesystems: one line on `err`); 75 when a watched
// inbox disappears while running (systemd restarts the service, and the
// start-up check then says what is missing).
int RunWatch(const WatchOptions& options, std::ostream& err);

}  // namespace m2drop::app

#endif  // M2DROP_APP_COMMANDS_WATCH_COMMAND_H_
