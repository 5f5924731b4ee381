// SPDX-License-Identifier: Apache-2.0
// Process-wide logging set-up (spdlog), done once by main before any thread
// starts. Every module logs through spdlog's default logger; this file
// decides where it goes and how it looks. Not thread-safe: call it from main.
#ifndef M2DROP_APP_OPS_LOGGING_H_
#define M2DROP_APP_OPS_LOGGING_H_

#include <string>
#include <string_view>
#include <vector>

#include "m2drop/base/status.h"

namespace m2drop::app {

struct LoggingOptions {
  // "text": "2026-11-22 06:00:00.123 info  message"; "json": one JSON object
  // per line with time, level and msg, for journald/Loki.
  std::string format = "text";
  // trace, debug, info, warn, error, off.
  std::string level = "info";
  // "" writes to stderr (journald under systemd); a path writes there
  // instead, rotated at 10 MiB with 5 old files kept (PATH.1 … PATH.5).
  std::string file;
  // The configured secrets (resolved token, password, OAuth keys): masked
  // in every line, as are well-known secret shapes (log_masking.h).
  std::vector<std::string> secrets;
};

// Sends log lines to stderr (journald reads it) in the chosen format.
// kInvalidInput for an unknown format or level.
Status ConfigureLogging(const LoggingOptions& options);

}  // namespace m2drop::app

#endif  // M2DROP_APP_OPS_LOGGING_H_
