// SPDX-License-Identifier: Apache-2.0
// CircuitBreaker: stops hammering a shop that is down, and makes work wait
// instead of failing (docs/design.md §5 [retry]).
//
//   closed ──N consecutive transient failures──▶ open
//   open ──cooldown elapsed──▶ half-open: exactly one probe request goes out
//   half-open ──probe succeeds──▶ closed      ──probe fails──▶ open again
//
// Callers ask Enter() before each request. While the breaker is open they
// wait (through Clock::WaitUntil) for the cooldown to end; in half-open they
// wait for the probe's outcome. Every wait ends early with kCancelled when
// the caller's stop token is requested. Enter() hands out a Ticket on which
// the caller reports the outcome: Succeeded() for any answer that proves the
// shop is up (2xx and permanent errors alike), Failed() for a transient
// failure (no answer, 429, 5xx). A Ticket dropped without a report (the
// caller gave up before sending) changes nothing, except that a probe's turn
// passes to the next caller.
//
// state() and the observer expose the state for metrics and alerts. The
// observer runs on the thread that caused the change, with the breaker's
// lock held: it must be quick and must not call the breaker.
// Thread-safe. The Clock must outlive the breaker, the breaker its Tickets.
#ifndef M2DROP_MAGENTO_CIRCUIT_BREAKER_H_
#define M2DROP_MAGENTO_CIRCUIT_BREAKER_H_

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <stop_token>
#include <string_view>

#include "m2drop/base/clock.h"
#include "m2drop/base/result.h"

namespace m2drop::magento {

enum class BreakerState { kClosed, kOpen, kHalfOpen };

// "closed", "open" or "half-open".
std::string_view BreakerStateName(BreakerState state);

struct BreakerOptions {
  // Consecutive transient failures that open the breaker
  // (config `breaker_failures`, default 5). REQUIRES: >= 1.
  int failure_threshold = 5;
  // How long the breaker stays open before a probe
  // (config `breaker_cooldown`, default 30 s).
  Duration cooldown = std::chrono::seconds(30);
};

class CircuitBreaker {
 public:
  using Observer = std::function<void(BreakerState from, BreakerState to)>;

  // Permission to send one request; move-only. Report its outcome once.
  class Ticket {
   public:
    Ticket(Ticket&& other) noexcept
        : breaker_(other.breaker_), probe_(other.probe_), round_(other.round_) {
      other.breaker_ = nullptr;
    }
    Ticket& operator=(Ticket&&) = delete;
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    ~Ticket();

    // The shop answered (2xx or a permanent error): closes the breaker.
    void Succeeded();
    // A transient failure: counts towards opening; reopens after a probe.
    void Failed();
    // True for the one request that tests a half-open breaker.
    bool is_probe() const { return probe_; }

   private:
    friend class CircuitBreaker;
    Ticket(CircuitBreaker* breaker, bool probe, uint64_t round)
        : breaker_(breaker), probe_(probe), round_(round) {}
    CircuitBreaker* breaker_;  // null once reported
    bool probe_;
    uint64_t round_;  // the half-open round a probe belongs to
  };

  CircuitBreaker(Clock& clock, BreakerOptions options,
                 Observer observer = nullptr);
  CircuitBreaker(const CircuitBreaker&) = delete;
  CircuitBreaker& operator=(const CircuitBreaker&) = delete;

  // Returns a Ticket once a request may go out, waiting while the breaker is
  // open or another caller's probe is out. kCancelled when `stop` is
  // requested first. Blocks.
  Result<Ticket> Enter(std::stop_token stop);

  BreakerState state() const;
  // Transient failures since the last success (while closed).
  int consecutive_failures() const;
  // Callers currently waiting for a probe's outcome.
  int waiting_for_probe() const;

 private:
  enum class Outcome { kSucceeded, kFailed, kAbandoned };
  void Report(bool probe, uint64_t round, Outcome outcome);
  void TransitionLocked(BreakerState to);
  void OpenLocked();

  Clock& clock_;
  const BreakerOptions options_;
  const Observer observer_;
  mutable std::mutex mu_;
  std::condition_variable_any cv_;  // signalled when a probe ends
  // All guarded by mu_.
  BreakerState state_ = BreakerState::kClosed;
  int failures_ = 0;
  SteadyTime open_until_;
  uint64_t round_ = 0;      // incremented on every entry into half-open
  bool probe_out_ = false;  // this round's probe is out
  int waiting_for_probe_ = 0;
};

}  // namespace m2drop::magento

#endif  // M2DROP_MAGENTO_CIRCUIT_BREAKER_H_
