// SPDX-License-Identifier: Apache-2.0
// Watcher: the seam between the inbox monitor and the kernel's change
// notifications (STYLE.md §4). It emits FsEvents for the directories it
// watches; the monitor treats them as hints and answers any doubt with a
// rescan (STYLE.md §5), so a Watcher never has to be complete, only honest
// about what it missed (kRescan).
//
// InotifyWatcher (inbox/inotify_watcher.h) is the real one; tests use
// FakeWatcher (tests/fakes/fake_watcher.h), fed by the test.
//
// Thread-safety: not thread-safe; one thread owns a Watcher. No call
// blocks: ReadEvents returns what is queued now.
#ifndef M2DROP_INBOX_WATCHER_H_
#define M2DROP_INBOX_WATCHER_H_

#include <string>
#include <vector>

#include "m2drop/base/result.h"

namespace m2drop::inbox {

enum class FsEventKind {
  kHint,       // a file was closed after writing or moved in: maybe ready
  kCreated,    // a file appeared with no close yet (hard link, O_TMPFILE,
               // or a writer still at work)
  kRemoved,    // a file was deleted or moved away
  kRescan,     // events were lost or made no sense: list the directory
  kInboxGone,  // the watched directory itself was deleted, moved or
               // unmounted
};

struct FsEvent {
  FsEventKind kind = FsEventKind::kRescan;
  // The watch handle from Watcher::Add; -1 for a kRescan that concerns
  // every watch (queue overflow).
  int watch = -1;
  std::string name;    // the entry in the watched directory; "" for
                       // kRescan and kInboxGone
  std::string reason;  // kRescan only: why, for the log

  friend bool operator==(const FsEvent&, const FsEvent&) = default;
};

class Watcher {
 public:
  virtual ~Watcher() = default;

  // Starts watching the entries of directory `dir` and returns a handle
  // that events carry. kNotFound when `dir` is missing or not a directory;
  // kIo otherwise (the message says which limit was hit).
  virtual Result<int> Add(const std::string& dir) = 0;
  // Stops watching; events still queued for the handle are dropped.
  // Unknown handles are ignored.
  virtual void Remove(int watch) = 0;
  // A descriptor that becomes readable when events are queued (poll(2) for
  // POLLIN), or -1 when there is none to wait on.
  virtual int fd() const = 0;
  // Every event queued now, in order, without blocking; empty when none.
  // kIo when reading fails.
  virtual Result<std::vector<FsEvent>> ReadEvents() = 0;
};

}  // namespace m2drop::inbox

#endif  // M2DROP_INBOX_WATCHER_H_
