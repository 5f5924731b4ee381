// SPDX-License-Identifier: Apache-2.0
#include "m2drop/base/clock.h"

#include <condition_variable>
#include <mutex>

namespace m2drop {

SteadyTime RealClock::Now() const { return std::chrono::steady_clock::now(); }

WallTime RealClock::WallNow() const { return std::chrono::system_clock::now(); }

bool RealClock::WaitUntil(SteadyTime deadline, std::stop_token stop) {
  // condition_variable_any wakes up on stop requests by itself (C++20), so
  // nothing else ever needs to notify this cv.
  std::mutex mu;
  std::condition_variable_any cv;
  std::unique_lock lock(mu);
  cv.wait_until(lock, stop, deadline, [] { return false; });
  return !stop.stop_requested();
}

RealClock& RealClock::Instance() {
  static RealClock clock;
  return clock;
}

}  // namespace m2drop
