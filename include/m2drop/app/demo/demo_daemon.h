// SPDX-License-Identifier: Apache-2.0
// The daemon `m2drop demo` runs: `m2drop watch --config FILE` started as a
// child process of this same binary (/proc/self/exe), so the demo shows the
// product the way shops run it. The child's stdout and stderr (its log) go
// to a file the demo names, which outlives the child.
//
// Ownership: a DemoDaemon owns its child. The destructor kills (SIGKILL) and
// reaps a child that is still running, so nothing is left behind on an early
// return. Not thread-safe: one thread (the demo's) uses it. WaitForLog and
// Stop block, each at most for its timeout.
#ifndef M2DROP_APP_DEMO_DEMO_DAEMON_H_
#define M2DROP_APP_DEMO_DEMO_DAEMON_H_

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "m2drop/base/result.h"
#include "m2drop/base/status.h"

namespace m2drop::app {

// The line `m2drop watch` logs once every profile is watched.
inline constexpr char kDemoDaemonStarted[] = "m2drop watch started";

class DemoDaemon {
 public:
  // Starts `exe watch --config config_path`, appending its stdout and
  // stderr to `log_path` (created), with SIGTERM, SIGINT and SIGHUP at their
  // defaults and unblocked whatever this process did with them. kIo (naming
  // the path or the call) when the log cannot be opened or the child cannot
  // be spawned.
  static Result<std::unique_ptr<DemoDaemon>> Start(
      const std::string& exe, const std::string& config_path,
      const std::string& log_path);

  ~DemoDaemon();
  DemoDaemon(const DemoDaemon&) = delete;
  DemoDaemon& operator=(const DemoDaemon&) = delete;

  // Waits until the log contains `needle`, checking every 50 ms. OK when it
  // does; kUnavailable when the child exits first (saying with which code)
  // or `timeout` passes.
  Status WaitForLog(const std::string& needle,
                    std::chrono::milliseconds timeout);

  // The child's exit code (128 + N when killed by signal N) once it has
  // exited, std::nullopt while it runs. Reaps it; never blocks.
  std::optional<int> ExitCode();

  // Sends SIGTERM and waits for the exit, checking every 50 ms. The exit
  // code; kUnavailable when the child is still running after `timeout` (it
  // is then killed).
  Result<int> Stop(std::chrono::milliseconds timeout);

  // The log's whole text so far ("" when it cannot be read).
  std::string Log() const;
  const std::string& log_path() const { return log_path_; }

 private:
  DemoDaemon(pid_t pid, std::string log_path)
      : pid_(pid), log_path_(std::move(log_path)) {}

  pid_t pid_;
  std::optional<int> exit_code_;
  std::string log_path_;
};

// The last `count` lines of `text` (all of it when it has fewer), each
// ending in '\n'. Pure.
std::string LastLines(const std::string& text, int count);

}  // namespace m2drop::app

#endif  // M2DROP_APP_DEMO_DEMO_DAEMON_H_
