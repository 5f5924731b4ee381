// SPDX-License-Identifier: Apache-2.0
// FakeClock: a Clock that moves only when told to, for tests and simulations.
//
// Now() starts at an arbitrary fixed point and moves with Advance(). A
// WaitUntil() never blocks: it records the deadline, moves the clock forward
// to it (so code that waits makes progress), and returns. A stop already
// requested makes it return false without moving the clock. Thread-safe.
#ifndef M2DROP_BASE_FAKE_CLOCK_H_
#define M2DROP_BASE_FAKE_CLOCK_H_

#include <mutex>
#include <vector>

#include "m2drop/base/clock.h"

namespace m2drop {

class FakeClock final : public Clock {
 public:
  FakeClock();

  SteadyTime Now() const override;
  WallTime WallNow() const override;
  bool WaitUntil(SteadyTime deadline, std::stop_token stop) override;

  // Moves both clocks forward by d.
  void Advance(Duration d);
  // Sets the wall clock; the steady clock is unchanged.
  void SetWallNow(WallTime t);

  // How long each WaitUntil call asked to wait, measured from the fake time
  // at which it was called (0 for deadlines already past), in call order.
  std::vector<Duration> waits() const;
  void ClearWaits();

 private:
  mutable std::mutex mu_;
  SteadyTime now_;
  WallTime wall_now_;
  std::vector<Duration> waits_;
};

}  // namespace m2drop

#endif  // M2DROP_BASE_FAKE_CLOCK_H_
