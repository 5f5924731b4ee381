// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/commands/progress.h"

#include <unistd.h>

#include <cstdio>

namespace m2drop::app {
namespace {

std::string FormatSeconds(double s) {
  char buf[32];
  if (s < 60) {
    std::snprintf(buf, sizeof buf, "%.0fs", s);
  } else if (s < 3600) {
    std::snprintf(buf, sizeof buf, "%dm%02ds", int(s) / 60, int(s) % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%dh%02dm", int(s) / 3600,
                  int(s) % 3600 / 60);
  }
  return buf;
}

}  // namespace

std::string FormatProgress(std::string_view what, uint64_t done, uint64_t total,
                           Duration elapsed) {
  const double secs = std::chrono::duration<double>(elapsed).count();
  std::string line(what);
  line += ": " + std::to_string(done) + "/" + std::to_string(total) + " rows";
  if (total > 0) {
    line += " (" + std::to_string(done * 100 / total) + "%)";
  }
  if (secs > 0 && done > 0) {
    const double rate = done / secs;
    char buf[32];
    std::snprintf(buf, sizeof buf, ", %.0f rows/s", rate);
    line += buf;
    if (done < total) {
      line += ", ETA " + FormatSeconds((total - done) / rate);
    }
  }
  return line;
}

bool StderrIsTerminal() { return isatty(STDERR_FILENO) == 1; }

ProgressLine::ProgressLine(std::ostream& out, const Clock& clock,
                           std::string what, Duration interval)
    : out_(out),
      clock_(clock),
      what_(std::move(what)),
      interval_(interval),
      started_(clock.Now()),
      last_draw_(started_) {}

void ProgressLine::Update(uint64_t done, uint64_t total) {
  std::lock_guard lock(mu_);
  const SteadyTime now = clock_.Now();
  if (done != total && drawn_ && now - last_draw_ < interval_) return;
  last_draw_ = now;
  DrawLocked(done, total);
}

void ProgressLine::DrawLocked(uint64_t done, uint64_t total) {
  std::string line =
      FormatProgress(what_, done, total, clock_.Now() - started_);
  // Pad over the previous, possibly longer, line.
  const size_t width = line.size();
  if (width < width_) line.append(width_ - width, ' ');
  width_ = width;
  out_ << '\r' << line << std::flush;
  drawn_ = true;
}

void ProgressLine::Finish() {
  std::lock_guard lock(mu_);
  if (!drawn_) return;
  out_ << '\r' << std::string(width_, ' ') << '\r' << std::flush;
  drawn_ = false;
}

}  // namespace m2drop::app
