// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/daemon/profile_dirs.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "m2drop/kinds/registry.h"

namespace m2drop::app {
namespace {

inbox::WatchMode ToInboxMode(config::WatchMode mode) {
  switch (mode) {
    case config::WatchMode::kInotify:
      return inbox::WatchMode::kInotify;
    case config::WatchMode::kPoll:
      return inbox::WatchMode::kPoll;
    case config::WatchMode::kAuto:
      break;
  }
  return inbox::WatchMode::kAuto;
}

}  // namespace

Status PrepareProfileDirs(fs::FileSystem& fs, const config::Profile& p) {
  Result<fs::FileInfo> inbox = fs.Stat(p.inbox);
  if (!inbox.ok() || inbox->type != fs::FileType::kDirectory) {
    return Status::NotFound("the inbox " + p.inbox + " of profile " + p.name +
                            " does not exist or is not a directory; create "
                            "it (m2drop never creates an inbox)");
  }
  for (const std::string* dir :
       {&p.work_dir, &p.processed_dir, &p.failed_dir}) {
    M2DROP_RETURN_IF_ERROR(fs.MakeDirs(*dir).WithContext(
        "profile " + p.name + ": cannot create " + *dir));
    M2DROP_ASSIGN_OR_RETURN(fs::FileInfo info, fs.Stat(*dir));
    if (info.type != fs::FileType::kDirectory) {
      return Status::InvalidInput("profile " + p.name + ": " + *dir +
                                  " is not a directory");
    }
    if (dir == &p.work_dir && (info.mode & 022) != 0) {
      // Issue 17: a producer that may write work/ could rename another file
      // (or a link to a file only m2drop may read) over a drop being
      // imported. FileJob refuses such a replacement; still say so.
      spdlog::warn(
          "profile={} {} is writable by others than m2drop (mode {:o}): "
          "whoever may write it could replace a file while it is imported; "
          "make it m2drop's alone (chmod 0700 {}; README \"SFTP inbox\")",
          p.name, *dir, info.mode, *dir);
    }
    if (info.device != inbox->device) {
      return Status::InvalidInput("profile " + p.name + ": " + *dir +
                                  " is on another filesystem "
                                  "than the inbox " +
                                  p.inbox +
                                  "; they must share one so that "
                                  "every move is an atomic rename");
    }
  }
  return Status::Ok();
}

inbox::InboxSpec InboxSpecFor(const config::Profile& p) {
  inbox::InboxSpec spec;
  spec.profile = p.name;
  spec.dir = p.inbox;
  spec.patterns = p.patterns;
  spec.settle = p.settle;
  spec.min_age = p.min_age;
  spec.marker = p.marker;
  spec.watch = ToInboxMode(p.watch);
  return spec;
}

Result<std::vector<WorkItem>> FilesInWork(
    fs::FileSystem& fs, const config::Profile& profile,
    const std::shared_ptr<const config::Config>& config) {
  M2DROP_ASSIGN_OR_RETURN(std::vector<fs::DirEntry> entries,
                          fs.ListDir(profile.work_dir));
  std::vector<WorkItem> items;
  for (const fs::DirEntry& e : entries) {
    if (e.info.type != fs::FileType::kRegular || e.name.empty() ||
        e.name[0] == '.') {
      continue;
    }
    WorkItem item;
    item.profile = profile.name;
    item.in_arrival_order = kinds::ImportKindOf(profile).in_arrival_order;
    item.path = profile.work_dir + "/" + e.name;
    item.name = e.name;
    item.mtime_ns = e.info.mtime_ns;
    item.config = config;
    items.push_back(std::move(item));
  }
  std::sort(items.begin(), items.end(),
            [](const WorkItem& a, const WorkItem& b) {
              return a.mtime_ns != b.mtime_ns ? a.mtime_ns < b.mtime_ns
                                              : a.name < b.name;
            });
  return items;
}

}  // namespace m2drop::app
