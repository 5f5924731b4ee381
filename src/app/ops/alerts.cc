// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/ops/alerts.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>

#include "m2drop/base/secret_masking.h"
#include "m2drop/config/validation.h"
#include "m2drop/pipeline/disposition_io.h"

namespace m2drop::app {
namespace {

using std::chrono::milliseconds;
using SteadyClock = std::chrono::steady_clock;

std::string HostName() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "";
  return name;
}

nlohmann::ordered_json Envelope(const std::string& kind, WallTime now,
                                std::string summary) {
  return {{"kind", kind},
          {"time", pipeline::IsoUtc(now)},
          {"host", HostName()},
          {"summary", std::move(summary)}};
}

std::string StateName(magento::BreakerState s) {
  std::string name(magento::BreakerStateName(s));
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

}  // namespace

Alert MakeFileFailedAlert(const FileEvent& e, WallTime now) {
  std::string summary = "m2drop: " + e.file + " (profile " + e.profile +
                        ") failed: " + std::to_string(e.failed) + " of " +
                        std::to_string(e.rows) + " rows; see " +
                        (e.report.empty() ? e.path : e.report);
  Alert a{Envelope("file_failed", now, std::move(summary))};
  a.body["profile"] = e.profile;
  a.body["file"] = e.file;
  a.body["path"] = e.path;
  a.body["report"] = e.report;
  a.body["rows"] = e.rows;
  a.body["failed"] = e.failed;
  a.body["applied"] = e.applied;
  a.body["error"] = e.note;
  return a;
}

Alert MakeBreakerAlert(magento::BreakerState from, magento::BreakerState to,
                       WallTime now) {
  const bool open = to == magento::BreakerState::kOpen;
  Alert a{Envelope(
      "circuit_breaker", now,
      open ? "m2drop: Magento is failing; the circuit breaker opened and "
             "imports wait for it to recover"
           : "m2drop: the circuit breaker is " + StateName(to) +
                 " again; imports go on")};
  a.body["state"] = StateName(to);
  a.body["from"] = StateName(from);
  return a;
}

Alert MakeNoFileAlert(const std::string& profile, const std::string& every,
                      std::optional<WallTime> last_file,
                      const std::string& inbox, WallTime now) {
  Alert a{Envelope("no_file_expected", now,
                   "m2drop: profile " + profile + " expects a file every " +
                       every + " and has received none for that long (" +
                       inbox + ")")};
  a.body["profile"] = profile;
  a.body["expect_file_every"] = every;
  a.body["last_file_time"] =
      last_file ? nlohmann::ordered_json(pipeline::IsoUtc(*last_file))
                : nlohmann::ordered_json(nullptr);
  a.body["inbox"] = inbox;
  return a;
}

Alert MakeCredentialsRefusedAlert(const std::string& message, WallTime now) {
  Alert a{Envelope("credentials_refused", now,
                   "m2drop: Magento refused m2drop's credentials; files wait "
                   "in work/ until they are fixed (m2drop check-config)")};
  a.body["message"] = message;
  return a;
}

Alert MakeFilingFailedAlert(const std::string& profile, const std::string& file,
                            const std::string& path, const std::string& error,
                            WallTime now) {
  Alert a{Envelope("filing_failed", now,
                   "m2drop: " + file + " (profile " + profile +
                       ") was imported but cannot be filed: its reports "
                       "cannot be written; it waits in " +
                       path + " and is tried again")};
  a.body["profile"] = profile;
  a.body["file"] = file;
  a.body["path"] = path;
  a.body["error"] = error;
  return a;
}

Alert MakePullFailingAlert(const std::string& profile,
                           const std::string& server,
                           const std::string& alert_after,
                           WallTime failing_since,
                           std::optional<WallTime> last_listing,
                           const std::string& error, WallTime now) {
  Alert a{Envelope("pull_failing", now,
                   "m2drop: profile " + profile +
                       " has not been able to "
                       "list " +
                       server + " for " + alert_after + ": " + error)};
  a.body["profile"] = profile;
  a.body["server"] = server;
  a.body["failing_since"] = pipeline::IsoUtc(failing_since);
  a.body["last_listing_time"] =
      last_listing ? nlohmann::ordered_json(pipeline::IsoUtc(*last_listing))
                   : nlohmann::ordered_json(nullptr);
  a.body["error"] = error;
  return a;
}

Alert MakePullRecoveredAlert(const std::string& profile,
                             const std::string& server, WallTime now) {
  Alert a{Envelope("pull_recovered", now,
                   "m2drop: profile " + profile + " lists " + server +
                       " again; its drops are fetched")};
  a.body["profile"] = profile;
  a.body["server"] = server;
  return a;
}

AlertSender::AlertSender(Options options, magento::HttpTransport& transport)
    : options_(std::move(options)), transport_(transport) {
  thread_ = std::thread([this] { Run(); });
}

AlertSender::~AlertSender() { Stop(milliseconds(0)); }

bool AlertSender::Send(Alert alert) {
  const std::string kind = alert.kind();
  {
    std::lock_guard lock(mu_);
    if (!stopping_ && queue_.size() < options_.max_queue) {
      const auto now = SteadyClock::now();
      queue_.push_back({std::move(alert), now, now, milliseconds(0)});
      wake_.notify_one();
      return true;
    }
    ++dropped_;
  }
  spdlog::warn("alert {} dropped: the alert queue is full ({} waiting for {})",
               kind, options_.max_queue, UrlForLogs());
  return false;
}

void AlertSender::Stop(milliseconds grace) {
  {
    std::lock_guard lock(mu_);
    if (!stopping_) {
      stopping_ = true;
      stop_by_ = SteadyClock::now() + grace;
    }
    wake_.notify_one();
  }
  if (thread_.joinable()) thread_.join();
}

uint64_t AlertSender::delivered() const {
  std::lock_guard lock(mu_);
  return delivered_;
}

uint64_t AlertSender::dropped() const {
  std::lock_guard lock(mu_);
  return dropped_;
}

void AlertSender::Run() {
  std::unique_lock lock(mu_);
  for (;;) {
    const auto now = SteadyClock::now();
    if (stopping_ && (queue_.empty() || now >= stop_by_)) break;
    if (queue_.empty() || queue_.front().next_try > now) {
      const auto until = queue_.empty() ? now + std::chrono::hours(1)
                                        : queue_.front().next_try;
      wake_.wait_until(lock, stopping_ ? std::min(until, stop_by_) : until);
      continue;
    }
    Pending& front = queue_.front();
    const Alert alert = front.alert;
    lock.unlock();
    const bool ok = Deliver(alert);
    lock.lock();
    if (ok) {
      ++delivered_;
      queue_.pop_front();
    } else {
      Retry(queue_.front(), SteadyClock::now());
    }
  }
  if (!queue_.empty()) {
    dropped_ += queue_.size();
    spdlog::error("{} alerts not delivered to {} before shutdown",
                  queue_.size(), UrlForLogs());
    queue_.clear();
  }
}

void AlertSender::Retry(Pending& p, SteadyClock::time_point now) {
  if (now - p.queued >= options_.max_age) {
    ++dropped_;
    spdlog::error("alert {} dropped: {} did not take it for {} ms",
                  p.alert.kind(), UrlForLogs(), options_.max_age.count());
    queue_.pop_front();
    return;
  }
  p.backoff = p.backoff.count() == 0
                  ? options_.first_backoff
                  : std::min(p.backoff * 2, options_.max_backoff);
  p.next_try = now + p.backoff;
}

bool AlertSender::Deliver(const Alert& alert) {
  magento::HttpRequest request{
      .method = "POST",
      .url = options_.url,
      .headers = {{"Content-Type", "application/json"},
                  {"User-Agent", "m2drop"}},
      .body = alert.body.dump(-1, ' ', false,
                              nlohmann::json::error_handler_t::replace)};
  Result<magento::HttpResponse> response = transport_.Send(request, nullptr);
  if (response.ok() && response->status >= 200 && response->status < 300) {
    return true;
  }
  // A transport's reason may quote the URL: masked like any secret.
  const std::string secrets[] = {options_.url};
  spdlog::warn(
      "alert {} not delivered to {}: {}; retrying", alert.kind(), UrlForLogs(),
      response.ok() ? "HTTP " + std::to_string(response->status)
                    : MaskSecrets(response.status().message(), secrets));
  return false;
}

std::string AlertSender::UrlForLogs() const {
  // Only the scheme and the host: a webhook's path (Slack's
  // /services/T…/B…/SECRET), query (?token=…) and user:password@ may each
  // carry its secret, and a failing webhook is logged on every retry.
  const std::string& url = options_.url;
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) return "the alert webhook";
  return url.substr(0, scheme + 3) + std::string(config::UrlHost(url)) +
         "/\u2026";
}

}  // namespace m2drop::app
