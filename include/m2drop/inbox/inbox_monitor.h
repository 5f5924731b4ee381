// SPDX-License-Identifier: Apache-2.0
// InboxMonitor: turns the inboxes of every profile into a stream of files
// that are complete and ready to claim (docs/design.md §4, STYLE.md §5). It
// owns the per-inbox watch (inotify through a Watcher, or polling where inotify
// cannot see: NFS, CIFS, FUSE), the periodic safety rescan, the temporary-
// name rules, the per-file settle timers, marker files and the minimum age.
//
// A file is ready when its name matches the inbox's patterns and is not a
// temporary name, a hint arrived (IN_CLOSE_WRITE or IN_MOVED_TO; found by a
// scan or in poll mode counts as hinted; after IN_CREATE alone a fallback
// timer stands in for the hint, for hard links and O_TMPFILE), its size and
// mtime stayed the same for the inbox's settle period (any change restarts
// the period), its mtime is at least min_age old, and, when the inbox has a
// marker suffix, NAME<marker> exists.
//
// The monitor never moves a file: the daemon claims what Step returns
// (inbox/claim.h). A file is returned once; if it is still in the inbox
// later (the claim failed), the next rescan tracks it afresh.
//
// Thread-safety: not thread-safe; one thread (the daemon's watch thread)
// owns it. Step never blocks on anything but the disk; the caller waits on
// fd() and NextDeadline() (poll(2)), together with its own signal fd.
#ifndef M2DROP_INBOX_INBOX_MONITOR_H_
#define M2DROP_INBOX_INBOX_MONITOR_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "m2drop/base/clock.h"
#include "m2drop/base/result.h"
#include "m2drop/base/status.h"
#include "m2drop/fs/file_system.h"

namespace m2drop::inbox {

class Watcher;  // inbox/watcher.h

enum class WatchMode { kAuto, kInotify, kPoll };
enum class WatchHow { kInotify, kPoll };

struct InboxSpec {
  std::string profile;  // the profile's name (one inbox per profile)
  std::string dir;      // absolute
  std::vector<std::string> patterns = {"*.csv"};  // GlobMatch on the name
  std::chrono::milliseconds settle{2'000};
  std::chrono::milliseconds min_age{0};
  std::string marker;  // "" = none; ".ok" = NAME is ready once NAME.ok is
  WatchMode watch = WatchMode::kAuto;
};

struct ReadyFile {
  std::string profile;
  std::string path;  // dir/name
  std::string name;
  uint64_t size = 0;
  int64_t mtime_ns = 0;
  std::string marker_path;  // "" or the marker file, removed by the claim
};

struct MonitorOptions {
  // Full rescan of every inbox, the safety net behind inotify.
  std::chrono::milliseconds rescan_interval{5 * 60'000};
  // How often a polled inbox is listed.
  std::chrono::milliseconds poll_interval{1'000};
  // After IN_CREATE with no IN_CLOSE_WRITE: how long the file must have
  // settled before it counts as hinted anyway.
  std::chrono::milliseconds create_fallback{30'000};
};

// What waits in one inbox, for metrics and `status`.
struct InboxBacklog {
  std::string profile;
  size_t files = 0;             // matching files seen, not yet returned
  int64_t oldest_mtime_ns = 0;  // 0 when none
};

class InboxMonitor {
 public:
  struct Deps {
    fs::FileSystem& fs;
    const Clock& clock;
    // May be null: then every inbox is polled.
    Watcher* watcher = nullptr;
  };

  InboxMonitor(Deps deps, MonitorOptions options);
  ~InboxMonitor();
  InboxMonitor(const InboxMonitor&) = delete;
  InboxMonitor& operator=(const InboxMonitor&) = delete;

  // Starts watching `spec.dir`: picks inotify or polling (kAuto: poll on a
  // network or FUSE filesystem, or without a watcher), adds the watch, and
  // only then lists what is already there. kNotFound when the directory is
  // missing; kIo when the watch cannot be added (the message names
  // fs.inotify.max_user_watches when that limit is hit); kInvalidInput
  // when the profile is watched already.
  Status AddInbox(const InboxSpec& spec);
  // Stops watching the profile's inbox and forgets its files (a reload
  // removed the profile). Unknown profiles are ignored.
  void RemoveInbox(const std::string& profile);
  // Each inbox and how it is watched, in the order added.
  std::vector<std::pair<InboxSpec, WatchHow>> Inboxes() const;

  // The descriptor to poll(2) for readability, or -1 without a watcher.
  int fd() const;
  // Drains the watcher's events, rescans what is due (a rescan after an
  // overflow, an unknown watch, the rescan interval, a poll tick), stats
  // files whose settle period ended, and returns the files ready now,
  // oldest mtime first. kNotFound (naming the directory) when a watched
  // inbox was deleted or moved away: the daemon exits non-zero so that
  // systemd restarts it.
  Result<std::vector<ReadyFile>> Step();
  // The latest time Step should run next (settle deadlines, rescans, poll
  // ticks), even if fd() stays quiet.
  SteadyTime NextDeadline() const;
  // Makes the next Step rescan every inbox (SIGHUP, a claim that failed).
  void RequestRescan();
  std::vector<InboxBacklog> Backlog() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace m2drop::inbox

#endif  // M2DROP_INBOX_INBOX_MONITOR_H_
