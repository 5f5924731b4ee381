// SPDX-License-Identifier: Apache-2.0
#include "m2drop/inbox/watched_inbox.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

#include "m2drop/base/strings.h"

namespace m2drop::inbox {
namespace {

std::string_view TypeName(fs::FileType type) {
  switch (type) {
    case fs::FileType::kSymlink:
      return "a symbolic link";
    case fs::FileType::kDirectory:
      return "a directory";
    default:
      return "not a regular file";
  }
}

SettleOptions SettleOptionsOf(const InboxSpec& spec,
                              const MonitorOptions& options) {
  SettleOptions settle;
  settle.settle = spec.settle;
  settle.min_age = spec.min_age;
  settle.create_fallback = options.create_fallback;
  settle.require_marker = !spec.marker.empty();
  return settle;
}

}  // namespace

WatchedInbox::WatchedInbox(InboxSpec spec, WatchHow how, int watch,
                           const MonitorOptions& options)
    : spec_(std::move(spec)),
      how_(how),
      watch_(watch),
      poll_interval_(options.poll_interval),
      rules_(spec_.patterns, spec_.marker),
      tracker_(SettleOptionsOf(spec_, options)) {}

std::string WatchedInbox::PathOf(const std::string& name) const {
  if (!spec_.dir.empty() && spec_.dir.back() == '/') return spec_.dir + name;
  return spec_.dir + "/" + name;
}

void WatchedInbox::Apply(const FsEvent& event, SteadyTime now) {
  switch (rules_.Classify(event.name)) {
    case NameKind::kIgnored:
      return;
    case NameKind::kMarker:
      tracker_.SetMarker(std::string(rules_.MarkedName(event.name)),
                         event.kind != FsEventKind::kRemoved);
      return;
    case NameKind::kDrop:
      break;
  }
  if (event.kind == FsEventKind::kHint) {
    tracker_.Hint(event.name, now);
  } else if (event.kind == FsEventKind::kCreated) {
    tracker_.Created(event.name, now);
  } else if (event.kind == FsEventKind::kRemoved) {
    tracker_.Forget(event.name);
  }
}

void WatchedInbox::ScheduleScan(SteadyTime now, bool succeeded) {
  if (succeeded && how_ == WatchHow::kInotify) {
    scan_due_at_ = SteadyTime::max();  // until the monitor asks again
  } else {
    scan_due_at_ = now + poll_interval_;
  }
}

Status WatchedInbox::Scan(fs::FileSystem& fs, SteadyTime now,
                          WallTime wall_now) {
  Result<std::vector<fs::DirEntry>> listed = fs.ListDir(spec_.dir);
  if (!listed.ok()) {
    if (listed.status().code() == StatusCode::kNotFound) {
      return Status::NotFound("the inbox " + QuoteForMessage(spec_.dir) +
                              " of profile " + QuoteForMessage(spec_.profile) +
                              " is gone");
    }
    spdlog::warn("inbox: cannot list {} (profile {}), retrying in {} ms: {}",
                 spec_.dir, spec_.profile, poll_interval_.count(),
                 listed.status().ToString());
    ScheduleScan(now, /*succeeded=*/false);
    return Status::Ok();
  }
  std::set<std::string> drops, markers;
  for (const fs::DirEntry& entry : *listed) {
    NameKind kind = rules_.Classify(entry.name);
    if (kind == NameKind::kMarker) {
      markers.emplace(rules_.MarkedName(entry.name));
    } else if (kind == NameKind::kDrop &&
               KeepIfRegular(entry.name, entry.info.type)) {
      drops.insert(entry.name);
      ObserveEntry(entry, now, wall_now);
    }
  }
  for (const std::string& name : tracker_.Names()) {
    if (!drops.contains(name)) tracker_.Forget(name);
  }
  std::erase_if(warned_, [&](const std::string& name) {
    return std::none_of(listed->begin(), listed->end(),
                        [&](const fs::DirEntry& e) { return e.name == name; });
  });
  tracker_.SetMarkers(std::move(markers));
  ScheduleScan(now, /*succeeded=*/true);
  return Status::Ok();
}

void WatchedInbox::ObserveEntry(const fs::DirEntry& entry, SteadyTime now,
                                WallTime wall_now) {
  // Found by a scan counts as hinted, but a file known from IN_CREATE keeps
  // waiting for its close or the fallback: it may still be written.
  if (!tracker_.IsTracked(entry.name)) tracker_.Hint(entry.name, now);
  tracker_.Observe(entry.name, {entry.info.size, entry.info.mtime_ns}, now,
                   wall_now);
}

bool WatchedInbox::KeepIfRegular(const std::string& name, fs::FileType type) {
  if (type == fs::FileType::kRegular) return true;
  tracker_.Forget(name);
  if (warned_.insert(name).second) {
    spdlog::warn("inbox: ignoring {} in {} (profile {}): {}",
                 QuoteForMessage(name), spec_.dir, spec_.profile,
                 TypeName(type));
  }
  return false;
}

void WatchedInbox::CollectReady(fs::FileSystem& fs, SteadyTime now,
                                WallTime wall_now,
                                std::vector<ReadyFile>& ready) {
  for (const std::string& name : tracker_.Due(now)) {
    Result<fs::FileInfo> info = fs.Stat(PathOf(name));
    if (!info.ok()) {
      if (info.status().code() != StatusCode::kNotFound) {
        spdlog::warn("inbox: cannot stat {}, will rescan: {}", PathOf(name),
                     info.status().ToString());
        ScheduleScan(now, /*succeeded=*/false);
      }
      tracker_.Forget(name);
      continue;
    }
    if (!KeepIfRegular(name, info->type)) continue;
    FileStat stat{info->size, info->mtime_ns};
    tracker_.Observe(name, stat, now, wall_now);
    if (tracker_.IsReady(name)) {
      ready.push_back(MakeReady(name, stat));
      tracker_.Forget(name);
    }
  }
}

ReadyFile WatchedInbox::MakeReady(const std::string& name,
                                  const FileStat& stat) const {
  ReadyFile file;
  file.profile = spec_.profile;
  file.path = PathOf(name);
  file.name = name;
  file.size = stat.size;
  file.mtime_ns = stat.mtime_ns;
  if (rules_.uses_markers()) file.marker_path = PathOf(rules_.MarkerFor(name));
  return file;
}

SteadyTime WatchedInbox::NextDeadline() const {
  return std::min(tracker_.NextDeadline(), scan_due_at_);
}

InboxBacklog WatchedInbox::Backlog() const {
  return InboxBacklog{spec_.profile, tracker_.size(), tracker_.OldestMtimeNs()};
}

}  // namespace m2drop::inbox
