// SPDX-License-Identifier: Apache-2.0
// Clock: the one seam through which m2drop reads time and waits.
//
// Core code never calls a std::chrono clock's now(); it asks a Clock it was
// given (leveldb's Env). RealClock reads the system clocks; FakeClock
// (fake_clock.h) is driven by tests. Implementations are thread-safe.
#ifndef M2DROP_BASE_CLOCK_H_
#define M2DROP_BASE_CLOCK_H_

#include <chrono>
#include <stop_token>

namespace m2drop {

using SteadyTime = std::chrono::steady_clock::time_point;
using WallTime = std::chrono::system_clock::time_point;
using Duration = std::chrono::nanoseconds;
using std::chrono::milliseconds;
using std::chrono::seconds;

class Clock {
 public:
  virtual ~Clock() = default;

  // Monotonic time, for deadlines and intervals.
  virtual SteadyTime Now() const = 0;
  // Calendar time, for timestamps people read (ledger, reports).
  virtual WallTime WallNow() const = 0;

  // Blocks until `deadline` or until `stop` is requested, whichever comes
  // first. Returns true when the deadline was reached, false when stopped.
  // Thread-safe; may be called from several threads at once.
  virtual bool WaitUntil(SteadyTime deadline, std::stop_token stop) = 0;

  // WaitUntil(Now() + d, stop).
  bool WaitFor(Duration d, std::stop_token stop) {
    return WaitUntil(Now() + d, std::move(stop));
  }
};

// The process's real clocks. Stateless; one shared instance is enough.
class RealClock final : public Clock {
 public:
  SteadyTime Now() const override;
  WallTime WallNow() const override;
  bool WaitUntil(SteadyTime deadline, std::stop_token stop) override;

  // A process-wide instance, for wiring in main and app/.
  static RealClock& Instance();
};

}  // namespace m2drop

#endif  // M2DROP_BASE_CLOCK_H_
