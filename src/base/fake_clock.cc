// SPDX-License-Identifier: Apache-2.0
#include "m2drop/base/fake_clock.h"

namespace m2drop {

// A fixed, recognisable origin: 2026-11-21T10:00:00Z for the wall clock.
FakeClock::FakeClock()
    : now_(SteadyTime() + std::chrono::hours(1000)),
      wall_now_(WallTime() + std::chrono::seconds(1795255200)) {}

SteadyTime FakeClock::Now() const {
  std::lock_guard lock(mu_);
  return now_;
}

WallTime FakeClock::WallNow() const {
  std::lock_guard lock(mu_);
  return wall_now_;
}

bool FakeClock::WaitUntil(SteadyTime deadline, std::stop_token stop) {
  std::lock_guard lock(mu_);
  waits_.push_back(deadline > now_ ? deadline - now_ : Duration::zero());
  if (stop.stop_requested()) return false;
  if (deadline > now_) {
    wall_now_ +=
        std::chrono::duration_cast<WallTime::duration>(deadline - now_);
    now_ = deadline;
  }
  return true;
}

void FakeClock::Advance(Duration d) {
  std::lock_guard lock(mu_);
  now_ += d;
  wall_now_ += std::chrono::duration_cast<WallTime::duration>(d);
}

void FakeClock::SetWallNow(WallTime t) {
  std::lock_guard lock(mu_);
  wall_now_ = t;
}

std::vector<Duration> FakeClock::waits() const {
  std::lock_guard lock(mu_);
  return waits_;
}

void FakeClock::ClearWaits() {
  std::lock_guard lock(mu_);
  waits_.clear();
}

}  // namespace m2drop
