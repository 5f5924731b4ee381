// SPDX-License-Identifier: Apache-2.0
// DaemonOps and the pulls of [profile.pull] (daemon_ops.h): what each
// puller's events do to the metrics, the alerts and /readyz.
#include <spdlog/spdlog.h>

#include "m2drop/app/ops/daemon_ops.h"
#include "m2drop/config/units.h"
#include "m2drop/pipeline/disposition_io.h"

namespace m2drop::app {
namespace {

double Seconds(WallTime t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

std::string When(const std::optional<WallTime>& t) {
  return t ? pipeline::IsoUtc(*t) : "never";
}

}  // namespace

pull::PullEvents DaemonOps::PullEventsFor(const config::Profile& profile) {
  const std::string name = profile.name;
  const std::string alert_after =
      config::FormatDuration(profile.pull->alert_after);
  metrics_.AddPullProfile(name);
  pull::PullEvents events;
  events.on_turn = [this, name](const pull::PullStatus& s) {
    bool listed = false;
    {
      std::lock_guard lock(pulls_mu_);
      pull::PullStatus& before = pulls_[name];
      listed = s.last_listing && s.last_listing != before.last_listing;
      before = s;
    }
    if (listed) metrics_.PullListed(name, Seconds(*s.last_listing));
  };
  events.on_fetched = [this, name](const std::string&, uint64_t bytes) {
    metrics_.FilePulled(name, bytes);
  };
  events.on_failure = [this, name](const Status&) {
    metrics_.PullFailed(name);
  };
  events.on_alert = [this, alert_after](const pull::PullStatus& s) {
    spdlog::error("profile={} pull from {} has failed for {}: {}", s.profile,
                  s.server, alert_after, s.last_error);
    SendAlert(MakePullFailingAlert(s.profile, s.server, alert_after,
                                   s.failing_since.value_or(clock_.WallNow()),
                                   s.last_listing, s.last_error,
                                   clock_.WallNow()));
  };
  events.on_recovered = [this](const pull::PullStatus& s) {
    SendAlert(MakePullRecoveredAlert(s.profile, s.server, clock_.WallNow()));
  };
  return events;
}

void DaemonOps::ForgetPull(const std::string& profile) {
  metrics_.ForgetPullProfile(profile);
  std::lock_guard lock(pulls_mu_);
  pulls_.erase(profile);
}

Readiness DaemonOps::WithPulls(Readiness r) const {
  std::lock_guard lock(pulls_mu_);
  for (const auto& [name, s] : pulls_) {
    r.detail += "pull profile=" + name + " server=" + s.server +
                " last_listing=" + When(s.last_listing) +
                " listed_files=" + std::to_string(s.listed_files);
    if (!s.last_error.empty()) {
      r.detail += " failing_since=" + When(s.failing_since) + " error=\"" +
                  s.last_error + "\"";
    }
    r.detail += "\n";
    if (s.alerted && r.ready) {
      r.ready = false;
      r.reason = "not ready: profile " + name + " cannot list " + s.server +
                 " since " + When(s.failing_since) + " (alert_after passed)";
    }
  }
  return r;
}

}  // namespace m2drop::app
