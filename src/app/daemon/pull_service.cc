// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/daemon/pull_service.h"

#include <spdlog/spdlog.h>

#include "m2drop/base/strings.h"
#include "m2drop/config/secrets.h"
#include "m2drop/config/units.h"
#include "m2drop/pull/sftp_remote.h"

namespace m2drop::app {
namespace {

int64_t Ms(const std::optional<WallTime>& t) {
  if (!t) return 0;
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             t->time_since_epoch())
      .count();
}

}  // namespace

Result<std::vector<pull::Remembered>> LedgerPullMemory::All() {
  M2DROP_ASSIGN_OR_RETURN(std::vector<ledger::PulledFile> files,
                          ledger_.PulledFiles(profile_));
  std::vector<pull::Remembered> out;
  for (const ledger::PulledFile& f : files) {
    out.push_back({f.name, f.size, f.mtime_s, f.kept});
  }
  return out;
}

Status LedgerPullMemory::Remember(const pull::Remembered& file) {
  return ledger_.RecordPulled(
      {profile_, file.name, file.size, file.mtime_s, file.kept, 0});
}

Status LedgerPullMemory::Forget(const std::string& name) {
  return ledger_.ForgetPulled(profile_, name);
}

ledger::PullState ToLedgerState(const pull::PullStatus& s) {
  return {s.profile,           s.server,     Ms(s.last_listing),
          s.listed_files,      s.last_file,  Ms(s.last_file_at),
          Ms(s.failing_since), s.last_error, 0};
}

std::vector<std::string> PullSecrets(const config::Config& config) {
  std::vector<std::string> secrets;
  for (const config::Profile& p : config.profiles) {
    if (!p.pull) continue;
    for (const config::SecretRef* ref :
         {&p.pull->key_passphrase, &p.pull->password}) {
      if (!ref->configured()) continue;
      Result<std::string> secret = config::ResolveSecret(*ref);
      if (secret.ok()) secrets.push_back(std::move(*secret));
    }
  }
  return secrets;
}

PullService::~PullService() { Stop(); }

void PullService::Apply(std::shared_ptr<const config::Config> config) {
  if (config == applied_) return;
  applied_ = std::move(config);
  for (auto it = running_.begin(); it != running_.end();) {
    const config::Profile* p = config::FindProfile(*applied_, it->first);
    if (p != nullptr && p->pull && *p->pull == it->second.pull &&
        p->inbox == it->second.inbox) {
      ++it;
      continue;
    }
    spdlog::info("profile={} pull stopped{}", it->first,
                 p != nullptr && p->pull ? " (changed; started again)" : "");
    it->second.runner->Stop();
    deps_.ops.ForgetPull(it->first);
    it = running_.erase(it);
  }
  for (const config::Profile& p : applied_->profiles) {
    if (p.pull && !running_.contains(p.name)) Start(p);
  }
}

void PullService::Start(const config::Profile& p) {
  Running& r = running_[p.name];
  r.inbox = p.inbox;
  r.pull = *p.pull;
  r.connector = std::make_unique<pull::SftpConnector>(r.pull, deps_.clock);
  r.memory = std::make_unique<LedgerPullMemory>(deps_.ledger, p.name);
  pull::PullEvents events = deps_.ops.PullEventsFor(p);
  // The ledger keeps the state for `m2drop status`, after the ops saw it.
  events.on_turn = [ledger = &deps_.ledger,
                    ops_turn =
                        std::move(events.on_turn)](const pull::PullStatus& s) {
    if (ops_turn) ops_turn(s);
    if (Status st = ledger->RecordPullState(ToLedgerState(s)); !st.ok()) {
      spdlog::warn("profile={} cannot record the pull state: {}", s.profile,
                   st.message());
    }
  };
  spdlog::info(
      "pulling profile={} from={} every={} pattern={} after={}{} "
      "into={}",
      p.name, r.connector->Describe(), config::FormatDuration(r.pull.every),
      Join(r.pull.patterns, ","), config::PullAfterName(r.pull.after),
      r.pull.after == config::PullAfter::kMove ? ":" + r.pull.move_dir : "",
      p.inbox);
  auto puller = std::make_unique<pull::Puller>(
      pull::Puller::Deps{*r.connector, deps_.fs, *r.memory, deps_.clock},
      p.name, p.inbox, r.pull, std::move(events));
  r.runner = std::make_unique<pull::PullRunner>(std::move(puller), deps_.clock);
}

void PullService::Stop() {
  for (auto& [name, r] : running_) r.runner->Stop();
  running_.clear();
}

}  // namespace m2drop::app
