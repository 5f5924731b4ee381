// SPDX-License-Identifier: Apache-2.0
#include "m2drop/pull/puller.h"

#include <spdlog/spdlog.h>

#include <exception>

#include "m2drop/base/strings.h"
#include "m2drop/fs/file_names.h"
#include "part_file.h"

namespace m2drop::pull {
namespace {

constexpr char kPartPrefix[] = ".m2drop-pull.";
constexpr char kPartSuffix[] = ".part";

bool IsConnectionLost(const Status& s) {
  return s.code() == StatusCode::kUnavailable ||
         s.code() == StatusCode::kUnauthenticated ||
         s.code() == StatusCode::kCancelled;
}

}  // namespace

std::string PartName(const std::string& name) {
  // Fitted to NAME_MAX: a remote name near 255 bytes must still download.
  return kPartPrefix + fs::FitName(name, "", kPartSuffix,
                                   fs::kNameMax - (sizeof kPartPrefix - 1));
}

Puller::Puller(Deps deps, std::string profile, std::string inbox,
               config::PullConfig pull, PullEvents events)
    : deps_(deps),
      pull_(std::move(pull)),
      inbox_(std::move(inbox)),
      rules_(pull_.patterns, ""),
      events_(std::move(events)),
      backoff_(pull_.every),
      health_(pull_.alert_after) {
  status_.profile = std::move(profile);
  status_.server = deps_.remote.Describe();
}

Puller::~Puller() = default;

SteadyTime Puller::Step(std::stop_token stop) {
  if (!cleaned_) RemoveLeftovers();
  Status turn;
  {
    std::stop_callback interrupt(stop, [this] { Interrupt(); });
    turn = Turn(stop);
  }
  const WallTime wall = deps_.clock.WallNow();
  if (stop.stop_requested()) {
    SetSession(nullptr);
    return deps_.clock.Now();
  }
  std::chrono::milliseconds wait;
  if (turn.ok()) {
    Succeeded(wall);
    wait = backoff_.Succeeded();
  } else {
    Failed(turn, wall);
    wait = backoff_.Failed();
  }
  if (events_.on_turn) events_.on_turn(status_);
  return deps_.clock.Now() + wait;
}

Status Puller::Turn(std::stop_token stop) {
  if (session_ == nullptr) {
    M2DROP_ASSIGN_OR_RETURN(std::unique_ptr<RemoteSession> session,
                            deps_.remote.Connect(stop));
    SetSession(std::move(session));
    spdlog::debug("profile={} pull connected to {} (host key {}, {})",
                  status_.profile, status_.server, session_->info().host_key,
                  session_->info().login);
  }
  M2DROP_ASSIGN_OR_RETURN(std::vector<RemoteFile> listing, session_->List());
  status_.last_listing = deps_.clock.WallNow();
  status_.listed_files = 0;
  for (const RemoteFile& f : listing) status_.listed_files += f.regular;
  const std::set<std::string> stable = tracker_.Update(listing);
  M2DROP_ASSIGN_OR_RETURN(std::vector<Remembered> remembered,
                          deps_.memory.All());
  const PullPlan plan = PlanPull(listing, stable, remembered, rules_);
  M2DROP_RETURN_IF_ERROR(Forget(plan.forget));
  for (const RemoteFile& f : plan.finish) {
    M2DROP_RETURN_IF_ERROR(ApplyAfter(f));
  }
  for (const RemoteFile& f : plan.fetch) {
    if (stop.stop_requested()) return Status::Cancelled("stopping");
    Status fetched = Fetch(f);
    if (IsConnectionLost(fetched) || fetched.code() == StatusCode::kIo) {
      return fetched;  // the rest waits for the next turn
    }
    if (!fetched.ok()) {
      spdlog::warn("profile={} pull cannot fetch {} from {}: {}",
                   status_.profile, f.name, status_.server, fetched.message());
      tracker_.Reset(f.name);
    }
  }
  return Status::Ok();
}

Status Puller::Fetch(const RemoteFile& f) {
  const std::string target = inbox_ + "/" + f.name;
  if (deps_.fs.Stat(target).ok()) {
    // Never replace a drop still in the inbox: it may differ. The file
    // waits on the server until the inbox copy is claimed.
    spdlog::debug("profile={} pull: {} waits, the inbox has one already",
                  status_.profile, f.name);
    return Status::Ok();
  }
  const std::string part = inbox_ + "/" + PartName(f.name);
  M2DROP_ASSIGN_OR_RETURN(std::unique_ptr<internal::PartFile> file,
                          internal::PartFile::Create(part));
  M2DROP_RETURN_IF_ERROR(
      session_->Download(f, file->fd(), events_.on_progress));
  M2DROP_RETURN_IF_ERROR(file->Finish(f.mtime_s));
  if (Status moved = deps_.fs.RenameNoReplace(part, target); !moved.ok()) {
    (void)deps_.fs.Remove(part);
    // Taken meanwhile (a producer dropping into the inbox too): wait.
    return moved.code() == StatusCode::kRejected ? Status::Ok() : moved;
  }
  M2DROP_RETURN_IF_ERROR(deps_.fs.SyncDir(inbox_));
  spdlog::info("file={} profile={} state=pulled bytes={} from={}", f.name,
               status_.profile, f.size, status_.server);
  status_.last_file = f.name;
  status_.last_file_at = deps_.clock.WallNow();
  if (events_.on_fetched) events_.on_fetched(f.name, f.size);
  const bool keep = pull_.after == config::PullAfter::kKeep;
  if (Status s = deps_.memory.Remember({f.name, f.size, f.mtime_s, keep});
      !s.ok()) {
    // Not fatal: the file is in the inbox. Without the record it may be
    // fetched again, and is then filed as a duplicate.
    spdlog::error("profile={} pull cannot remember {} in the ledger: {}",
                  status_.profile, f.name, s.message());
  }
  return ApplyAfter(f);
}

Status Puller::ApplyAfter(const RemoteFile& f) {
  Status s;
  switch (pull_.after) {
    case config::PullAfter::kKeep:
      return Status::Ok();
    case config::PullAfter::kDelete:
      s = session_->Remove(f.name);
      break;
    case config::PullAfter::kMove:
      s = session_->MoveTo(f.name, pull_.move_dir);
      break;
  }
  if (s.ok() || (s.code() == StatusCode::kNotFound &&
                 pull_.after == config::PullAfter::kDelete)) {
    after_warned_.erase(f.name);
    return deps_.memory.Forget(f.name);
  }
  if (IsConnectionLost(s)) return s;
  if (events_.on_failure) events_.on_failure(s);
  // Retried at every listing; said once, not every minute.
  if (after_warned_.insert(f.name).second) {
    spdlog::warn(
        "profile={} pull: {} is in the inbox, but after = {} failed on {}: "
        "{}; tried again at every listing",
        status_.profile, f.name, config::PullAfterName(pull_.after),
        status_.server, s.message());
  }
  return Status::Ok();
}

Status Puller::Forget(const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    M2DROP_RETURN_IF_ERROR(deps_.memory.Forget(name));
    after_warned_.erase(name);
  }
  return Status::Ok();
}

