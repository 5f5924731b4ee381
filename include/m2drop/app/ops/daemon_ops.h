// SPDX-License-Identifier: Apache-2.0
// DaemonOps: what `m2drop watch` shows and tells the people on call for it
// (issue 7), wired in one place so that watch_command stays a sequence of
// steps:
//   - DaemonMetrics, fed by the Magento connection's observers (requests,
//     breaker), the FileJob observer (files and rows) and the watch loop
//     (inbox backlog);
//   - the /metrics, /healthz, /readyz server on [daemon] metrics_listen,
//     ready while the inboxes are watched and the breaker is not open;
//   - alerts to [daemon] alert_webhook: file_failed, circuit_breaker,
//     credentials_refused (once until a file goes through again),
//     filing_failed (once per file until it is filed) and
//     no_file_expected (ExpectedFileWatch, seeded from the ledger);
//   - the pulls' events ([profile.pull], daemon_ops_pull.cc): their
//     metrics, pull_failing / pull_recovered, and readiness (unready while
//     a pull has failed for its alert_after; /readyz lists every pull's
//     last listing).
//
// Thread-safety: OnFileEvent, OnJobResult and the observers run on worker
// threads; AfterStep, Start and Shutdown on the watch loop's thread.
#ifndef M2DROP_APP_OPS_DAEMON_OPS_H_
#define M2DROP_APP_OPS_DAEMON_OPS_H_

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "m2drop/app/daemon/file_event.h"
#include "m2drop/app/daemon/file_job.h"
#include "m2drop/app/magento_connection.h"
#include "m2drop/app/ops/alerts.h"
#include "m2drop/app/ops/expected_files.h"
#include "m2drop/app/ops/metrics.h"
#include "m2drop/app/ops/metrics_server.h"
#include "m2drop/base/clock.h"
#include "m2drop/base/result.h"
#include "m2drop/config/config.h"
#include "m2drop/inbox/inbox_monitor.h"
#include "m2drop/ledger/ledger.h"
#include "m2drop/magento/http_transport.h"
#include "m2drop/pull/puller.h"

namespace m2drop::app {

class DaemonOps {
 public:
  // Metrics for every profile of `config`, and an AlertSender when
  // alert_webhook is set (its libcurl transport's Status when it cannot be
  // built). Starts no server yet.
  static Result<std::unique_ptr<DaemonOps>> Create(const config::Config& config,
                                                   const Clock& clock);
  ~DaemonOps();  // Shutdown()

  // For MagentoConnection::Create.
  ConnectionObservers Observers();
  // For FileJobDeps::on_event.
  void OnFileEvent(const FileEvent& event);
  // After every job on `item`: credentials refused → one alert until a
  // file is filed again; a file that cannot be filed → one alert until it
  // is.
  void OnJobResult(const WorkItem& item, const JobResult& result);

  // Seeds the expect_file_every watch from the ledger's last file per
  // profile.
  void SeedArrivals(ledger::Ledger& ledger);

  // Starts the metrics server when metrics_listen is set (readiness reads
  // `breaker`), and counts the daemon as watching. The server's Status when
  // it cannot listen.
  Status Start(std::function<magento::BreakerState()> breaker);

  // Once per watch-loop turn: backlog gauges, profiles added or removed by
  // a reload, overdue profiles alerted.
  void AfterStep(std::shared_ptr<const config::Config> config,
                 const inbox::InboxMonitor& monitor);

  // Not ready any more, server stopped, queued alerts given a short grace.
  // Idempotent.
  void Shutdown();

  // "http://127.0.0.1:9464", or "" when there is no server.
  std::string metrics_url() const;

  // The events of `profile`'s pull, for its Puller (they run on its
  // thread): metrics, alerts, readiness.
  pull::PullEvents PullEventsFor(const config::Profile& profile);
  // A pull stopped by a reload: its series and readiness go.
  void ForgetPull(const std::string& profile);
  // `r` with the pulls' state: unready while a pull is past alert_after,
  // and one line per pull in the detail. Thread-safe.
  Readiness WithPulls(Readiness r) const;

 private:
  DaemonOps(const config::Config& config, const Clock& clock);
  void SetProfiles(const config::Config& config);
  void SendAlert(Alert alert);

  const Clock& clock_;
  std::string metrics_listen_;
  DaemonMetrics metrics_;
  std::unique_ptr<magento::HttpTransport> alert_transport_;
  std::unique_ptr<AlertSender> alerts_;
  std::unique_ptr<MetricsServer> server_;
  std::atomic<bool> watching_{false};
  std::atomic<bool> credentials_alerted_{false};
  std::mutex unfiled_mu_;
  // The work/ paths of files alerted as filing_failed and not filed since.
  std::set<std::string> unfiled_alerted_;  // guarded by unfiled_mu_
  std::mutex expected_mu_;
  ExpectedFileWatch expected_;  // guarded by expected_mu_
  // The configuration last applied (held, so a reload's new one is never
  // mistaken for it).
  std::shared_ptr<const config::Config> applied_;
  std::set<std::string> profiles_;
  mutable std::mutex pulls_mu_;
  std::map<std::string, pull::PullStatus> pulls_;  // guarded by pulls_mu_
};

}  // namespace m2drop::app

#endif  // M2DROP_APP_OPS_DAEMON_OPS_H_
