// SPDX-License-Identifier: Apache-2.0
// GatedApiCaller: an ApiCaller in front of another (a FakeApiCaller) that
// holds each request until `gate` requests are in flight together, then
// lets them all through, and records the most it ever saw at once.
//
// It proves that calls overlap without timing anything: code that sends one
// request at a time never fills the gate, so each of its requests waits out
// `patience` (then passes) and peak() stays 1. With `gate` requests
// overlapping, nothing waits. Requests after the gate opened pass at once.
// Thread-safe. Header-only.
#ifndef M2DROP_TESTS_FAKES_GATED_API_CALLER_H_
#define M2DROP_TESTS_FAKES_GATED_API_CALLER_H_

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "m2drop/magento/api_caller.h"

namespace m2drop::magento {

class GatedApiCaller final : public ApiCaller {
 public:
  GatedApiCaller(ApiCaller& inner, int gate,
                 std::chrono::milliseconds patience = std::chrono::seconds(5))
      : inner_(inner), gate_(gate), patience_(patience) {}

  Status WaitToResend(const ApiRequest& request, const ApiResult& last,
                      ResendBudget& budget, std::stop_token stop) override {
    return inner_.WaitToResend(request, last, budget, stop);
  }

  ApiResult Call(const ApiRequest& request, std::stop_token stop) override {
    {
      std::unique_lock lock(mu_);
      ++in_flight_;
      peak_ = std::max(peak_, in_flight_);
      if (in_flight_ >= gate_) open_ = true;
      cv_.notify_all();
      cv_.wait_for(lock, patience_, [&] { return open_; });
    }
    ApiResult result = inner_.Call(request, stop);
    std::lock_guard lock(mu_);
    --in_flight_;
    return result;
  }

  // The most requests in flight at once so far.
  int peak() const {
    std::lock_guard lock(mu_);
    return peak_;
  }

 private:
  ApiCaller& inner_;
  const int gate_;
  const std::chrono::milliseconds patience_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  int in_flight_ = 0;  // guarded by mu_
  int peak_ = 0;       // guarded by mu_
  bool open_ = false;  // guarded by mu_
};

}  // namespace m2drop::magento

#endif  // M2DROP_TESTS_FAKES_GATED_API_CALLER_H_
