// SPDX-License-Identifier: Apache-2.0
// RateLimiter: spaces requests to Magento to at most `rate_limit` per second,
// all workers together (config `rate_limit`, default 20, 0 = no limit).
//
// A token bucket in its "virtual scheduling" form (GCRA): each Acquire()
// reserves the next free send time, 1/rate after the previous one, and waits
// for it through Clock::WaitUntil, so a stop request interrupts the wait and
// tests read the exact spacing from FakeClock::waits(). `burst` requests may
// go back to back after an idle period (default 1: strictly spaced).
// Thread-safe; Acquire() blocks. The Clock must outlive the limiter.
#ifndef M2DROP_MAGENTO_RATE_LIMITER_H_
#define M2DROP_MAGENTO_RATE_LIMITER_H_

#include <mutex>
#include <stop_token>

#include "m2drop/base/clock.h"
#include "m2drop/base/status.h"

namespace m2drop::magento {

class RateLimiter {
 public:
  // `requests_per_second` <= 0 turns the limiter off. REQUIRES: burst >= 1.
  RateLimiter(Clock& clock, double requests_per_second, int burst = 1);
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  // Returns when the caller may send one request: OK, or kCancelled when
  // `stop` was requested first (the reserved send time is then lost, which
  // only makes later callers a little more patient).
  Status Acquire(std::stop_token stop);

  bool enabled() const { return interval_ > Duration::zero(); }
  // The spacing between requests; zero when off.
  Duration interval() const { return interval_; }

 private:
  Clock& clock_;
  const Duration interval_;
  const Duration burst_allowance_;  // (burst - 1) * interval_
  std::mutex mu_;
  SteadyTime next_;  // guarded by mu_: the theoretical next send time
};

}  // namespace m2drop::magento

#endif  // M2DROP_MAGENTO_RATE_LIMITER_H_
