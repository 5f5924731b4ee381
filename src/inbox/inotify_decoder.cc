// SPDX-License-Identifier: Apache-2.0
#include "m2drop/inbox/inotify_decoder.h"

#include <sys/inotify.h>

#include <cstring>
#include <optional>
#include <string>

namespace m2drop::inbox {
namespace {

constexpr uint32_t kGoneMask =
    IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT | IN_IGNORED;

FsEvent Rescan(int wd, std::string reason) {
  return FsEvent{FsEventKind::kRescan, wd, "", std::move(reason)};
}

// The name in the record: `len` bytes, NUL-padded to alignment.
std::string NameOf(std::string_view raw) {
  size_t end = raw.find('\0');
  return std::string(raw.substr(0, end));
}

// One record's event, or none (a directory entry: not a file).
std::optional<FsEvent> DecodeOne(const inotify_event& ev, std::string name,
                                 const std::set<int>& known) {
  if (ev.mask & IN_Q_OVERFLOW) {
    return Rescan(-1, "the inotify queue overflowed");
  }
  if (!known.contains(ev.wd)) {
    return Rescan(ev.wd, "an event for unknown watch " + std::to_string(ev.wd));
  }
  if (ev.mask & kGoneMask)
    return FsEvent{FsEventKind::kInboxGone, ev.wd, "", ""};
  if (ev.mask & IN_ISDIR) return std::nullopt;
  FsEventKind kind;
  if (ev.mask & (IN_CLOSE_WRITE | IN_MOVED_TO)) {
    kind = FsEventKind::kHint;
  } else if (ev.mask & IN_CREATE) {
    kind = FsEventKind::kCreated;
  } else if (ev.mask & (IN_DELETE | IN_MOVED_FROM)) {
    kind = FsEventKind::kRemoved;
  } else {
    return Rescan(ev.wd, "an unexpected inotify event (mask " +
                             std::to_string(ev.mask) + ")");
  }
  if (name.empty()) {
    return Rescan(ev.wd, "an inotify event without a file name");
  }
  return FsEvent{kind, ev.wd, std::move(name), ""};
}

}  // namespace

std::vector<FsEvent> DecodeInotify(std::string_view bytes,
                                   const std::set<int>& known) {
  std::vector<FsEvent> events;
  size_t pos = 0;
  while (pos < bytes.size()) {
    inotify_event ev;
    if (bytes.size() - pos < sizeof ev) {
      events.push_back(Rescan(-1, "a truncated inotify event"));
      break;
    }
    // memcpy: the buffer need not be aligned for inotify_event.
    std::memcpy(&ev, bytes.data() + pos, sizeof ev);
    pos += sizeof ev;
    if (bytes.size() - pos < ev.len) {
      events.push_back(Rescan(-1, "a truncated inotify event name"));
      break;
    }
    std::string name = NameOf(bytes.substr(pos, ev.len));
    pos += ev.len;
    if (auto event = DecodeOne(ev, std::move(name), known)) {
      events.push_back(std::move(*event));
    }
  }
  return events;
}

}  // namespace m2drop::inbox
