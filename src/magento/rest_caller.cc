// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/rest_caller.h"

#include <spdlog/spdlog.h>

#include "m2drop/base/strings.h"
#include "m2drop/magento/url.h"

namespace m2drop::magento {

// The request as it goes on the wire.
struct RestCaller::Target {
  std::string url;           // with the encoded query
  std::string url_no_query;  // what OAuth signs
  std::string body;
};

// One request sent (or given up on before sending).
struct RestCaller::Attempt {
  Status status;          // transport, auth or classification outcome
  bool sent = false;      // the transport was asked to send it
  int wire_sends = 0;     // times it went on the wire (SendStats)
  HttpResponse response;  // valid when status came from an HTTP answer
  std::optional<Duration> retry_after;

  static Attempt NotSent(Status status) {
    Attempt attempt;
    attempt.status = std::move(status);
    return attempt;
  }
};

namespace {

int64_t Millis(Duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

bool NeedsBody(std::string_view method) {
  return method == "POST" || method == "PUT";
}

}  // namespace

RestCaller::RestCaller(RestCallerOptions options, Deps deps)
    : options_(std::move(options)),
      transport_(deps.transport),
      clock_(deps.clock),
      auth_(deps.auth),
      retry_(options_.retry, std::move(deps.jitter)),
      breaker_(deps.clock, options_.breaker, std::move(deps.breaker_observer)),
      rate_limiter_(deps.clock, options_.rate_limit),
      in_flight_(options_.max_in_flight),
      request_observer_(std::move(deps.request_observer)) {}

ApiResult RestCaller::Call(const ApiRequest& request, std::stop_token stop) {
  Target target;
  target.url = BuildRestUrl(options_.base_url, options_.store_code,
                            request.path, request.query);
  target.url_no_query =
      BuildRestUrl(options_.base_url, options_.store_code, request.path);
  if (request.body) {
    target.body = request.body->dump();
  } else if (NeedsBody(request.method)) {
    target.body = "{}";
  }

  ApiResult result;
  SteadyTime started = clock_.Now();
  bool renewed = false;
  int tries = 0;
  for (int transient_failures = 0;;) {
    Attempt attempt = SendOnce(request, target, tries + 1, stop);
    if (attempt.sent) ++tries;
    result.attempts += attempt.wire_sends;
    StatusCode code = attempt.status.code();
    if (code == StatusCode::kUnauthenticated && attempt.sent &&
        attempt.response.status == 401 && !renewed && auth_.OnUnauthorized()) {
      renewed = true;  // One more try with a fresh credential.
      spdlog::warn("magento: {} refused the {} credential (401); renewing it",
                   request.route, auth_.kind());
      continue;
    }
    if (code != StatusCode::kUnavailable || !request.idempotent) {
      Finish(request, std::move(attempt), result);
      return result;
    }
    std::optional<Duration> delay = retry_.NextDelay(
        transient_failures++, started, clock_.Now(), attempt.retry_after);
    if (!delay) {
      Finish(request, std::move(attempt), result);
      result.status = result.status.WithContext(
          "gave up after " + std::to_string(tries) + " attempts in " +
          std::to_string(Millis(clock_.Now() - started)) + " ms");
      return result;
    }
    spdlog::warn(
        "magento: retrying route=\"{}\" attempt={} delay_ms={} reason=\"{}\"",
        request.route, tries, Millis(*delay), attempt.status.message());
    if (!clock_.WaitFor(*delay, stop)) {
      result.status = Status::Cancelled(
          "shutting down while waiting to retry " + request.route);
      return result;
    }
  }
}

RestCaller::Attempt RestCaller::SendOnce(const ApiRequest& request,
                                         const Target& target,
                                         int attempt_number,
                                         std::stop_token stop) {
  Attempt attempt;
  Result<CircuitBreaker::Ticket> ticket = breaker_.Enter(stop);
  if (!ticket.ok()) return Attempt::NotSent(ticket.status());
  if (Status s = rate_limiter_.Acquire(stop); !s.ok())
    return Attempt::NotSent(s);
  Result<InFlightLimiter::Slot> slot = in_flight_.Acquire(stop);
  if (!slot.ok()) return Attempt::NotSent(slot.status());
  Result<std::vector<HttpHeader>> auth_headers =
      auth_.Headers(request.method, target.url_no_query, request.query, stop);
  if (!auth_headers.ok()) {
    // The token endpoint not answering is the shop being down; a refusal
    // proves it is up.
    StatusCode code = auth_headers.status().code();
    if (code == StatusCode::kUnavailable) ticket->Failed();
    if (code == StatusCode::kUnauthenticated) ticket->Succeeded();
    return Attempt::NotSent(auth_headers.status());
  }

  HttpRequest http{.method = request.method,
                   .url = target.url,
                   .headers = std::move(*auth_headers),
                   .body = target.body,
                   .at_most_once = !request.idempotent};
  http.headers.push_back({"Accept", "application/json"});
  if (!target.body.empty()) {
    http.headers.push_back({"Content-Type", "application/json"});
  }
  SteadyTime t0 = clock_.Now();
  SendStats stats;
  Result<HttpResponse> response = transport_.Send(http, &stats);
  Duration elapsed = clock_.Now() - t0;
  slot->Release();
  attempt.sent = true;
  attempt.wire_sends = stats.requests_sent;
  spdlog::debug(
      "magento: request method={} route=\"{}\" status={} elapsed_ms={} "
      "attempt={}",
      request.method, request.route, response.ok() ? response->status : 0,
      Millis(elapsed), attempt_number);
  if (request_observer_) {
    request_observer_(RequestRecord{
        request.route, response.ok() ? response->status : 0,
        std::chrono::duration<double>(elapsed).count(), attempt_number});
  }
  if (!response.ok()) {
    ticket->Failed();
    attempt.status = Status::Unavailable("no answer from Magento: " +
                                         response.status().message());
    return attempt;
  }
  attempt.response = std::move(*response);
  int http_status = attempt.response.status;
  StatusCode code = ClassifyHttpStatus(http_status);
  if (code == StatusCode::kUnavailable) {
    ticket->Failed();
    if (http_status == 429 || http_status == 503) {
      if (auto value = attempt.response.Header("Retry-After")) {
        attempt.retry_after = ParseRetryAfter(*value, clock_.WallNow());
      }
    }
  } else {
    ticket->Succeeded();
  }
  // The reason a retry line gives: the status and what the answer says.
  if (code == StatusCode::kOk) {
    attempt.status = Status::Ok();
  } else {
    std::string why =
        ParseMagentoError(http_status, attempt.response.body, auth_.Secrets())
            .message;
    std::string status = "HTTP " + std::to_string(http_status);
    attempt.status =
        Status(code, why.starts_with(status) ? why : status + ": " + why);
  }
  return attempt;
}

Status RestCaller::WaitToResend(const ApiRequest& request,
                                const ApiResult& last, ResendBudget& budget,
                                std::stop_token stop) {
  SteadyTime now = clock_.Now();
  if (!budget.started) budget.started = now;
  std::optional<Duration> delay = retry_.NextDelay(
      budget.failures++, *budget.started, now, last.retry_after);
  if (!delay) {
    return Status::Unavailable(
        request.route + ": no retry left after " +
        std::to_string(budget.failures) + " attempts in " +
        std::to_string(Millis(now - *budget.started)) + " ms");
  }
  spdlog::warn(
      "magento: will check and resend route=\"{}\" attempt={} delay_ms={} "
      "reason=\"{}\"",
      request.route, budget.failures, Millis(*delay), last.status.message());
  if (!clock_.WaitFor(*delay, stop)) {
    return Status::Cancelled("shutting down while waiting to resend " +
                             request.route);
  }
  return Status::Ok();
}

void RestCaller::Finish(const ApiRequest& request, Attempt attempt,
                        ApiResult& result) {
  if (!attempt.sent || attempt.response.status == 0) {
    result.status = attempt.status;  // no HTTP answer: transport, auth, stop
    return;
  }
  const HttpResponse& response = attempt.response;
  result.http_status = response.status;
  result.retry_after = attempt.retry_after;
  StatusCode code = attempt.status.code();
  if (code == StatusCode::kOk) {
    if (Trim(response.body).empty()) {
      result.body = nullptr;
    } else {
      result.body = nlohmann::json::parse(response.body, nullptr, false);
      if (result.body.is_discarded()) {
        result.body = nullptr;
        result.status = Status::Internal(
            request.route + ": Magento answered " +
            std::to_string(response.status) +
            " with a body that is not JSON (" +
            ParseMagentoError(response.status, response.body, auth_.Secrets())
                .message +
            "): is base_url the shop's root?");
        return;
      }
    }
    result.status = Status::Ok();
    return;
  }
  result.error =
      ParseMagentoError(response.status, response.body, auth_.Secrets());
  // Magento's OAuth layer refuses bad protocol parameters with 400: that is
  // refused credentials, as a 401 is, not a refused request.
  if (IsOAuthRefusal(result.error)) code = StatusCode::kUnauthenticated;
  switch (code) {
    case StatusCode::kUnauthenticated:
      result.status = auth_.Explain(result.error);
      break;
    case StatusCode::kUnavailable:
      result.status = Status::Unavailable("Magento answered " +
                                          std::to_string(response.status) +
                                          ": " + result.error.message);
      break;
    default:
      result.status = Status(code, result.error.message);
      break;
  }
}

}  // namespace m2drop::magento