void Puller::RemoveLeftovers() {
  cleaned_ = true;
  auto entries = deps_.fs.ListDir(inbox_);
  if (!entries.ok()) return;  // the turn's own errors say more
  for (const fs::DirEntry& e : *entries) {
    if (e.name.starts_with(kPartPrefix) && e.name.ends_with(kPartSuffix)) {
      spdlog::info(
          "profile={} pull removes {}, left by an interrupted "
          "download (the file is fetched again)",
          status_.profile, e.name);
      (void)deps_.fs.Remove(inbox_ + "/" + e.name);
    }
  }
}

void Puller::Succeeded(WallTime now) {
  if (!status_.last_error.empty()) {
    spdlog::info("profile={} pull from {} works again", status_.profile,
                 status_.server);
  }
  status_.last_error.clear();
  const bool recovered = health_.Listed(now);
  status_.failing_since.reset();
  status_.alerted = false;
  if (recovered && events_.on_recovered) events_.on_recovered(status_);
}

void Puller::Failed(const Status& why, WallTime now) {
  SetSession(nullptr);
  if (why.message() != status_.last_error) {
    spdlog::warn(
        "profile={} pull from {} failed: {} (tried again with "
        "backoff)",
        status_.profile, status_.server, why.message());
  }
  status_.last_error = why.message();
  if (events_.on_failure) events_.on_failure(why);
  const bool alert = health_.Failed(now);
  status_.failing_since = health_.failing_since();
  status_.alerted = health_.alerted();
  if (alert && events_.on_alert) events_.on_alert(status_);
}

void Puller::SetSession(std::unique_ptr<RemoteSession> session) {
  std::unique_ptr<RemoteSession> old;
  {
    std::lock_guard lock(session_mu_);
    old = std::move(session_);
    session_ = std::move(session);
  }
}

void Puller::Interrupt() {
  std::lock_guard lock(session_mu_);
  if (session_) session_->Interrupt();
}

PullRunner::PullRunner(std::unique_ptr<Puller> puller, Clock& clock)
    : puller_(std::move(puller)), clock_(clock) {
  thread_ = std::jthread([this](std::stop_token stop) {
    try {
      while (!stop.stop_requested()) {
        const SteadyTime next = puller_->Step(stop);
        clock_.WaitUntil(next, stop);
      }
    } catch (const std::exception& e) {
      spdlog::error("profile={} pull stopped: {}", puller_->status().profile,
                    e.what());
    }
  });
}

PullRunner::~PullRunner() { Stop(); }

void PullRunner::Stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  thread_.join();
}

}  // namespace m2drop::pull
