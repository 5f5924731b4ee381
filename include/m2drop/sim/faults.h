// SPDX-License-Identifier: Apache-2.0
// Fault injection for the simulator's API routes (never /_sim/*): latency
// with jitter, random 503s, outage windows (or an outage switched on at run
// time), a request-rate limit answered 429 + Retry-After, connection resets
// (the request is not applied) and lost responses (the write is applied, then
// the answer is lost the way the wire loses it: the connection closed before
// any byte, closed after the status line and headers, or reset by a TCP
// RST). Half of the random 503s close the connection (`Connection: close`),
// as a proxy does when its upstream died. Scripted one-shot
// faults ("next") make tests deterministic; random ones come from a seeded
// RNG so runs repeat.
//
// Not Magento behaviour but the network's and proxies' in front of it, so
// no Magento source applies. FaultInjector decides; sim::Server acts (it owns the sockets). Thread-safe:
// Decide() and Update() may be called from any thread.
#ifndef M2DROP_SIM_FAULTS_H_
#define M2DROP_SIM_FAULTS_H_

#include <cstdint>
#include <deque>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "m2drop/base/clock.h"
#include "m2drop/base/status.h"
#include "m2drop/sim/http_types.h"

namespace m2drop::sim {

enum class FaultKind {
  kNone,
  kError,        // 503 with a proxy-like body, request not applied
  kOutage,       // 503 during an outage, request not applied
  kRateLimited,  // 429 {"message":"Too Many Requests","trace":null}
  kReset,        // TCP reset before any byte of answer, not applied
  // Applied, then the answer is lost:
  kLostBeforeBytes,   // the connection closed (FIN) before any byte
  kLostAfterHeaders,  // the status line and headers, then closed
  kLostReset,         // a TCP reset (RST) before any byte
};

// "none", "error", "outage", "rate_limited", "reset", "lost_before_bytes",
// "lost_after_headers", "lost_reset".
std::string_view FaultKindName(FaultKind kind);

// How a lost response is lost: one of the three kLost* kinds, or each of
// them in turn at random (kMixed, the default).
enum class LostMode { kMixed, kBeforeBytes, kAfterHeaders, kReset };

// "mixed", "before_bytes", "after_headers", "reset".
std::string_view LostModeName(LostMode mode);

// A window [start, end) measured from the injector's start time.
struct OutageWindow {
  milliseconds start{0};
  milliseconds end{0};
};

struct FaultOptions {
  milliseconds latency{0};        // added to every API request
  milliseconds jitter{0};         // plus uniform [0, jitter]
  double error_rate = 0;          // probability of a 503, 0..1
  double reset_rate = 0;          // probability of a connection reset, 0..1
  double lost_response_rate = 0;  // probability of a lost response, 0..1
  LostMode lost_response_mode = LostMode::kMixed;
  std::vector<OutageWindow> outage_windows;
  bool outage = false;            // every API request answers 503 while set
  int rate_limit_per_second = 0;  // 0 = no limit; else 429 above it
  uint64_t seed = 1;              // RNG seed for the random faults
};

struct FaultDecision {
  FaultKind kind = FaultKind::kNone;
  Duration delay{0};              // wait this long before answering
  int retry_after_seconds = 0;    // for kRateLimited
  bool close_connection = false;  // for kError: `Connection: close`

  // The request reaches the shop (kLost*), as opposed to being refused
  // before it (503, 429, reset) or answered normally (kNone).
  bool applied_then_lost() const {
    return kind == FaultKind::kLostBeforeBytes ||
           kind == FaultKind::kLostAfterHeaders ||
           kind == FaultKind::kLostReset;
  }
};

class FaultInjector {
 public:
  FaultInjector(FaultOptions options, SteadyTime start);

  // The fault for one API request arriving at `now` on route `label` (e.g.
  // "POST /V1/order/{id}/ship"). Scripted faults come first, then outages,
  // the rate limit and the random faults, in that order.
  FaultDecision Decide(SteadyTime now, const std::string& label);

  // Changes faults at run time from JSON (POST /_sim/faults): any of
  // latency_ms, jitter_ms, error_rate, reset_rate, lost_response_rate,
  // lost_response_mode ("mixed"|"before_bytes"|"after_headers"|"reset"),
  // outage, outage_windows [{start_ms, end_ms}], rate_limit_per_second, seed,
  // and next: [{"kind": "error"|"rate_limited"|"reset"|"lost_response"
  // (lost as lost_response_mode says)|"lost_before_bytes"|
  // "lost_after_headers"|"lost_reset", "route": label or absent for any}]
  // (appended, one request each).
  // kInvalidInput naming the key when a value is wrong; nothing changes then.
  Status Update(const Json& changes);

  // The current settings (GET /_sim/faults).
  Json ToJson() const;

 private:
  struct Scripted {
    FaultKind kind;     // kNone: a lost response of lost_response_mode
    std::string route;  // empty = any
  };

  bool InOutage(SteadyTime now) const;
  // The kLost* kind of one lost response, per lost_response_mode; `draw` is
  // uniform in [0, 1).
  FaultKind LostKind(double draw) const;
  bool RateLimited(SteadyTime now, int* retry_after);

  mutable std::mutex mu_;
  FaultOptions options_;
  SteadyTime start_;
  std::mt19937_64 rng_;
  std::deque<Scripted> next_;
  int64_t rate_window_ = -1;  // index of the current 1 s window
  int rate_count_ = 0;        // requests seen in it
};

// Parses FaultOptions from the same JSON keys as Update (for seeds and
// tests); kInvalidInput on a bad value.
Status ApplyFaultJson(const Json& changes, FaultOptions& options);

}  // namespace m2drop::sim

#endif  // M2DROP_SIM_FAULTS_H_
