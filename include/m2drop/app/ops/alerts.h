// SPDX-License-Identifier: Apache-2.0
// Alerts (issue 7): one JSON object POSTed to [daemon] alert_webhook per
// event on-call must hear about without watching a dashboard:
//   file_failed          a file landed in failed/ (profile, file, path,
//                        report, rows, failed, applied, error);
//   circuit_breaker      the breaker protecting Magento opened or closed
//                        (state, from);
//   no_file_expected     a profile with expect_file_every received nothing
//                        for that long (profile, expect_file_every,
//                        last_file_time or null, inbox);
//   credentials_refused  Magento refused m2drop's credentials (message; never
//                        the secret);
//   filing_failed        a file was imported but could not be filed: its
//                        reports (or its move) could not be written — a
//                        full disk, a read-only directory —, so it waits in
//                        work/ and is tried again with backoff (profile,
//                        file, path, error). Once per file until it is
//                        filed;
//   pull_failing         a profile's SFTP server ([profile.pull]) could not
//                        be listed for alert_after (profile, server,
//                        failing_since, last_listing_time or null, error);
//   pull_recovered       it could be listed again after such an alert
//                        (profile, server).
// Every alert also has "kind", "time" (UTC ISO 8601), "host" and "summary"
// (one sentence for a chat channel). The Make*Alert functions are pure.
//
// AlertSender delivers them from its own thread through an HttpTransport
// (libcurl in production: TLS verified, timeouts, proxies from the
// environment, like the Magento client; a fake in unit tests). Send never
// blocks and never fails the caller: the queue is bounded (a full queue
// drops the alert with a warn line); a delivery that gets no 2xx is logged
// (without the URL's query, which may hold a token) and retried with
// exponential backoff until max_age, then dropped with an error line.
// Alerts are delivered in order; one failing alert holds back the ones
// behind it, so a receiver that is down gets them all, in order, when it
// comes back. Stop() gives what is queued one more try within a grace.
//
// The daemon builds one when alert_webhook is set and calls Send from the
// FileJob observer (file_failed, credentials_refused, filing_failed), the
// breaker observer and the watch loop (no_file_expected). Thread-safe.
#ifndef M2DROP_APP_OPS_ALERTS_H_
#define M2DROP_APP_OPS_ALERTS_H_

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>

#include "m2drop/app/daemon/file_event.h"
#include "m2drop/base/clock.h"
#include "m2drop/magento/circuit_breaker.h"
#include "m2drop/magento/http_transport.h"

namespace m2drop::app {

struct Alert {
  nlohmann::ordered_json body;  // always has "kind"
  std::string kind() const { return body.value("kind", ""); }
};

Alert MakeFileFailedAlert(const FileEvent& event, WallTime now);
Alert MakeBreakerAlert(magento::BreakerState from, magento::BreakerState to,
                       WallTime now);
// `every` as configured (e.g. "26h"); `last_file` nullopt when no file ever
// arrived.
Alert MakeNoFileAlert(const std::string& profile, const std::string& every,
                      std::optional<WallTime> last_file,
                      const std::string& inbox, WallTime now);
Alert MakeCredentialsRefusedAlert(const std::string& message, WallTime now);
// `path` is the file's place in work/; `error` why it could not be filed.
Alert MakeFilingFailedAlert(const std::string& profile, const std::string& file,
                            const std::string& path, const std::string& error,
                            WallTime now);
// `alert_after` as configured (e.g. "1h"); `error` never holds a secret.
Alert MakePullFailingAlert(const std::string& profile,
                           const std::string& server,
                           const std::string& alert_after,
                           WallTime failing_since,
                           std::optional<WallTime> last_listing,
                           const std::string& error, WallTime now);
Alert MakePullRecoveredAlert(const std::string& profile,
                             const std::string& server, WallTime now);

class AlertSender {
 public:
  struct Options {
    std::string url;  // http(s)://…
    size_t max_queue = 1000;
    std::chrono::milliseconds first_backoff{1000};
    std::chrono::milliseconds max_backoff{60'000};
    // An alert older than this is dropped instead of retried again.
    std::chrono::milliseconds max_age{3'600'000};
  };

  // `transport` must outlive the sender.
  AlertSender(Options options, magento::HttpTransport& transport);
  ~AlertSender();  // Stop(0)
  AlertSender(const AlertSender&) = delete;
  AlertSender& operator=(const AlertSender&) = delete;

  // Queues `alert`; false (and a warn line) when the queue is full or the
  // sender is stopped. Never blocks on the network.
  bool Send(Alert alert);

  // Tries what is queued until `grace` has passed, then stops the thread;
  // what is left is dropped with one log line. Idempotent.
  void Stop(std::chrono::milliseconds grace);

  // For tests and status: alerts delivered and dropped so far.
  uint64_t delivered() const;
  uint64_t dropped() const;

 private:
  struct Pending {
    Alert alert;
    std::chrono::steady_clock::time_point queued;
    std::chrono::steady_clock::time_point next_try;
    std::chrono::milliseconds backoff{0};
  };
  void Run();
  bool Deliver(const Alert& alert);  // true on a 2xx
  void Retry(Pending& p, std::chrono::steady_clock::time_point now);
  std::string UrlForLogs() const;

  const Options options_;
  magento::HttpTransport& transport_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;                        // guarded by mu_
  bool stopping_ = false;                            // guarded by mu_
  std::chrono::steady_clock::time_point stop_by_{};  // guarded by mu_
  uint64_t delivered_ = 0;                           // guarded by mu_
  uint64_t dropped_ = 0;                             // guarded by mu_
  std::thread thread_;
};

}  // namespace m2drop::app

#endif  // M2DROP_APP_OPS_ALERTS_H_
