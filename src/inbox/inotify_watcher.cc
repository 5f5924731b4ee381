// SPDX-License-Identifier: Apache-2.0
#include "m2drop/inbox/inotify_watcher.h"

#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iterator>
#include <string_view>

#include "m2drop/base/strings.h"
#include "m2drop/inbox/inotify_decoder.h"

namespace m2drop::inbox {
namespace {

constexpr uint32_t kMask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE |
                           IN_DELETE | IN_MOVED_FROM | IN_DELETE_SELF |
                           IN_MOVE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW;
constexpr int kMaxReadsPerCall = 64;

Status AddError(const std::string& dir, int err) {
  std::string what = "cannot watch " + QuoteForMessage(dir);
  switch (err) {
    case ENOENT:
      return Status::NotFound(what + ": no such directory");
    case ENOTDIR:
      return Status::NotFound(what + ": not a directory");
    case ENOSPC:
      return Status::Io(what +
                        ": the inotify watch limit is reached; raise "
                        "sysctl fs.inotify.max_user_watches");
    default:
      return Status::Io(what + ": " + std::strerror(err));
  }
}

}  // namespace

Result<std::unique_ptr<InotifyWatcher>> InotifyWatcher::Create() {
  int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    if (err == EMFILE) {
      return Status::Io(
          "cannot start inotify: too many instances or open files; raise "
          "sysctl fs.inotify.max_user_instances or the open-file limit");
    }
    return Status::Io(std::string("cannot start inotify: ") +
                      std::strerror(err));
  }
  return std::unique_ptr<InotifyWatcher>(new InotifyWatcher(fd));
}

InotifyWatcher::~InotifyWatcher() { close(fd_); }

Result<int> InotifyWatcher::Add(const std::string& dir) {
  int wd = inotify_add_watch(fd_, dir.c_str(), kMask);
  if (wd < 0) return AddError(dir, errno);
  known_.insert(wd);
  retired_.erase(wd);  // the kernel may hand out a retired number again
  return wd;
}

void InotifyWatcher::Remove(int watch) {
  if (!known_.contains(watch) || retired_.contains(watch)) return;
  // EINVAL means the kernel dropped the watch already (directory gone); its
  // IN_IGNORED is then queued or read, and retiring it is right either way.
  inotify_rm_watch(fd_, watch);
  retired_.insert(watch);
}

Result<std::vector<FsEvent>> InotifyWatcher::ReadEvents() {
  std::vector<FsEvent> events;
  for (int i = 0; i < kMaxReadsPerCall; ++i) {
    ssize_t got = read(fd_, buffer_.data(), buffer_.size());
    if (got < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      if (errno == EINTR) continue;
      return Status::Io(std::string("cannot read inotify events: ") +
                        std::strerror(errno));
    }
    if (got == 0) break;
    std::vector<FsEvent> decoded = DecodeInotify(
        std::string_view(buffer_.data(), static_cast<size_t>(got)), known_);
    std::move(decoded.begin(), decoded.end(), std::back_inserter(events));
  }
  FilterRetired(events);
  return events;
}

void InotifyWatcher::FilterRetired(std::vector<FsEvent>& events) {
  std::erase_if(events, [this](const FsEvent& event) {
    if (!retired_.contains(event.watch)) return false;
    if (event.kind == FsEventKind::kInboxGone) {
      // IN_IGNORED (or the directory's end) closes the retired watch.
      retired_.erase(event.watch);
      known_.erase(event.watch);
    }
    return true;
  });
  // An active watch that ended (the directory went) is gone for good too.
  for (const FsEvent& event : events) {
    if (event.kind == FsEventKind::kInboxGone) retired_.insert(event.watch);
  }
}

}  // namespace m2drop::inbox
