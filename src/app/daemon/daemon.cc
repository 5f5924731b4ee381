// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/daemon/daemon.h"

#include <signal.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "m2drop/app/daemon/config_reload.h"
#include "m2drop/app/daemon/profile_dirs.h"
#include "m2drop/base/strings.h"
#include "m2drop/config/loader.h"
#include "m2drop/inbox/claim.h"
#include "m2drop/kinds/registry.h"

namespace m2drop::app {
namespace {

// How soon Step runs again while files wait for room in the queue.
constexpr std::chrono::milliseconds kBacklogTick{100};

}  // namespace

Daemon::Daemon(Deps deps, std::string config_path,
               std::shared_ptr<const config::Config> config)
    : deps_(deps),
      config_path_(std::move(config_path)),
      config_(std::move(config)) {}

Status Daemon::Start() {
  for (const config::Profile& p : config_->profiles) {
    M2DROP_RETURN_IF_ERROR(PrepareProfileDirs(deps_.fs, p));
  }
  for (const config::Profile& p : config_->profiles) {
    M2DROP_ASSIGN_OR_RETURN(std::vector<WorkItem> left,
                            FilesInWork(deps_.fs, p, config_));
    if (!left.empty()) {
      spdlog::info("profile={} resuming {} files left in {}", p.name,
                   left.size(), p.work_dir);
    }
    for (WorkItem& item : left) claimed_.push_back(std::move(item));
  }
  for (const config::Profile& p : config_->profiles) {
    M2DROP_RETURN_IF_ERROR(AddProfile(p));
  }
  return Status::Ok();
}

Status Daemon::AddProfile(const config::Profile& p) {
  M2DROP_RETURN_IF_ERROR(
      deps_.monitor.AddInbox(InboxSpecFor(p))
          .WithContext("profile " + p.name + ": cannot watch " + p.inbox));
  LogWatched(p.name);
  return Status::Ok();
}

void Daemon::LogWatched(const std::string& profile) const {
  for (const auto& [spec, how] : deps_.monitor.Inboxes()) {
    if (spec.profile != profile) continue;
    const config::Profile* p = config::FindProfile(*config_, profile);
    spdlog::info(
        "watching profile={} kind={} inbox={} pattern={} marker={} how={}",
        profile, p ? p->kind->name : "?", spec.dir, Join(spec.patterns, ","),
        spec.marker.empty() ? "none" : spec.marker,
        how == inbox::WatchHow::kInotify ? "inotify" : "poll");
  }
}

Daemon::Next Daemon::Step(std::span<const int> signals) {
  for (int sig : signals) {
    if (sig == SIGHUP) {
      (void)Reload();
      continue;
    }
    spdlog::info("received {}: stopping intake",
                 sig == SIGINT ? "SIGINT" : "SIGTERM");
    return Next::kStop;
  }
  Result<std::vector<inbox::ReadyFile>> ready = deps_.monitor.Step();
  if (!ready.ok()) {
    fatal_ = ready.status();
    return Next::kFatal;
  }
  for (inbox::ReadyFile& file : *ready) {
    // A file waiting for room is reported again by every rescan.
    if (ready_paths_.insert(file.path).second)
      ready_.push_back(std::move(file));
  }
  Feed();
  return Next::kContinue;
}

void Daemon::Feed() {
  while (!claimed_.empty() && deps_.queue.HasRoom()) {
    if (!deps_.queue.TryPush(claimed_.front())) break;
    claimed_.pop_front();
  }
  if (!claimed_.empty()) return;
  // Oldest first across turns too: files that settle a moment apart come
  // out of different monitor turns.
  std::stable_sort(ready_.begin(), ready_.end(),
                   [](const inbox::ReadyFile& a, const inbox::ReadyFile& b) {
                     return a.mtime_ns < b.mtime_ns;
                   });
  const std::vector<inbox::InboxBacklog> settling = deps_.monitor.Backlog();
  for (auto it = ready_.begin(); it != ready_.end() && deps_.queue.HasRoom();) {
    if (HeldBack(*it, settling)) {
      ++it;
      continue;
    }
    inbox::ReadyFile file = std::move(*it);
    it = ready_.erase(it);
    ready_paths_.erase(file.path);
    std::optional<WorkItem> item = ClaimOne(file);
    if (item && !deps_.queue.TryPush(*item)) claimed_.push_back(*item);
  }
}

bool Daemon::HeldBack(const inbox::ReadyFile& file,
                      std::span<const inbox::InboxBacklog> settling) const {
  const config::Profile* p = config::FindProfile(*config_, file.profile);
  if (p == nullptr || !kinds::ImportKindOf(*p).in_arrival_order) return false;
  // An older file of the profile still settling goes first, or its older
  // rows (stock: quantities) would land after this file's newer ones.
  for (const inbox::InboxBacklog& b : settling) {
    if (b.profile == file.profile && b.files > 0 && b.oldest_mtime_ns != 0 &&
        b.oldest_mtime_ns < file.mtime_ns) {
      return true;
    }
  }
  return false;
}

std::optional<WorkItem> Daemon::ClaimOne(const inbox::ReadyFile& file) {
  const config::Profile* p = config::FindProfile(*config_, file.profile);
  if (p == nullptr) return std::nullopt;  // removed by a reload meanwhile
  Result<std::string> claimed = inbox::Claim(deps_.fs, file, p->work_dir);
  if (!claimed.ok()) {
    if (claimed.status().code() != StatusCode::kNotFound) {
      spdlog::error("profile={} cannot claim {}: {}", file.profile, file.path,
                    claimed.status().message());
      deps_.monitor.RequestRescan();
    }
    return std::nullopt;  // kNotFound: another process took it
  }
  WorkItem item;
  item.profile = p->name;
  item.in_arrival_order = kinds::ImportKindOf(*p).in_arrival_order;
  item.path = *claimed;
  item.name = file.name;
  item.mtime_ns = file.mtime_ns;
  item.config = config_;
  return item;
}

SteadyTime Daemon::NextDeadline() const {
  SteadyTime deadline = deps_.monitor.NextDeadline();
  if (backlog() > 0) {
    deadline = std::min(deadline, deps_.clock.Now() + kBacklogTick);
  }
  return deadline;
}

Status Daemon::Reload() {
  Result<config::Config> loaded = config::LoadFile(config_path_);
  if (!loaded.ok()) {
    spdlog::error(
        "SIGHUP: {} is not valid, keeping the running "
        "configuration: {}",
        config_path_, loaded.status().message());
    return loaded.status();
  }
  auto next = std::make_shared<const config::Config>(std::move(*loaded));
  const ProfileDiff diff = DiffProfiles(*config_, *next);
  for (const auto* names : {&diff.added, &diff.rewatch}) {
    for (const std::string& name : *names) {
      const config::Profile& p = *config::FindProfile(*next, name);
      if (Status s = PrepareProfileDirs(deps_.fs, p); !s.ok()) {
        spdlog::error("SIGHUP: keeping the running configuration: {}",
                      s.message());
        return s;
      }
    }
  }
  for (const std::string& key : diff.need_restart) {
    spdlog::warn("SIGHUP: a change of {} takes effect at the next start", key);
  }
  Apply(std::move(next), diff);
  spdlog::info("SIGHUP: configuration reloaded from {} ({} profiles)",
               config_path_, config_->profiles.size());
  return Status::Ok();
}

void Daemon::Apply(std::shared_ptr<const config::Config> next,
                   const ProfileDiff& diff) {
  for (const std::string& name : diff.removed) {
    deps_.monitor.RemoveInbox(name);
    std::erase_if(ready_, [&](const inbox::ReadyFile& f) {
      if (f.profile != name) return false;
      ready_paths_.erase(f.path);
      return true;
    });
    spdlog::info("profile={} no longer watched", name);
  }
  for (const std::string& name : diff.rewatch) deps_.monitor.RemoveInbox(name);
  // Files in flight keep the configuration they were claimed under.
  config_ = std::move(next);
  for (const auto* names : {&diff.rewatch, &diff.added}) {
    for (const std::string& name : *names) {
      if (Status s = AddProfile(*config::FindProfile(*config_, name));
          !s.ok()) {
        spdlog::error("SIGHUP: {}", s.message());
      }
    }
  }
  deps_.monitor.RequestRescan();
}

}  // namespace m2drop::app
