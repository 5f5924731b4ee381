// SPDX-License-Identifier: Apache-2.0
// FakeWatcher: an inbox::Watcher fed by the test (STYLE.md §4). It never
// touches the kernel: Add hands out watch handles 1, 2, ... and records the
// directory; the test queues events with Hint/Created/Removed/Overflow/Gone
// (by directory) or Push, and ReadEvents returns and clears the queue.
// Events for a directory not watched (or no longer) carry handle -1 unless
// pushed by hand.
//
// Every Watcher call is recorded in ops(): "add DIR", "remove N", "read".
// FailNextAdd / FailNextRead make the next such call return the status.
// fd() is -1: there is nothing to poll, tests call Step directly.
//
// Not thread-safe, like the Watcher it stands for. Header-only.
#ifndef M2DROP_TESTS_FAKES_FAKE_WATCHER_H_
#define M2DROP_TESTS_FAKES_FAKE_WATCHER_H_

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "m2drop/inbox/watcher.h"

namespace m2drop::inbox {

class FakeWatcher final : public Watcher {
 public:
  // --- Test feeding --------------------------------------------------------

  void Hint(const std::string& dir, const std::string& name) {
    Push({FsEventKind::kHint, WatchOf(dir), name, ""});
  }
  void Created(const std::string& dir, const std::string& name) {
    Push({FsEventKind::kCreated, WatchOf(dir), name, ""});
  }
  void Removed(const std::string& dir, const std::string& name) {
    Push({FsEventKind::kRemoved, WatchOf(dir), name, ""});
  }
  // A queue overflow: every watch needs a rescan.
  void Overflow(const std::string& reason = "the inotify queue overflowed") {
    Push({FsEventKind::kRescan, -1, "", reason});
  }
  void Gone(const std::string& dir) {
    Push({FsEventKind::kInboxGone, WatchOf(dir), "", ""});
  }
  void Push(FsEvent event) { queue_.push_back(std::move(event)); }

  void FailNextAdd(Status status) { add_failure_ = std::move(status); }
  void FailNextRead(Status status) { read_failure_ = std::move(status); }

  // --- Inspection ----------------------------------------------------------

  // The handle watching `dir`, or -1.
  int WatchOf(const std::string& dir) const {
    for (const auto& [wd, watched] : dirs_) {
      if (watched == dir) return wd;
    }
    return -1;
  }
  bool IsWatching(const std::string& dir) const { return WatchOf(dir) >= 0; }
  const std::vector<std::string>& ops() const { return ops_; }
  size_t queued() const { return queue_.size(); }

  // --- Watcher -------------------------------------------------------------

  Result<int> Add(const std::string& dir) override {
    ops_.push_back("add " + dir);
    if (add_failure_) return *std::exchange(add_failure_, std::nullopt);
    int wd = next_wd_++;
    dirs_[wd] = dir;
    return wd;
  }
  void Remove(int watch) override {
    ops_.push_back("remove " + std::to_string(watch));
    dirs_.erase(watch);
  }
  int fd() const override { return -1; }
  Result<std::vector<FsEvent>> ReadEvents() override {
    ops_.push_back("read");
    if (read_failure_) return *std::exchange(read_failure_, std::nullopt);
    return std::exchange(queue_, {});
  }

 private:
  int next_wd_ = 1;
  std::map<int, std::string> dirs_;
  std::vector<FsEvent> queue_;
  std::optional<Status> add_failure_;
  std::optional<Status> read_failure_;
  std::vector<std::string> ops_;
};

}  // namespace m2drop::inbox

#endif  // M2DROP_TESTS_FAKES_FAKE_WATCHER_H_
