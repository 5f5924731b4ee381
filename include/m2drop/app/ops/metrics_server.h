// SPDX-License-Identifier: Apache-2.0
// MetricsServer: the small HTTP server on [daemon] metrics_listen (issue 7),
// built on SmallHttpServer (bounded connections, header size and read time,
// a Stop() that never waits for a client: small_http_server.h), serving
//   GET /metrics  the Prometheus exposition (text/plain; version=0.0.4);
//   GET /healthz  200 "ok" while the process runs (liveness);
//   GET /readyz   200 "ready" when the readiness callback says so, else 503
//                 with the reason in the body (readiness: watching, and
//                 Magento reachable — the circuit breaker not open);
// and 404 for anything else. It answers on its own thread; the callbacks
// run there and must be thread-safe.
//
// The daemon starts it once its inboxes are watched (so a scrape never
// sees a daemon that is not ready yet as alive-and-ready), with
// DaemonMetrics::Render and DaemonReadiness over the RestCaller's breaker
// state, and stops it (or lets it go out of scope) before shutting down.
#ifndef M2DROP_APP_OPS_METRICS_SERVER_H_
#define M2DROP_APP_OPS_METRICS_SERVER_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "m2drop/app/ops/small_http_server.h"
#include "m2drop/base/clock.h"
#include "m2drop/base/result.h"
#include "m2drop/magento/circuit_breaker.h"

namespace m2drop::app {

struct Readiness {
  bool ready = false;
  std::string reason;  // for a person, e.g. "circuit breaker open: …"
  // More lines for the body, ready or not (each pull's last listing).
  std::string detail = "";
};

// Ready when `watching` and the breaker is not open; the reasons say what
// is wrong in words. Pure.
Readiness DaemonReadiness(bool watching, magento::BreakerState breaker);

class MetricsServer {
 public:
  struct Handlers {
    std::function<std::string()> metrics;
    std::function<Readiness()> ready;
  };

  // Binds `listen` ("host:port", "[::1]:port"; port 0 = any free port) and
  // serves from a new thread. kInvalidInput for an address that does not
  // parse, kUnavailable naming the address when it cannot be bound (in
  // use, no such host). `clock` (for the connections' deadlines) must
  // outlive the server.
  static Result<std::unique_ptr<MetricsServer>> Start(
      const std::string& listen, Handlers handlers,
      const Clock& clock = RealClock::Instance());

  ~MetricsServer();  // Stop()
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  // Stops serving and joins the thread; idempotent; prompt (milliseconds),
  // whatever clients are connected.
  void Stop();

  const std::string& host() const { return host_; }
  int port() const;
  // "http://host:port", IPv6 hosts in brackets.
  std::string url() const;

 private:
  MetricsServer(std::string host, Handlers handlers);
  // The answer for a GET of `path`.
  HttpAnswer Route(std::string_view path) const;

  std::string host_;
  Handlers handlers_;
  std::unique_ptr<SmallHttpServer> server_;
};

}  // namespace m2drop::app

#endif  // M2DROP_APP_OPS_METRICS_SERVER_H_
