// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/in_flight_limiter.h"

#include "m2drop/base/check.h"

namespace m2drop::magento {

InFlightLimiter::Slot& InFlightLimiter::Slot::operator=(Slot&& other) noexcept {
  if (this != &other) {
    Release();
    owner_ = other.owner_;
    other.owner_ = nullptr;
  }
  return *this;
}

void InFlightLimiter::Slot::Release() {
  if (owner_ != nullptr) {
    owner_->Release();
    owner_ = nullptr;
  }
}

InFlightLimiter::InFlightLimiter(int max_in_flight)
    : max_in_flight_(max_in_flight) {
  M2DROP_CHECK(max_in_flight >= 1);
}

Result<InFlightLimiter::Slot> InFlightLimiter::Acquire(std::stop_token stop) {
  std::unique_lock lock(mu_);
  ++waiting_;
  bool free =
      cv_.wait(lock, stop, [this] { return in_flight_ < max_in_flight_; });
  --waiting_;
  if (!free || stop.stop_requested()) {
    return Status::Cancelled(
        "shutting down while waiting for a free slot "
        "among the max_in_flight requests to Magento");
  }
  ++in_flight_;
  return Slot(this);
}

int InFlightLimiter::in_flight() const {
  std::lock_guard lock(mu_);
  return in_flight_;
}

int InFlightLimiter::waiting() const {
  std::lock_guard lock(mu_);
  return waiting_;
}

void InFlightLimiter::Release() {
  {
    std::lock_guard lock(mu_);
    M2DROP_CHECK(in_flight_ > 0);
    --in_flight_;
  }
  cv_.notify_one();
}

}  // namespace m2drop::magento
