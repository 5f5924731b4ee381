// SPDX-License-Identifier: Apache-2.0
// Scheduler: the order in which claimed files (in work/) are handed to the
// daemon's workers (issue 5). Pure bookkeeping, no threads and no clock of
// its own: callers pass `now`.
//
// Rules:
//   - oldest first: among the files that may run, the one with the oldest
//     inbox mtime (then the one added first) goes next;
//   - a file re-queued after a retry-later waits until its `not_before`;
//   - files of a kind imported in arrival order (kinds::ImportKind::
//     in_arrival_order, e.g. stock) run strictly one after another per
//     profile: while one runs, or while the profile's oldest queued file
//     waits for its backoff, no other file of that profile is taken (an
//     older quantity must never land after a newer one, docs/design.md §6);
//   - files of other kinds (tracking) run in parallel on any number of
//     workers.
//
// Thread-safety: not thread-safe; WorkQueue (work_queue.h) guards it.
#ifndef M2DROP_APP_DAEMON_SCHEDULER_H_
#define M2DROP_APP_DAEMON_SCHEDULER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "m2drop/base/clock.h"
#include "m2drop/config/config.h"

namespace m2drop::app {

// One claimed file waiting in work/ or being imported.
struct WorkItem {
  std::string profile;
  // The profile's kind imports in arrival order (kinds/registry.h).
  bool in_arrival_order = false;
  std::string path;      // the file in work/
  std::string name;      // its name as it arrived in the inbox
  int64_t mtime_ns = 0;  // inbox mtime: the "oldest first" key
  // The configuration the file was claimed under; it finishes under it even
  // when a SIGHUP reload changes the profile meanwhile. Never null once
  // queued.
  std::shared_ptr<const config::Config> config;
  // Earliest time to (re)start; the epoch for a fresh file.
  SteadyTime not_before{};
  // How many times the file was re-queued to wait for Magento (drives the
  // backoff, waiting.h).
  int waits = 0;
  // Assigned by the scheduler: tie-break for equal mtimes, and identity.
  uint64_t seq = 0;
};

class Scheduler {
 public:
  // Queues `item` (assigning its seq).
  void Add(WorkItem item);
  // Removes and returns the next file that may start at `now`, marking its
  // profile busy when its files run in arrival order; nullopt when none may
  // start yet.
  std::optional<WorkItem> Take(SteadyTime now);
  // A taken file ended (finished, or re-queued through Add): its profile's
  // in-order lane is free again. REQUIRES: `item` came from Take.
  void Finish(const WorkItem& item);
  // The earliest not_before among queued files that are only held back by
  // time; nullopt when none is (then only Add or Finish can change Take).
  std::optional<SteadyTime> NextWake(SteadyTime now) const;

  size_t queued() const { return items_.size(); }
  size_t running() const { return running_; }

 private:
  // Whether `item` may start at `now`, given the queue and busy lanes.
  bool Eligible(const WorkItem& item, SteadyTime now) const;
  // Whether `item` is the oldest queued in-order file of its profile.
  bool OldestOfProfile(const WorkItem& item) const;

  std::vector<WorkItem> items_;
  std::map<std::string, bool> busy_;  // profile -> an in-order file runs
  size_t running_ = 0;
  uint64_t next_seq_ = 1;
};

// a before b in "oldest first" order.
bool OlderThan(const WorkItem& a, const WorkItem& b);

}  // namespace m2drop::app

#endif  // M2DROP_APP_DAEMON_SCHEDULER_H_
