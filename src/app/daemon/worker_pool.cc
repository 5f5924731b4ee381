// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/daemon/worker_pool.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>

namespace m2drop::app {

std::chrono::milliseconds BackoffFor(int waits, const WaitBackoff& backoff) {
  std::chrono::milliseconds wait = backoff.initial;
  for (int i = 1; i < waits && wait < backoff.max; ++i) wait *= 2;
  return std::min(wait, backoff.max);
}

WorkerPool::WorkerPool(int workers, WorkQueue& queue, const Clock& clock,
                       RunFn run, WaitBackoff backoff)
    : queue_(queue), clock_(clock), run_(std::move(run)), backoff_(backoff) {
  const int n = std::max(workers, 1);
  alive_ = n;
  threads_.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    threads_.emplace_back([this](std::stop_token stop) { Work(stop); });
  }
}

WorkerPool::~WorkerPool() { Shutdown(std::chrono::milliseconds(0)); }

void WorkerPool::Work(std::stop_token stop) {
  try {
    while (std::optional<WorkItem> item = queue_.Pop(stop)) {
      JobResult result = run_(*item, stop);
      HandBack(std::move(*item), result, stop);
    }
  } catch (const std::exception& e) {
    // Nothing crosses a thread boundary (STYLE.md §3): the file stays in
    // work/ and the next start resumes it.
    spdlog::error("worker stopped by an exception: {}", e.what());
  }
  std::lock_guard<std::mutex> lock(mu_);
  --alive_;
  exited_.notify_all();
}

void WorkerPool::HandBack(WorkItem item, const JobResult& result,
                          const std::stop_token& stop) {
  if (result.end != JobEnd::kWaiting || stop.stop_requested()) {
    queue_.Done(item);
    return;
  }
  item.waits += 1;
  const std::chrono::milliseconds wait = BackoffFor(item.waits, backoff_);
  spdlog::info("file={} profile={} retry in {} ms ({})", item.name,
               item.profile, wait.count(), result.why.message());
  queue_.Requeue(std::move(item), clock_.Now() + wait);
}

bool WorkerPool::Shutdown(std::chrono::milliseconds grace) {
  if (shut_down_) return true;
  shut_down_ = true;
  queue_.Close();
  bool in_time;
  {
    std::unique_lock<std::mutex> lock(mu_);
    in_time = exited_.wait_for(lock, grace, [this] { return alive_ == 0; });
  }
  for (std::jthread& t : threads_) t.request_stop();
  for (std::jthread& t : threads_) {
    if (t.joinable()) t.join();
  }
  return in_time;
}

}  // namespace m2drop::app
