// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/rate_limiter.h"

#include <algorithm>

#include "m2drop/base/check.h"

namespace m2drop::magento {
namespace {

Duration IntervalFor(double requests_per_second) {
  if (requests_per_second <= 0) return Duration::zero();
  return std::chrono::duration_cast<Duration>(
      std::chrono::duration<double>(1.0 / requests_per_second));
}

}  // namespace

RateLimiter::RateLimiter(Clock& clock, double requests_per_second, int burst)
    : clock_(clock),
      interval_(IntervalFor(requests_per_second)),
      burst_allowance_(interval_ * (burst - 1)) {
  M2DROP_CHECK(burst >= 1);
}

Status RateLimiter::Acquire(std::stop_token stop) {
  if (!enabled()) {
    if (stop.stop_requested()) return Status::Cancelled("shutting down");
    return Status::Ok();
  }
  SteadyTime send_at;
  {
    std::lock_guard lock(mu_);
    SteadyTime now = clock_.Now();
    // An idle bucket refills: the schedule never lags behind `now`.
    next_ = std::max(next_, now);
    send_at = std::max(now, next_ - burst_allowance_);
    next_ += interval_;
  }
  if (send_at > clock_.Now() && !clock_.WaitUntil(send_at, stop)) {
    return Status::Cancelled(
        "shutting down while waiting for the rate limit to Magento");
  }
  if (stop.stop_requested()) return Status::Cancelled("shutting down");
  return Status::Ok();
}

}  // namespace m2drop::magento
