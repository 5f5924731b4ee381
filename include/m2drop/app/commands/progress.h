// SPDX-License-Identifier: Apache-2.0
// A one-line live progress display for commands run on a terminal:
// "importing drop.csv: 1200/5000 rows (24%), 310 rows/s, ETA 12s".
//
// ProgressLine is thread-safe: workers call Update() as rows finish; it
// redraws at most every `interval` (time from the injected Clock) so a fast
// import does not flood the terminal. Only used when stderr is a TTY (see
// StderrIsTerminal); nothing is drawn otherwise.
#ifndef M2DROP_APP_COMMANDS_PROGRESS_H_
#define M2DROP_APP_COMMANDS_PROGRESS_H_

#include <cstdint>
#include <mutex>
#include <ostream>
#include <string>

#include "m2drop/base/clock.h"

namespace m2drop::app {

// The text of one progress line (no control characters). Pure.
std::string FormatProgress(std::string_view what, uint64_t done, uint64_t total,
                           Duration elapsed);

// Whether stderr is an interactive terminal.
bool StderrIsTerminal();

class ProgressLine {
 public:
  ProgressLine(std::ostream& out, const Clock& clock, std::string what,
               Duration interval = std::chrono::milliseconds(200));

  // Records progress; redraws the line when `interval` has passed since the
  // last redraw, or when done == total.
  void Update(uint64_t done, uint64_t total);

  // Clears the line, so the command's own output starts on a clean line.
  void Finish();

 private:
  void DrawLocked(uint64_t done, uint64_t total);

  std::ostream& out_;
  const Clock& clock_;
  const std::string what_;
  const Duration interval_;
  const SteadyTime started_;
  std::mutex mu_;
  SteadyTime last_draw_;  // guarded by mu_
  bool drawn_ = false;    // guarded by mu_
  size_t width_ = 0;      // guarded by mu_: length of the line drawn
};

}  // namespace m2drop::app

#endif  // M2DROP_APP_COMMANDS_PROGRESS_H_
