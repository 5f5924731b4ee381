// SPDX-License-Identifier: Apache-2.0
#include "m2drop/inbox/inbox_monitor.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <tuple>
#include <utility>

#include "m2drop/base/strings.h"
#include "m2drop/inbox/watched_inbox.h"
#include "m2drop/inbox/watcher.h"

namespace m2drop::inbox {

class InboxMonitor::Impl {
 public:
  Impl(Deps deps, MonitorOptions options)
      : deps_(deps),
        options_(options),
        next_rescan_(deps.clock.Now() + options.rescan_interval) {}

  Status AddInbox(const InboxSpec& spec);
  void RemoveInbox(const std::string& profile);
  std::vector<std::pair<InboxSpec, WatchHow>> Inboxes() const;
  int fd() const { return deps_.watcher ? deps_.watcher->fd() : -1; }
  Result<std::vector<ReadyFile>> Step();
  SteadyTime NextDeadline() const;
  void RequestRescan();
  std::vector<InboxBacklog> Backlog() const;

 private:
  Status CheckIsDirectory(const InboxSpec& spec);
  Result<WatchHow> ChooseHow(const InboxSpec& spec);
  Status DrainEvents(SteadyTime now);
  Status Dispatch(const FsEvent& event, SteadyTime now);
  WatchedInbox* FindByWatch(int watch);

