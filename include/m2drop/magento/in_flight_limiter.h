// SPDX-License-Identifier: Apache-2.0
// InFlightLimiter: at most N requests to Magento at once, all workers
// together (config `max_in_flight`, default 8).
//
// A counting semaphore whose Acquire() can be interrupted through a
// std::stop_token. A Slot is held for the duration of one HTTP exchange and
// given back when it goes out of scope. Thread-safe; Acquire() blocks. The
// limiter must outlive every Slot it handed out.
#ifndef M2DROP_MAGENTO_IN_FLIGHT_LIMITER_H_
#define M2DROP_MAGENTO_IN_FLIGHT_LIMITER_H_

#include <condition_variable>
#include <mutex>
#include <stop_token>

#include "m2drop/base/result.h"

namespace m2drop::magento {

class InFlightLimiter {
 public:
  // One permission to have a request in flight; move-only.
  class Slot {
   public:
    Slot(Slot&& other) noexcept : owner_(other.owner_) {
      other.owner_ = nullptr;
    }
    Slot& operator=(Slot&& other) noexcept;
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot() { Release(); }

    // Gives the slot back early; a no-op the second time.
    void Release();

   private:
    friend class InFlightLimiter;
    explicit Slot(InFlightLimiter* owner) : owner_(owner) {}
    InFlightLimiter* owner_;
  };

  // REQUIRES: max_in_flight >= 1.
  explicit InFlightLimiter(int max_in_flight);
  InFlightLimiter(const InFlightLimiter&) = delete;
  InFlightLimiter& operator=(const InFlightLimiter&) = delete;

  // Blocks until fewer than max_in_flight slots are held, then takes one.
  // kCancelled when `stop` is requested first (or already was).
  Result<Slot> Acquire(std::stop_token stop);

  int in_flight() const;
  // Callers blocked in Acquire() right now (for metrics and tests).
  int waiting() const;
  int max_in_flight() const { return max_in_flight_; }

 private:
  void Release();

  const int max_in_flight_;
  mutable std::mutex mu_;
  std::condition_variable_any cv_;
  int in_flight_ = 0;  // guarded by mu_
  int waiting_ = 0;    // guarded by mu_
};

}  // namespace m2drop::magento

#endif  // M2DROP_MAGENTO_IN_FLIGHT_LIMITER_H_
