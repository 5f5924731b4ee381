// SPDX-License-Identifier: Apache-2.0
// WatchedInbox: the state of one inbox inside the InboxMonitor: its name
// rules, its settle tracker, when it is next listed, and which odd entries
// were already reported. It turns events and directory listings into
// tracker input and due files into ReadyFiles; the monitor decides when
// (inbox/inbox_monitor.h) and owns the watcher.
//
// Entries that are not regular files (symbolic links, directories, FIFOs,
// sockets, devices) are never returned; each is logged once at warn level,
// by name.
//
// Thread-safety: not thread-safe (owned by the monitor's thread). Scan and
// CollectReady block on the disk; the rest never blocks.
#ifndef M2DROP_INBOX_WATCHED_INBOX_H_
#define M2DROP_INBOX_WATCHED_INBOX_H_

#include <set>
#include <string>
#include <vector>

#include "m2drop/base/clock.h"
#include "m2drop/base/status.h"
#include "m2drop/fs/file_system.h"
#include "m2drop/inbox/inbox_monitor.h"
#include "m2drop/inbox/name_rules.h"
#include "m2drop/inbox/settle_tracker.h"
#include "m2drop/inbox/watcher.h"

namespace m2drop::inbox {

class WatchedInbox {
 public:
  // `watch` is the Watcher handle, or -1 when polled. The first scan is
  // due at once.
  WatchedInbox(InboxSpec spec, WatchHow how, int watch,
               const MonitorOptions& options);

  const InboxSpec& spec() const { return spec_; }
  WatchHow how() const { return how_; }
  int watch() const { return watch_; }

  // Feeds a kHint, kCreated or kRemoved event of this inbox's watch into
  // the tracker (names the rules ignore are dropped).
  void Apply(const FsEvent& event, SteadyTime now);

  // Makes the next ScanDue true (overflow, the safety interval, a request).
  void RequestScan() { scan_due_at_ = SteadyTime::min(); }
  bool ScanDue(SteadyTime now) const { return now >= scan_due_at_; }
  // Lists the directory: new drops are tracked as hinted, known ones
  // observed, vanished ones forgotten, markers recorded. kNotFound (naming
  // the directory and profile) when the inbox is gone; other listing
  // errors are logged and the scan is retried after the poll interval.
  Status Scan(fs::FileSystem& fs, SteadyTime now, WallTime wall_now);

  // Stats the files that are due and appends those ready to `ready`; they
  // are forgotten, so each is returned once. Never fails: a file that
  // cannot be stat'ed is dropped (logged) and found again by a scan.
  void CollectReady(fs::FileSystem& fs, SteadyTime now, WallTime wall_now,
                    std::vector<ReadyFile>& ready);

  // The next settle deadline or scan, whichever comes first.
  SteadyTime NextDeadline() const;
  InboxBacklog Backlog() const;

 private:
  std::string PathOf(const std::string& name) const;
  // Schedules the next listing after one that ended now.
  void ScheduleScan(SteadyTime now, bool succeeded);
  // True for a regular file; otherwise forgets `name` and logs once.
  bool KeepIfRegular(const std::string& name, fs::FileType type);
  void ObserveEntry(const fs::DirEntry& entry, SteadyTime now,
                    WallTime wall_now);
  ReadyFile MakeReady(const std::string& name, const FileStat& stat) const;

  InboxSpec spec_;
  WatchHow how_;
  int watch_;
  std::chrono::milliseconds poll_interval_;
  NameRules rules_;
  SettleTracker tracker_;
  SteadyTime scan_due_at_ = SteadyTime::min();
  std::set<std::string> warned_;  // non-regular names already logged
};

}  // namespace m2drop::inbox

#endif  // M2DROP_INBOX_WATCHED_INBOX_H_
