// SPDX-License-Identifier: Apache-2.0
// RestCaller: the real ApiCaller (api_caller.h). One Magento REST call goes
//
//   circuit breaker (wait while open) → rate limit → in-flight slot →
//   auth headers → transport → classify → retry or answer
//
// URL: <base_url>/rest/<store_code>/<path>?<query> ("/rest/<path>" when
// store_code is empty), JSON with Content-Type and Accept application/json
// (POST and PUT always carry a body, "{}" when the request has none, since
// Magento refuses a POST without Content-Type).
//
// Retries: idempotent requests retry transient failures (no answer, 408,
// 429, 5xx) per RetryPolicy, honouring Retry-After on 429 and 503; a
// non-idempotent request is sent once (the transport never resends it
// either) and a transient failure comes back as kUnavailable, for the
// typed client to re-read Magento after WaitToResend, which waits on the
// same policy. Every retry line says why: the HTTP status and Magento's
// message, or the transport's error. A 401 calls
// Authenticator::OnUnauthorized() and, when it renewed the credential (admin
// tokens), tries once more; otherwise, or on a second 401, the result is
// kUnauthenticated with the authenticator's explanation. Transient failures
// feed the circuit breaker; any answer (success or permanent error) closes it.
// `stop` interrupts every wait with kCancelled.
//
// Logs one debug line per request (method, route label, status, elapsed,
// attempt) and a warn line per retry; never a URL's query, a header or a
// body. Thread-safe: one RestCaller is shared by all workers, and with it
// the limits and the breaker. The Deps must outlive it.
#ifndef M2DROP_MAGENTO_REST_CALLER_H_
#define M2DROP_MAGENTO_REST_CALLER_H_

#include <stop_token>
#include <string>

#include "m2drop/base/clock.h"
#include "m2drop/magento/api_caller.h"
#include "m2drop/magento/auth.h"
#include "m2drop/magento/circuit_breaker.h"
#include "m2drop/magento/http_transport.h"
#include "m2drop/magento/in_flight_limiter.h"
#include "m2drop/magento/rate_limiter.h"
#include "m2drop/magento/request_observer.h"
#include "m2drop/magento/retry_policy.h"

namespace m2drop::magento {

// The [magento] and [retry] settings RestCaller uses (the transport's own
// settings are in CurlOptions).
struct RestCallerOptions {
  std::string base_url;  // the shop's root, e.g. https://shop.example.com
  std::string store_code = "all";  // "" for /rest/V1/...
  int max_in_flight = 8;           // concurrent requests, all workers
  double rate_limit = 20;          // requests per second, 0 = no limit
  RetryOptions retry;      // [retry] max_attempts, backoffs, give_up_after
  BreakerOptions breaker;  // breaker_failures, breaker_cooldown
};

class RestCaller final : public ApiCaller {
 public:
  struct Deps {
    HttpTransport& transport;
    Clock& clock;
    Authenticator& auth;
    // Backoff jitter; tests pin it.
    RetryPolicy::Jitter jitter = RetryPolicy::RandomJitter();
    // Told of every breaker state change (metrics, alerts); see
    // CircuitBreaker for the rules it must follow.
    CircuitBreaker::Observer breaker_observer = nullptr;
    // Told of every request sent (metrics); see request_observer.h.
    RequestObserver request_observer = nullptr;
  };

  // REQUIRES: options.max_in_flight >= 1, options.breaker.failure_threshold
  // >= 1 (the config module validates both).
  RestCaller(RestCallerOptions options, Deps deps);

  ApiResult Call(const ApiRequest& request, std::stop_token stop) override;
  Status WaitToResend(const ApiRequest& request, const ApiResult& last,
                      ResendBudget& budget, std::stop_token stop) override;

  // For metrics and health.
  BreakerState breaker_state() const { return breaker_.state(); }
  int in_flight() const { return in_flight_.in_flight(); }
  int waiting_for_slot() const { return in_flight_.waiting(); }

 private:
  struct Attempt;
  struct Target;

  // Sends the request once through breaker, limits and auth.
  Attempt SendOnce(const ApiRequest& request, const Target& target,
                   int attempt_number, std::stop_token stop);
  // Turns a finished attempt into the caller's answer.
  void Finish(const ApiRequest& request, Attempt attempt, ApiResult& result);

  const RestCallerOptions options_;
  HttpTransport& transport_;
  Clock& clock_;
  Authenticator& auth_;
  const RetryPolicy retry_;
  CircuitBreaker breaker_;
  RateLimiter rate_limiter_;
  InFlightLimiter in_flight_;
  const RequestObserver request_observer_;
};

}  // namespace m2drop::magento

#endif  // M2DROP_MAGENTO_REST_CALLER_H_