  Deps deps_;
  MonitorOptions options_;
  SteadyTime next_rescan_;
  std::vector<std::unique_ptr<WatchedInbox>> inboxes_;  // in order added
};

Status InboxMonitor::Impl::CheckIsDirectory(const InboxSpec& spec) {
  std::string what = "the inbox " + QuoteForMessage(spec.dir) + " of profile " +
                     QuoteForMessage(spec.profile);
  Result<fs::FileInfo> info = deps_.fs.Stat(spec.dir);
  if (info.status().code() == StatusCode::kNotFound) {
    return Status::NotFound(what + " does not exist");
  }
  M2DROP_RETURN_IF_ERROR(info.status().WithContext(what));
  if (info->type != fs::FileType::kDirectory) {
    return Status::NotFound(what + " is not a directory");
  }
  return Status::Ok();
}

Result<WatchHow> InboxMonitor::Impl::ChooseHow(const InboxSpec& spec) {
  if (spec.watch == WatchMode::kPoll) return WatchHow::kPoll;
  if (spec.watch == WatchMode::kInotify) {
    if (deps_.watcher == nullptr) {
      return Status::InvalidInput("profile " + QuoteForMessage(spec.profile) +
                                  " asks for inotify, which is not available");
    }
    return WatchHow::kInotify;
  }
  if (deps_.watcher == nullptr) return WatchHow::kPoll;
  // inotify sees only changes made through this kernel: on NFS, CIFS or
  // FUSE a file uploaded on another host sends no event at all.
  Result<fs::FsKind> kind = deps_.fs.KindOf(spec.dir);
  if (kind.ok() &&
      (*kind == fs::FsKind::kNetwork || *kind == fs::FsKind::kFuse)) {
    return WatchHow::kPoll;
  }
  return WatchHow::kInotify;
}

Status InboxMonitor::Impl::AddInbox(const InboxSpec& spec) {
  for (const auto& inbox : inboxes_) {
    if (inbox->spec().profile == spec.profile) {
      return Status::InvalidInput("profile " + QuoteForMessage(spec.profile) +
                                  " is watched already");
    }
  }
  M2DROP_RETURN_IF_ERROR(CheckIsDirectory(spec));
  M2DROP_ASSIGN_OR_RETURN(WatchHow how, ChooseHow(spec));
  int watch = -1;
  if (how == WatchHow::kInotify) {
    M2DROP_ASSIGN_OR_RETURN(watch, deps_.watcher->Add(spec.dir));
  }
  // The watch first, then the listing: a file arriving in between is seen
  // by both, never by neither (watchman's fullCrawl).
  auto inbox = std::make_unique<WatchedInbox>(spec, how, watch, options_);
  Status scanned =
      inbox->Scan(deps_.fs, deps_.clock.Now(), deps_.clock.WallNow());
  if (!scanned.ok()) {
    if (watch >= 0) deps_.watcher->Remove(watch);
    return scanned;
  }
  spdlog::info("inbox: watching {} for profile {} by {}", spec.dir,
               spec.profile, how == WatchHow::kInotify ? "inotify" : "polling");
  inboxes_.push_back(std::move(inbox));
  return Status::Ok();
}

void InboxMonitor::Impl::RemoveInbox(const std::string& profile) {
  std::erase_if(inboxes_, [&](const std::unique_ptr<WatchedInbox>& inbox) {
    if (inbox->spec().profile != profile) return false;
    if (inbox->watch() >= 0) deps_.watcher->Remove(inbox->watch());
    spdlog::info("inbox: no longer watching {} (profile {})", inbox->spec().dir,
                 profile);
    return true;
  });
}

std::vector<std::pair<InboxSpec, WatchHow>> InboxMonitor::Impl::Inboxes()
    const {
  std::vector<std::pair<InboxSpec, WatchHow>> out;
  for (const auto& inbox : inboxes_) {
    out.emplace_back(inbox->spec(), inbox->how());
  }
  return out;
}

WatchedInbox* InboxMonitor::Impl::FindByWatch(int watch) {
  for (const auto& inbox : inboxes_) {
    if (watch >= 0 && inbox->watch() == watch) return inbox.get();
  }
  return nullptr;
}

Status InboxMonitor::Impl::Dispatch(const FsEvent& event, SteadyTime now) {
  if (event.kind == FsEventKind::kRescan) {
    spdlog::warn("inbox: rescanning every inbox: {}", event.reason);
    RequestRescan();
    return Status::Ok();
  }
  // Events of an inbox removed since (a reload) are dropped.
  WatchedInbox* inbox = FindByWatch(event.watch);
  if (inbox == nullptr) return Status::Ok();
  if (event.kind == FsEventKind::kInboxGone) {
    return Status::NotFound("the inbox " + QuoteForMessage(inbox->spec().dir) +
                            " of profile " +
                            QuoteForMessage(inbox->spec().profile) +
                            " was deleted, moved away or unmounted");
  }
  inbox->Apply(event, now);
  return Status::Ok();
}

Status InboxMonitor::Impl::DrainEvents(SteadyTime now) {
  if (deps_.watcher == nullptr) return Status::Ok();
  M2DROP_ASSIGN_OR_RETURN(std::vector<FsEvent> events,
                          deps_.watcher->ReadEvents());
  for (const FsEvent& event : events) {
    M2DROP_RETURN_IF_ERROR(Dispatch(event, now));
  }
  return Status::Ok();
}

Result<std::vector<ReadyFile>> InboxMonitor::Impl::Step() {
  SteadyTime now = deps_.clock.Now();
  WallTime wall_now = deps_.clock.WallNow();
  M2DROP_RETURN_IF_ERROR(DrainEvents(now));
  if (now >= next_rescan_) {
    RequestRescan();
    next_rescan_ = now + options_.rescan_interval;
  }
  std::vector<ReadyFile> ready;
  for (const auto& inbox : inboxes_) {
    if (inbox->ScanDue(now)) {
      M2DROP_RETURN_IF_ERROR(inbox->Scan(deps_.fs, now, wall_now));
    }
    inbox->CollectReady(deps_.fs, now, wall_now, ready);
  }
  std::sort(ready.begin(), ready.end(),
            [](const ReadyFile& a, const ReadyFile& b) {
              return std::tie(a.mtime_ns, a.profile, a.name) <
                     std::tie(b.mtime_ns, b.profile, b.name);
            });
  return ready;
}

SteadyTime InboxMonitor::Impl::NextDeadline() const {
  SteadyTime next = next_rescan_;
  for (const auto& inbox : inboxes_) {
    next = std::min(next, inbox->NextDeadline());
  }
  return next;
}

void InboxMonitor::Impl::RequestRescan() {
  for (const auto& inbox : inboxes_) inbox->RequestScan();
}

std::vector<InboxBacklog> InboxMonitor::Impl::Backlog() const {
  std::vector<InboxBacklog> out;
  for (const auto& inbox : inboxes_) out.push_back(inbox->Backlog());
  return out;
}

// --- InboxMonitor: forwards to Impl ------------------------------------------

InboxMonitor::InboxMonitor(Deps deps, MonitorOptions options)
    : impl_(std::make_unique<Impl>(deps, options)) {}
InboxMonitor::~InboxMonitor() = default;
Status InboxMonitor::AddInbox(const InboxSpec& spec) {
  return impl_->AddInbox(spec);
}
void InboxMonitor::RemoveInbox(const std::string& profile) {
  impl_->RemoveInbox(profile);
}
std::vector<std::pair<InboxSpec, WatchHow>> InboxMonitor::Inboxes() const {
  return impl_->Inboxes();
}
int InboxMonitor::fd() const { return impl_->fd(); }
Result<std::vector<ReadyFile>> InboxMonitor::Step() { return impl_->Step(); }
SteadyTime InboxMonitor::NextDeadline() const { return impl_->NextDeadline(); }
void InboxMonitor::RequestRescan() { impl_->RequestRescan(); }
std::vector<InboxBacklog> InboxMonitor::Backlog() const {
  return impl_->Backlog();
}

}  // namespace m2drop::inbox
