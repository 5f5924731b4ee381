// SPDX-License-Identifier: Apache-2.0
// SettleTracker: per-file settle timers of one inbox (STYLE.md §5 rule 3).
// Pure: it never reads a clock or the disk. The caller feeds it events
// (hints, creations, removals, markers) and stat observations, each with
// the time they happened, and asks which files are due for a stat and
// which are ready.
//
// A tracked file is ready when, at its latest observation:
//   - it was hinted (IN_CLOSE_WRITE, IN_MOVED_TO, found by a scan or a
//     poll), and its size and mtime have not changed for `settle`; or, when
//     no hint came (IN_CREATE only), for max(settle, create_fallback);
//   - its mtime is at least `min_age` old by the wall clock;
//   - when markers are required, its marker is present.
// Every change (a hint, a creation, a different size or mtime) restarts
// the period, so only idle time counts. A file is "settled" only when two
// observations with equal size and mtime lie the full period apart; a
// writer appending without pause therefore never settles.
//
// Thread-safety: not thread-safe (one per inbox, owned by the monitor).
// Never blocks.
#ifndef M2DROP_INBOX_SETTLE_TRACKER_H_
#define M2DROP_INBOX_SETTLE_TRACKER_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "m2drop/base/clock.h"

namespace m2drop::inbox {

struct SettleOptions {
  std::chrono::milliseconds settle{2'000};
  std::chrono::milliseconds min_age{0};
  // Replaces `settle` (when longer) for files that got no hint.
  std::chrono::milliseconds create_fallback{30'000};
  bool require_marker = false;
};

// What a stat(2) says about a file, as far as settling cares.
struct FileStat {
  uint64_t size = 0;
  int64_t mtime_ns = 0;  // wall clock, ns since the Unix epoch

  friend bool operator==(const FileStat&, const FileStat&) = default;
};

class SettleTracker {
 public:
  explicit SettleTracker(SettleOptions options) : options_(options) {}

  // A readiness hint for `name`: starts tracking it if new, marks it
  // hinted and restarts its period. The file is due for a stat at once, so
  // that the period starts from what the file looks like after the event.
  void Hint(const std::string& name, SteadyTime now);
  // `name` appeared without a hint (IN_CREATE): starts tracking it if new
  // (the fallback applies until a hint comes); restarts its period and
  // makes it due for a stat at once.
  void Created(const std::string& name, SteadyTime now);
  // A stat of `name` taken at `now` / `wall_now`. A size or mtime other
  // than the last one restarts the period. Starts tracking untracked names
  // (unhinted).
  void Observe(const std::string& name, const FileStat& stat, SteadyTime now,
               WallTime wall_now);
  // Stops tracking `name` (removed, returned, or not a regular file).
  void Forget(const std::string& name);
  // Records whether the marker of drop `name` exists; kept whether or not
  // `name` is tracked, so a marker may come first.
  void SetMarker(const std::string& name, bool present);
  bool HasMarker(const std::string& name) const;
  // Replaces every marker record with `present` (what a full scan saw).
  void SetMarkers(std::set<std::string> present) {
    markers_ = std::move(present);
  }

  bool IsTracked(const std::string& name) const;
  // Whether `name` met every condition at its latest observation. The
  // caller observes a file right before asking, so "ready" is never stale.
  bool IsReady(const std::string& name) const;
  // The latest observation of `name`, if any.
  std::optional<FileStat> LastStat(const std::string& name) const;

  // Tracked names whose next check is due at `now`: stat each, Observe,
  // then ask IsReady. Sorted by name.
  std::vector<std::string> Due(SteadyTime now) const;
  // The earliest time any tracked file is due; SteadyTime::max() when none
  // is (nothing tracked, or every file waits for its marker).
  SteadyTime NextDeadline() const;

  // Every tracked name, sorted.
  std::vector<std::string> Names() const;
  size_t size() const { return files_.size(); }
  // The oldest observed mtime; 0 when nothing was observed.
  int64_t OldestMtimeNs() const;

 private:
  struct Entry {
    bool hinted = false;
    std::optional<FileStat> stat;
    bool needs_stat = true;    // an event came since the latest observation
    SteadyTime last_change;    // start of the current idle period
    SteadyTime last_checked;   // time of the latest observation
    SteadyTime old_enough_at;  // when min_age is met (latest observation)
  };

  Entry& Track(const std::string& name, SteadyTime now);
  Duration IdleNeeded(const Entry& entry) const;
  bool IsSettled(const Entry& entry) const;
  bool IsReady(const std::string& name, const Entry& entry) const;
  SteadyTime DeadlineOf(const std::string& name, const Entry& entry) const;

  SettleOptions options_;
  std::map<std::string, Entry> files_;
  std::set<std::string> markers_;  // drops whose marker exists
};

}  // namespace m2drop::inbox

#endif  // M2DROP_INBOX_SETTLE_TRACKER_H_
