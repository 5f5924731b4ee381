// SPDX-License-Identifier: Apache-2.0
// HttpTransport: the seam between m2drop and the network.
//
// One method, Send(), that turns an HttpRequest into the HttpResponse the
// server gave, whatever its status. CurlTransport is the real one (libcurl);
// tests use FakeHttpTransport (tests/fakes/), which replays a script and
// records every request. Implementations must be thread-safe: several
// workers call Send() at once. Send() blocks until the response is complete
// or the transport's timeouts expire.
#ifndef M2DROP_MAGENTO_HTTP_TRANSPORT_H_
#define M2DROP_MAGENTO_HTTP_TRANSPORT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "m2drop/base/result.h"

namespace m2drop::magento {

struct HttpHeader {
  std::string name;
  std::string value;
};

struct HttpRequest {
  std::string method;  // "GET", "POST", "PUT" or "DELETE"
  std::string url;     // absolute, query string already encoded
  std::vector<HttpHeader> headers;
  std::string body;  // empty for GET and DELETE
  // The request must go on the wire at most once in one Send(): a write
  // that is not idempotent (ship, add a track, send an e-mail). HTTP
  // clients resend a request on a fresh connection when a kept-alive one
  // closes with no answer (libcurl does, POST included); such a request
  // fails instead, so that the caller can read Magento before sending it
  // again.
  bool at_most_once = false;
};

// What one Send() put on the wire, whatever its result.
struct SendStats {
  // Times the request was sent: 0 when no connection could be made, 1
  // normally, more when the transport resent it on a fresh connection
  // (never for at_most_once requests).
  int requests_sent = 0;
};

struct HttpResponse {
  int status = 0;
  std::vector<HttpHeader> headers;
  std::string body;

  // The value of the first header named `name` (ASCII case-insensitive).
  std::optional<std::string> Header(std::string_view name) const;
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;

  // Sends `request` and returns the server's response, whatever its HTTP
  // status. Returns kUnavailable when no complete response arrived
  // (connection refused or reset, timeout, TLS failure), with the reason in
  // the message; whether the server acted on the request is then unknown.
  // Fills `*stats` when not null. Thread-safe.
  virtual Result<HttpResponse> Send(const HttpRequest& request,
                                    SendStats* stats) = 0;
};

}  // namespace m2drop::magento

#endif  // M2DROP_MAGENTO_HTTP_TRANSPORT_H_
