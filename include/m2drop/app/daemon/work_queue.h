// SPDX-License-Identifier: Apache-2.0
// WorkQueue: the bounded hand-over of claimed files from the daemon's watch
// loop to its workers (STYLE.md §6), ordered by a Scheduler (scheduler.h).
//
// The bound counts files waiting to start. When the queue is full the watch
// loop stops claiming: ready files just wait in the inbox, where another
// m2drop process may take them. Files re-queued to wait for Magento
// (Requeue) are already in work/ and are always taken back, over the bound.
//
// Close() ends intake: every Pop returns nullopt from then on, waking the
// workers that wait; files still queued stay in work/ and the next start
// resumes them.
//
// Thread-safety: every method may be called from any thread. Pop blocks
// (until a file may start, Close, or the stop token); the others do not.
#ifndef M2DROP_APP_DAEMON_WORK_QUEUE_H_
#define M2DROP_APP_DAEMON_WORK_QUEUE_H_

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <stop_token>

#include "m2drop/app/daemon/scheduler.h"
#include "m2drop/base/clock.h"

namespace m2drop::app {

class WorkQueue {
 public:
  // `capacity` >= 1 files waiting to start. `clock` (outliving the queue)
  // says when a re-queued file's not_before has passed.
  WorkQueue(size_t capacity, const Clock& clock);
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  // Queues a freshly claimed file. False (nothing queued) when the queue is
  // full or closed.
  bool TryPush(WorkItem item);
  // Whether TryPush would accept a file now.
  bool HasRoom() const;

  // The next file that may start, waiting for one; nullopt once the queue
  // is closed or `stop` is requested. The caller must hand the file back
  // with Done or Requeue.
  std::optional<WorkItem> Pop(std::stop_token stop);
  // Pop without waiting: nullopt when no file may start now.
  std::optional<WorkItem> TryPop();

  // A popped file ended (filed away, or left for another process).
  void Done(const WorkItem& item);
  // A popped file waits in work/ until `not_before` (Magento unavailable).
  // Accepted over the bound; dropped once the queue is closed (the file
  // stays in work/ for the next start).
  void Requeue(WorkItem item, SteadyTime not_before);

  // Ends intake and wakes every waiting Pop. Idempotent.
  void Close();
  bool closed() const;

  // Files waiting to start, and files popped but not yet handed back.
  size_t queued() const;
  size_t running() const;

 private:
  std::optional<WorkItem> TakeLocked();

  const size_t capacity_;
  const Clock& clock_;
  mutable std::mutex mu_;
  std::condition_variable_any changed_;
  Scheduler scheduler_;  // guarded by mu_
  bool closed_ = false;  // guarded by mu_
  // Bumped by every change a waiting Pop must look at; guarded by mu_.
  uint64_t generation_ = 0;
};

}  // namespace m2drop::app

#endif  // M2DROP_APP_DAEMON_WORK_QUEUE_H_
