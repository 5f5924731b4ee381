// SPDX-License-Identifier: Apache-2.0
// Simulator: an in-memory Magento 2 REST API (magento-rest.md) behind one
// request handler, so tests drive it without sockets and sim::Server puts it
// on loopback.
//
// Handle() routes /rest/... requests (store codes, auth and ACL, the
// Content-Type and JSON checks, the route, then ?fields=) and the
// introspection routes /_sim/state, /_sim/requests, /_sim/faults,
// /_sim/flags and /_sim/reset-counters (no auth, never faulted). Faults are
// decided by faults() and acted on by the server.
//
// Thread-safe: the state sits behind one mutex; Handle() may be called from
// many threads at once. Never blocks beyond that mutex. The Clock must
// outlive the Simulator.
#ifndef M2DROP_SIM_SIMULATOR_H_
#define M2DROP_SIM_SIMULATOR_H_

#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "m2drop/base/clock.h"
#include "m2drop/sim/faults.h"
#include "m2drop/sim/http_types.h"
#include "m2drop/sim/introspection.h"
#include "m2drop/sim/store.h"

namespace m2drop::sim {

struct SimulatorOptions {
  FaultOptions faults;
  // Signs admin JWTs; empty = a random secret per simulator.
  std::string jwt_secret;
  // host[:port] for the OAuth base URL when a request has no Host header.
  std::string default_host = "127.0.0.1";
};

class Simulator {
 public:
  Simulator(Store store, Clock& clock, SimulatorOptions options = {});
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  // Answers one request. Never fails: every problem is an HTTP answer.
  Response Handle(const Request& request);

  // "POST /V1/order/{id}/ship" for API requests, "unmatched" for other
  // /rest/ paths; "" for /_sim/ paths (which are never faulted or counted).
  std::string RouteLabel(const Request& request) const;

  // Counts a fault the server injected instead of (or after) Handle():
  // 503/429 answers also count under the route and status.
  void RecordFault(const std::string& label, FaultKind kind);

  FaultInjector& faults() { return faults_; }
  Clock& clock() { return clock_; }

  void set_default_host(std::string host);

  // Runs `fn` on the state under the mutex (tests, introspection).
  void WithStore(const std::function<void(Store&)>& fn);
  RequestCounters CountersForTesting() const;

 private:
  // `body`: the request's body parsed (POST and PUT; nullopt when it is
  // not JSON), done before taking the lock.
  Response HandleApi(const Request& request, std::optional<Json> body,
                     std::string* label);
  Response HandleIntrospection(const Request& request);

  Clock& clock_;
  FaultInjector faults_;
  mutable std::mutex mu_;
  Store store_;               // guarded by mu_
  RequestCounters counters_;  // guarded by mu_
  std::string jwt_secret_;
  std::string default_host_;  // guarded by mu_
};

}  // namespace m2drop::sim

#endif  // M2DROP_SIM_SIMULATOR_H_
