// SPDX-License-Identifier: Apache-2.0
// FileEvent: the one structured log line the daemon writes per file state
// change (issue 5 "Logs"): which file, which profile, its new state and the
// row counts so far, and how long this attempt took.
//
//   text: file=drop.csv profile=3pl state=processed rows=3 applied=2
//         already_present=1 failed=0 deferred=0 elapsed_ms=41
//         path=/srv/3pl/processed/drop.csv report=…/drop.csv.report.json
//         (stale= only when some row was stale; note, path and report only
//         when set)
//         (values with spaces, quotes or '=' in double quotes, escaped)
//   json: {"file":"drop.csv","profile":"3pl","state":"processed",…}
//
// Pure formatting plus LogFileEvent, which writes the line through spdlog's
// default logger (thread-safe).
#ifndef M2DROP_APP_DAEMON_FILE_EVENT_H_
#define M2DROP_APP_DAEMON_FILE_EVENT_H_

#include <cstdint>
#include <string>

#include "m2drop/config/config.h"

namespace m2drop::app {

struct FileEvent {
  std::string file;     // the drop's name
  std::string profile;  // the profile's name
  // claimed | processed | failed | waiting | duplicate | skipped
  std::string state;
  uint64_t rows = 0;
  uint64_t applied = 0;
  uint64_t already_present = 0;
  uint64_t failed = 0;
  uint64_t deferred = 0;
  uint64_t stale = 0;  // stock rows not applied because newer data exists
  int64_t elapsed_ms = 0;
  int attempt = 0;  // 0 = not counted (omitted)
  // Why it waits, what it duplicates, the file-level error; "" = omitted.
  // Never holds a secret (callers pass Status messages, which never do).
  std::string note;
  // Once filed: where the file is and its report; "" = omitted.
  std::string path;
  std::string report;
};

// The event as one line, in `format`.
std::string FormatFileEvent(const FileEvent& event, config::LogFormat format);

// Logs the event at info level (warn for failed and waiting states) in
// `format`.
void LogFileEvent(const FileEvent& event, config::LogFormat format);

}  // namespace m2drop::app

#endif  // M2DROP_APP_DAEMON_FILE_EVENT_H_
