// SPDX-License-Identifier: Apache-2.0
// The pure part of a pull (issue 22): which remote files are complete,
// which to fetch, which remote jobs to finish, when to list again, and when
// an outage deserves an alert. Nothing here reads a clock or the network;
// callers pass what they saw and when (STYLE.md principle 2), and the
// tests run on a FakeClock.
//
//   - StabilityTracker: a remote file is complete once its size and mtime
//     held still between two listings (a server gives no close-write hint).
//   - PlanPull: from a listing, the stable names and what PullMemory
//     remembers: what to fetch, what to finish (a delete or move left
//     pending by a failure or a crash: done without fetching again), what
//     to forget (gone from the server, or changed: fetched again).
//   - PullBackoff: the delay to the next listing: `every` after a listing,
//     and after failures min(every, 5s) doubling up to max(every, 5 min).
//   - PullHealth: since when listing fails, whether that is longer than
//     alert_after (one alert per outage), and whether a listing after an
//     alert is a recovery.
//
// Thread-safety: not thread-safe (one of each per puller). Never blocks.
#ifndef M2DROP_PULL_PULL_PLAN_H_
#define M2DROP_PULL_PULL_PLAN_H_

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "m2drop/base/clock.h"
#include "m2drop/inbox/name_rules.h"
#include "m2drop/pull/pull_memory.h"
#include "m2drop/pull/remote_dir.h"

namespace m2drop::pull {

class StabilityTracker {
 public:
  // Records `listing` and returns the names of its regular files whose size
  // and mtime are those of the previous listing. The first listing has
  // none.
  std::set<std::string> Update(const std::vector<RemoteFile>& listing);
  // Forgets what was seen of `name`, so that it must hold still over two
  // more listings (e.g. it changed while it was downloaded).
  void Reset(const std::string& name) { last_.erase(name); }

 private:
  std::map<std::string, std::pair<uint64_t, int64_t>> last_;
};

struct PullPlan {
  // Stable, matching, regular files not remembered as they are: oldest
  // mtime first (then by name), so a profile's drops reach the inbox in
  // the order the producer wrote them.
  std::vector<RemoteFile> fetch;
  // Remembered with a delete or move pending and unchanged on the server:
  // do the delete or move, do not fetch.
  std::vector<RemoteFile> finish;
  // Remembered names that are gone from the server or changed there.
  std::vector<std::string> forget;
};

// The plan for one listing. `rules` select the drops (the pull's
// patterns; temporary names never match).
PullPlan PlanPull(const std::vector<RemoteFile>& listing,
                  const std::set<std::string>& stable,
                  const std::vector<Remembered>& remembered,
                  const inbox::NameRules& rules);

class PullBackoff {
 public:
  explicit PullBackoff(std::chrono::milliseconds every) : every_(every) {}

  // A listing worked: the next is `every` later.
  std::chrono::milliseconds Succeeded();
  // A turn failed: the wait before the next attempt, min(every, 5s) for
  // the first failure, doubling per failure in a row, at most
  // max(every, 5 min).
  std::chrono::milliseconds Failed();
  int failures() const { return failures_; }

 private:
  std::chrono::milliseconds every_;
  int failures_ = 0;
};

class PullHealth {
 public:
  // `alert_after` 0 = never alert.
  explicit PullHealth(std::chrono::milliseconds alert_after)
      : alert_after_(alert_after) {}

  // A listing worked at `now`. True when it ends an outage that was
  // alerted (send "recovered").
  bool Listed(WallTime now);
  // A turn failed at `now`. True once per outage: when listing has failed
  // for alert_after.
  bool Failed(WallTime now);

  std::optional<WallTime> failing_since() const { return failing_since_; }
  std::optional<WallTime> last_listing() const { return last_listing_; }
  // Whether the current outage was alerted (and is not over).
  bool alerted() const { return alerted_; }

 private:
  std::chrono::milliseconds alert_after_;
  std::optional<WallTime> failing_since_;
  std::optional<WallTime> last_listing_;
  bool alerted_ = false;
};

}  // namespace m2drop::pull

#endif  // M2DROP_PULL_PULL_PLAN_H_
