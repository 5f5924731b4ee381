// SPDX-License-Identifier: Apache-2.0
// ApiCaller: one Magento REST call, with everything that protects the shop.
//
// The seam between the typed client (client.h: orders, shipments, stock) and
// the machinery under it: URL building under /rest/<store_code>/, auth
// headers (bearer, admin token, OAuth 1.0a), the shared in-flight limit and
// rate limit, the circuit breaker, error parsing and classification, and
// retries. The real implementation is RestCaller (rest_caller.h); the typed
// client's tests use a scripted fake. Implementations are thread-safe.
#ifndef M2DROP_MAGENTO_API_CALLER_H_
#define M2DROP_MAGENTO_API_CALLER_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

#include "m2drop/base/clock.h"
#include "m2drop/base/status.h"
#include "m2drop/magento/magento_error.h"

namespace m2drop::magento {

struct ApiRequest {
  std::string method;  // "GET", "POST", "PUT" or "DELETE"
  // The path after /rest/<store_code>/, e.g. "V1/orders". Path segments that
  // come from data (SKUs) must already be percent-encoded.
  std::string path;
  // Query parameters, not encoded (the caller encodes and, for OAuth, signs
  // them), e.g. {"searchCriteria[pageSize]", "100"}.
  std::vector<std::pair<std::string, std::string>> query;
  std::optional<nlohmann::json> body;  // sent as application/json
  // False for writes that must never be resent blindly (order/{id}/ship,
  // shipment/track, shipment e-mails): the caller sends them once, on no
  // layer that could resend them (the transport's at_most_once), and
  // reports a transient failure as kUnavailable, so the typed client can
  // wait (WaitToResend) and re-read Magento's state before deciding to send
  // again.
  bool idempotent = true;
  // A stable label for logs and metrics, e.g. "POST /V1/order/{id}/ship".
  std::string route;
};

struct ApiResult {
  // OK for 2xx. Otherwise, after retries where allowed:
  //   kRejected        400, 404 and every other 4xx but 401: the request is
  //                    wrong and sending it again will not help;
  //   kUnauthenticated 401 (after one token renewal where that applies);
  //   kUnavailable     no response, 429, 500, 502, 503, 504 (for idempotent
  //                    requests: once the retry budget is spent, waits
  //                    behind an open circuit breaker included): try again
  //                    later;
  //   kCancelled       `stop` was requested while waiting.
  // The message is Magento's message with its parameters filled in.
  Status status;
  int http_status = 0;  // 0 when no response arrived
  nlohmann::json body;  // the parsed 2xx body (null for an empty body)
  MagentoError error;   // the parsed error body for non-2xx answers
  // Requests that left the process for this call: every retry, and every
  // resend of the HTTP client on a fresh connection (0 when no connection
  // could be made).
  int attempts = 0;
  // The server's Retry-After on the last answer (429, 503), if any.
  std::optional<Duration> retry_after;

  bool ok() const { return status.ok(); }
};

// How much of the retry budget a write that is not idempotent has used
// across its resends (WaitToResend). Start with a default-constructed one.
struct ResendBudget {
  int failures = 0;                   // transient failures so far
  std::optional<SteadyTime> started;  // when the first of them was seen
};

class ApiCaller {
 public:
  virtual ~ApiCaller() = default;

  // Performs `request`, retrying idempotent requests on transient failures
  // within the retry budget, and waits (interruptibly, through `stop`) while
  // the circuit breaker is open or the rate limit says so. Thread-safe.
  virtual ApiResult Call(const ApiRequest& request, std::stop_token stop) = 0;

  // For a request that is not idempotent whose attempt ended in the
  // transient failure `last` (no answer, 429, 5xx): waits as the retry
  // policy says for any request (backoff with jitter, at least `last`'s
  // Retry-After), so that a request still running in the shop has ended
  // before the caller reads Magento and perhaps sends it again. Logs why.
  // kOk when the caller may go on; kUnavailable when the retry budget
  // (max_attempts, give_up_after) is spent, without waiting; kCancelled when
  // `stop` was requested. Thread-safe; `budget` belongs to one write.
  virtual Status WaitToResend(const ApiRequest& request, const ApiResult& last,
                              ResendBudget& budget, std::stop_token stop) = 0;
};

}  // namespace m2drop::magento

#endif  // M2DROP_MAGENTO_API_CALLER_H_
