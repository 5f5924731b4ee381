// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/ops/daemon_ops.h"

#include <spdlog/spdlog.h>

#include "m2drop/config/units.h"
#include "m2drop/magento/curl_transport.h"

namespace m2drop::app {
namespace {

double UnixSeconds(WallTime t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

// How long queued alerts may still go out at shutdown.
constexpr std::chrono::milliseconds kAlertGrace{2000};

}  // namespace

DaemonOps::DaemonOps(const config::Config& config, const Clock& clock)
    : clock_(clock),
      metrics_listen_(config.daemon.metrics_listen),
      metrics_(M2DROP_VERSION, UnixSeconds(clock.WallNow())),
      expected_(clock.WallNow()) {}

DaemonOps::~DaemonOps() { Shutdown(); }

Result<std::unique_ptr<DaemonOps>> DaemonOps::Create(
    const config::Config& config, const Clock& clock) {
  std::unique_ptr<DaemonOps> ops(new DaemonOps(config, clock));
  if (!config.daemon.alert_webhook.empty()) {
    magento::CurlOptions curl;
    curl.connect_timeout = std::chrono::seconds(5);
    curl.timeout = std::chrono::seconds(15);
    M2DROP_ASSIGN_OR_RETURN(ops->alert_transport_,
                            magento::CurlTransport::Create(curl));
    AlertSender::Options options;
    options.url = config.daemon.alert_webhook;
    ops->alerts_ =
        std::make_unique<AlertSender>(options, *ops->alert_transport_);
  }
  ops->SetProfiles(config);
  return ops;
}

ConnectionObservers DaemonOps::Observers() {
  return {.requests =
              [this](const magento::RequestRecord& r) {
                metrics_.ObserveRequest(r);
              },
          .breaker =
              [this](magento::BreakerState from, magento::BreakerState to) {
                metrics_.BreakerState(to);
                // Half-open is a probe, not news: alert on open and closed.
                if (to != magento::BreakerState::kHalfOpen) {
                  SendAlert(MakeBreakerAlert(from, to, clock_.WallNow()));
                }
              }};
}

void DaemonOps::OnFileEvent(const FileEvent& event) {
  const WallTime now = clock_.WallNow();
  metrics_.OnFileEvent(event, UnixSeconds(now));
  if (event.state == "claimed") {
    std::lock_guard lock(expected_mu_);
    expected_.FileArrived(event.profile, now);
  } else if (event.state == "failed") {
    SendAlert(MakeFileFailedAlert(event, now));
  }
  // Filed after rows went through Magento: it took m2drop's credentials.
  // (A file refused as a whole — unreadable, a column missing — proves
  // nothing: its note names the problem.)
  if (event.state == "processed" ||
      (event.state == "failed" && event.note.empty())) {
    credentials_alerted_ = false;
  }
}

void DaemonOps::OnJobResult(const WorkItem& item, const JobResult& result) {
  {
    std::lock_guard lock(unfiled_mu_);
    if (!result.unfiled) {
      unfiled_alerted_.erase(item.path);
    } else if (unfiled_alerted_.insert(item.path).second) {
      SendAlert(MakeFilingFailedAlert(item.profile, item.name, item.path,
                                      result.why.message(), clock_.WallNow()));
    }
  }
  if (result.end != JobEnd::kWaiting ||
      result.why.code() != StatusCode::kUnauthenticated ||
      credentials_alerted_.exchange(true)) {
    return;
  }
  SendAlert(
      MakeCredentialsRefusedAlert(result.why.message(), clock_.WallNow()));
}

void DaemonOps::SeedArrivals(ledger::Ledger& ledger) {
  std::lock_guard lock(expected_mu_);
  for (const std::string& profile : profiles_) {
    auto last = ledger.LastFileOf(profile);
    if (!last.ok() || !*last) continue;
    expected_.FileArrived(
        profile, WallTime{std::chrono::milliseconds((*last)->claimed_at_ms)});
  }
}

Status DaemonOps::Start(std::function<magento::BreakerState()> breaker) {
  watching_ = true;
  if (metrics_listen_.empty()) return Status::Ok();
  M2DROP_ASSIGN_OR_RETURN(
      server_,
      MetricsServer::Start(metrics_listen_,
                           {.metrics = [this] { return metrics_.Render(); },
                            .ready =
                                [this, breaker = std::move(breaker)] {
                                  return WithPulls(DaemonReadiness(
                                      watching_.load(), breaker()));
                                }}));
  spdlog::info("metrics and health on {} (/metrics, /healthz, /readyz)",
               server_->url());
  return Status::Ok();
}

void DaemonOps::AfterStep(std::shared_ptr<const config::Config> config,
                          const inbox::InboxMonitor& monitor) {
  if (config != applied_) {
    SetProfiles(*config);
    applied_ = std::move(config);
  }
  const int64_t now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                             clock_.WallNow().time_since_epoch())
                             .count();
  for (const inbox::InboxBacklog& b : monitor.Backlog()) {
    const double age =
        b.files == 0 || b.oldest_mtime_ns == 0
            ? 0
            : static_cast<double>(now_ns - b.oldest_mtime_ns) / 1e9;
    metrics_.InboxBacklog(b.profile, b.files, age < 0 ? 0 : age);
  }
  std::vector<ExpectedFileWatch::Overdue> overdue;
  {
    std::lock_guard lock(expected_mu_);
    overdue = expected_.Check(clock_.WallNow());
  }
  for (const ExpectedFileWatch::Overdue& o : overdue) {
    spdlog::warn("profile={} has received no file for {} (expect_file_every)",
                 o.profile, config::FormatDuration(o.every));
    SendAlert(MakeNoFileAlert(o.profile, config::FormatDuration(o.every),
                              o.last_file, o.inbox, clock_.WallNow()));
  }
}

void DaemonOps::Shutdown() {
  watching_ = false;
  if (server_) server_->Stop();
  if (alerts_) alerts_->Stop(kAlertGrace);
}

std::string DaemonOps::metrics_url() const {
  return server_ ? server_->url() : "";
}

void DaemonOps::SetProfiles(const config::Config& config) {
  std::set<std::string> next;
  for (const config::Profile& p : config.profiles) {
    next.insert(p.name);
    if (!profiles_.contains(p.name)) metrics_.AddProfile(p.name);
  }
  for (const std::string& gone : profiles_) {
    if (!next.contains(gone)) metrics_.ForgetProfile(gone);
  }
  profiles_ = std::move(next);
  std::lock_guard lock(expected_mu_);
  expected_.SetProfiles(config.profiles, clock_.WallNow());
}

void DaemonOps::SendAlert(app::Alert alert) {
  if (alerts_) alerts_->Send(std::move(alert));
}

}  // namespace m2drop::app
