// SPDX-License-Identifier: Apache-2.0
#include "m2drop/base/parallel.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace m2drop {

void ForEachParallel(size_t count, int max_threads,
                     const std::function<void(size_t index)>& task) {
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mu;
  std::exception_ptr first_error;  // guarded by mu
  auto worker = [&] {
    while (!failed.load()) {
      const size_t index = next.fetch_add(1);
      if (index >= count) return;
      try {
        task(index);
      } catch (...) {
        std::lock_guard lock(mu);
        if (!first_error) first_error = std::current_exception();
        failed = true;
      }
    }
  };
  const size_t threads =
      std::min(count, static_cast<size_t>(std::max(max_threads, 1)));
  {
    std::vector<std::jthread> pool;
    pool.reserve(threads > 0 ? threads - 1 : 0);
    for (size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
  }  // joins
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace m2drop
