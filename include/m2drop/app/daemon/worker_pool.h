// SPDX-License-Identifier: Apache-2.0
// WorkerPool: the daemon's workers (STYLE.md §6–§7). Each is a std::jthread
// that pops a claimed file from the WorkQueue, runs it (normally
// RunFileJob) and hands it back: Done when it ended, Requeue after a
// backoff when it waits for Magento (BackoffFor: 5 s doubling to 60 s by
// default; the RestCaller's circuit breaker also holds the next attempt
// until its probe succeeds).
//
// Shutdown (SIGTERM): the queue is closed (no file starts any more), the
// running jobs get `grace` to finish, then their stop tokens are requested
// (an import stops early, its unwritten rows deferred, the file staying in
// work/ for the next start), and the threads are joined.
//
// Thread-safety: construct, Shutdown and destroy from one thread (the
// watch loop's); the workers share only the queue and what `run` captures.
#ifndef M2DROP_APP_DAEMON_WORKER_POOL_H_
#define M2DROP_APP_DAEMON_WORKER_POOL_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <stop_token>
#include <thread>
#include <vector>

#include "m2drop/app/daemon/file_job.h"
#include "m2drop/app/daemon/work_queue.h"
#include "m2drop/base/clock.h"

namespace m2drop::app {

struct WaitBackoff {
  std::chrono::milliseconds initial{5'000};
  std::chrono::milliseconds max{60'000};
};

// The wait before the `waits`-th retry of a waiting file (waits >= 1):
// initial · 2^(waits-1), at most max. Pure.
std::chrono::milliseconds BackoffFor(int waits, const WaitBackoff& backoff);

class WorkerPool {
 public:
  // Runs one popped file; must not throw (RunFileJob does not).
  using RunFn = std::function<JobResult(const WorkItem&, std::stop_token)>;

  // Starts `workers` (>= 1) threads on `queue`. `queue` and `clock` must
  // outlive the pool.
  WorkerPool(int workers, WorkQueue& queue, const Clock& clock, RunFn run,
             WaitBackoff backoff = {});
  // Shutdown(0).
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Closes the queue, waits up to `grace` for running jobs to end, then
  // requests stop and joins every thread. True when every job ended within
  // `grace` (none had to be stopped). Idempotent. Blocks.
  bool Shutdown(std::chrono::milliseconds grace);

 private:
  void Work(std::stop_token stop);
  void HandBack(WorkItem item, const JobResult& result,
                const std::stop_token& stop);

  WorkQueue& queue_;
  const Clock& clock_;
  RunFn run_;
  WaitBackoff backoff_;
  std::mutex mu_;
  std::condition_variable exited_;
  int alive_ = 0;  // guarded by mu_: threads still in Work
  bool shut_down_ = false;
  std::vector<std::jthread> threads_;
};

}  // namespace m2drop::app

#endif  // M2DROP_APP_DAEMON_WORKER_POOL_H_
