// SPDX-License-Identifier: Apache-2.0
// InotifyWatcher: the Watcher over Linux inotify(7) (STYLE.md §5 rule 2).
//
// One inotify instance, opened with IN_NONBLOCK | IN_CLOEXEC, watching
// each directory with IN_CLOSE_WRITE | IN_MOVED_TO (hints), IN_CREATE,
// IN_DELETE | IN_MOVED_FROM, IN_DELETE_SELF | IN_MOVE_SELF, IN_ONLYDIR and
// IN_DONT_FOLLOW (IN_Q_OVERFLOW, IN_IGNORED and IN_UNMOUNT come anyway).
// Reads use a 64 KiB buffer and are decoded by DecodeInotify.
//
// Events of a removed watch that were still queued, and the kernel's
// IN_IGNORED acknowledging the removal, are dropped here, so a reload that
// removes an inbox causes no spurious rescan.
//
// Thread-safety: not thread-safe; the watch thread owns it. No call blocks.
#ifndef M2DROP_INBOX_INOTIFY_WATCHER_H_
#define M2DROP_INBOX_INOTIFY_WATCHER_H_

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "m2drop/base/result.h"
#include "m2drop/inbox/watcher.h"

namespace m2drop::inbox {

class InotifyWatcher final : public Watcher {
 public:
  // kIo when the instance cannot be made (the message names
  // fs.inotify.max_user_instances when that limit is hit).
  static Result<std::unique_ptr<InotifyWatcher>> Create();
  ~InotifyWatcher() override;
  InotifyWatcher(const InotifyWatcher&) = delete;
  InotifyWatcher& operator=(const InotifyWatcher&) = delete;

  // kNotFound for a missing directory or a non-directory; kIo naming
  // fs.inotify.max_user_watches when that limit is hit (ENOSPC).
  Result<int> Add(const std::string& dir) override;
  void Remove(int watch) override;
  int fd() const override { return fd_; }
  // Reads until the queue is empty (at most 64 reads, 4 MiB, per call so
  // that a flood cannot stall the caller; the descriptor stays readable).
  Result<std::vector<FsEvent>> ReadEvents() override;

 private:
  explicit InotifyWatcher(int fd) : fd_(fd), buffer_(64 * 1024) {}
  // Drops events of retired watches and forgets a retired watch once the
  // kernel acknowledged its removal.
  void FilterRetired(std::vector<FsEvent>& events);

  int fd_;
  std::vector<char> buffer_;  // one read's worth; the decoder copies out
  std::set<int> known_;       // active and retired watch descriptors
  std::set<int> retired_;     // removed, IN_IGNORED not read yet
};

}  // namespace m2drop::inbox

#endif  // M2DROP_INBOX_INOTIFY_WATCHER_H_
