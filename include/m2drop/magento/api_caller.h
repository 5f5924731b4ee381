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
  // shipment/track): the caller sends them once and reports a transient
  // failure as kUnavailable, so the typed client can re-read Magento's state
  // before deciding to send again.
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
  int attempts = 0;     // requests actually sent

  bool ok() const { return status.ok(); }
};

class ApiCaller {
 public:
  virtual ~ApiCaller() = default;

  // Performs `request`, retrying idempotent requests on transient failures
  // within the retry budget, and waits (interruptibly, through `stop`) while
  // the circuit breaker is open or the rate limit says so. Thread-safe.
  virtual ApiResult Call(const ApiRequest& request, std::stop_token stop) = 0;
};

}  // namespace m2drop::magento

#endif  // M2DROP_MAGENTO_API_CALLER_H_
