// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/circuit_breaker.h"

#include <utility>

#include "m2drop/base/check.h"

namespace m2drop::magento {

std::string_view BreakerStateName(BreakerState state) {
  switch (state) {
    case BreakerState::kClosed:
      return "closed";
    case BreakerState::kOpen:
      return "open";
    case BreakerState::kHalfOpen:
      return "half-open";
  }
  return "unknown";
}

CircuitBreaker::Ticket::~Ticket() {
  if (breaker_ != nullptr)
    breaker_->Report(probe_, round_, Outcome::kAbandoned);
}

void CircuitBreaker::Ticket::Succeeded() {
  M2DROP_CHECK(breaker_ != nullptr);
  std::exchange(breaker_, nullptr)->Report(probe_, round_, Outcome::kSucceeded);
}

void CircuitBreaker::Ticket::Failed() {
  M2DROP_CHECK(breaker_ != nullptr);
  std::exchange(breaker_, nullptr)->Report(probe_, round_, Outcome::kFailed);
}

CircuitBreaker::CircuitBreaker(Clock& clock, BreakerOptions options,
                               Observer observer)
    : clock_(clock), options_(options), observer_(std::move(observer)) {
  M2DROP_CHECK(options_.failure_threshold >= 1);
}

Result<CircuitBreaker::Ticket> CircuitBreaker::Enter(std::stop_token stop) {
  auto cancelled = [] {
    return Status::Cancelled(
        "shutting down while waiting for Magento to recover (circuit breaker "
        "open)");
  };
  std::unique_lock lock(mu_);
  while (!stop.stop_requested()) {
    switch (state_) {
      case BreakerState::kClosed:
        return Ticket(this, /*probe=*/false, round_);
      case BreakerState::kOpen: {
        SteadyTime until = open_until_;
        if (clock_.Now() >= until) {
          ++round_;
          probe_out_ = false;
          TransitionLocked(BreakerState::kHalfOpen);
          break;
        }
        lock.unlock();
        bool reached = clock_.WaitUntil(until, stop);
        lock.lock();
        if (!reached) return cancelled();
        break;
      }
      case BreakerState::kHalfOpen:
        if (!probe_out_) {
          probe_out_ = true;
          return Ticket(this, /*probe=*/true, round_);
        }
        ++waiting_for_probe_;
        cv_.wait(lock, stop, [this] {
          return state_ != BreakerState::kHalfOpen || !probe_out_;
        });
        --waiting_for_probe_;
        break;
    }
  }
  return cancelled();
}

void CircuitBreaker::Report(bool probe, uint64_t round, Outcome outcome) {
  {
    std::lock_guard lock(mu_);
    // A probe from an earlier half-open round (overtaken by another
    // request's outcome) reports like any other request.
    probe = probe && round == round_ && state_ == BreakerState::kHalfOpen;
    if (probe) probe_out_ = false;
    switch (outcome) {
      case Outcome::kSucceeded:
        // Any answer proves the shop is up, even one to a request sent
        // before the breaker opened.
        failures_ = 0;
        TransitionLocked(BreakerState::kClosed);
        break;
      case Outcome::kFailed:
        if (probe) {
          OpenLocked();
        } else if (state_ == BreakerState::kClosed &&
                   ++failures_ >= options_.failure_threshold) {
          OpenLocked();
        }
        break;
      case Outcome::kAbandoned:
        break;
    }
  }
  cv_.notify_all();
}

void CircuitBreaker::OpenLocked() {
  open_until_ = clock_.Now() + options_.cooldown;
  TransitionLocked(BreakerState::kOpen);
}

void CircuitBreaker::TransitionLocked(BreakerState to) {
  if (state_ == to) return;
  BreakerState from = state_;
  state_ = to;
  if (observer_) observer_(from, to);
}

BreakerState CircuitBreaker::state() const {
  std::lock_guard lock(mu_);
  return state_;
}

int CircuitBreaker::consecutive_failures() const {
  std::lock_guard lock(mu_);
  return failures_;
}

int CircuitBreaker::waiting_for_probe() const {
  std::lock_guard lock(mu_);
  return waiting_for_probe_;
}

}  // namespace m2drop::magento
