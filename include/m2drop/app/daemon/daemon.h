// SPDX-License-Identifier: Apache-2.0
// Daemon: the state of `m2drop watch`'s watch loop (issue 5), owned by the
// main thread. Its Step is one turn of the loop — handle the signals read
// since the last turn, let the inbox monitor report ready files, claim them
// into work/ (the rename that is the lock between processes) and queue them
// for the workers — so tests drive it turn by turn; RunWatch (watch_command.h)
// only adds the poll(2) on the signalfd and the monitor's descriptor.
//
// Order: ready files are claimed oldest (inbox mtime) first, and a stock
// file is held back while an older file of its profile is still settling,
// so that stock files of one profile dropped together run in mtime order
// even when they settle a moment apart (the Scheduler then runs them one
// after another).
//
// Start-up (Start): every profile's directories are checked (profile_dirs.h),
// the files a previous run left in work/ are queued first (oldest first;
// a worker takes each only with its WorkLock, so a file a live second
// daemon is working on is left to it), then every inbox is added to the
// monitor, with one log line per profile saying what is watched and how.
//
// Signals: SIGTERM/SIGINT end the loop (the caller then shuts the workers
// down); SIGHUP reloads the configuration file: an invalid one is refused
// with a log line and the running one kept; a valid one adds, removes and
// re-adds inboxes (config_reload.h) without touching files in flight, which
// finish under the configuration they were claimed with.
//
// Thread-safety: not thread-safe; only the watch loop calls it. Step blocks
// only on the disk.
#ifndef M2DROP_APP_DAEMON_DAEMON_H_
#define M2DROP_APP_DAEMON_DAEMON_H_

#include <deque>
#include <memory>
#include <span>
#include <string>
#include <unordered_set>

#include "m2drop/app/daemon/config_reload.h"
#include "m2drop/app/daemon/scheduler.h"
#include "m2drop/app/daemon/work_queue.h"
#include "m2drop/base/clock.h"
#include "m2drop/base/status.h"
#include "m2drop/config/config.h"
#include "m2drop/fs/file_system.h"
#include "m2drop/inbox/inbox_monitor.h"

namespace m2drop::app {

class Daemon {
 public:
  struct Deps {
    fs::FileSystem& fs;
    const Clock& clock;
    inbox::InboxMonitor& monitor;
    WorkQueue& queue;
  };

  // `config_path` is what SIGHUP reloads; `config` the configuration loaded
  // from it.
  Daemon(Deps deps, std::string config_path,
         std::shared_ptr<const config::Config> config);

  // Prepares every profile, queues what waits in work/, adds the inboxes.
  // The first problem (a missing inbox, directories on two filesystems, an
  // inbox the monitor cannot watch), as a Status naming the profile; the
  // daemon must not start then.
  Status Start();

  enum class Next {
    kContinue,  // call Step again
    kStop,      // SIGTERM or SIGINT: shut down, exit 0
    kFatal,     // an inbox is gone (or the monitor failed): see fatal()
  };
  // One turn: handles `signals`, then claims and queues the ready files
  // (as many as the queue has room for; the rest wait for a later turn).
  Next Step(std::span<const int> signals);

  // Rereads the configuration file (SIGHUP). Returns the Status of the
  // refusal when the new configuration is not taken (the running one
  // stays), OK when it is.
  Status Reload();

  // The latest time Step should run even without an event: the monitor's
  // deadline, or soon when claimed files wait for room in the queue.
  SteadyTime NextDeadline() const;
  // Why Step said kFatal.
  const Status& fatal() const { return fatal_; }
  std::shared_ptr<const config::Config> config() const { return config_; }
  // Files ready or claimed that wait for room in the queue.
  size_t backlog() const { return ready_.size() + claimed_.size(); }

 private:
  Status AddProfile(const config::Profile& profile);
  void LogWatched(const std::string& profile) const;
  void ClaimReady();
  void Feed();
  // Takes a validated, prepared configuration over (SIGHUP).
  void Apply(std::shared_ptr<const config::Config> next,
             const ProfileDiff& diff);
  // Whether a ready stock file waits for an older one of its profile that
  // is still settling in the inbox.
  bool HeldBack(const inbox::ReadyFile& file,
                std::span<const inbox::InboxBacklog> settling) const;
  std::optional<WorkItem> ClaimOne(const inbox::ReadyFile& file);

  Deps deps_;
  std::string config_path_;
  std::shared_ptr<const config::Config> config_;
  std::deque<inbox::ReadyFile> ready_;  // ready, not claimed: queue full
  std::unordered_set<std::string> ready_paths_;  // the paths in ready_
  std::deque<WorkItem> claimed_;  // in work/, not queued: queue full
  Status fatal_;
};

}  // namespace m2drop::app

#endif  // M2DROP_APP_DAEMON_DAEMON_H_
