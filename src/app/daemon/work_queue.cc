// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/daemon/work_queue.h"

#include <algorithm>

namespace m2drop::app {

WorkQueue::WorkQueue(size_t capacity, const Clock& clock)
    : capacity_(std::max<size_t>(capacity, 1)), clock_(clock) {}

bool WorkQueue::TryPush(WorkItem item) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_ || scheduler_.queued() >= capacity_) return false;
    scheduler_.Add(std::move(item));
    ++generation_;
  }
  changed_.notify_all();
  return true;
}

bool WorkQueue::HasRoom() const {
  std::lock_guard<std::mutex> lock(mu_);
  return !closed_ && scheduler_.queued() < capacity_;
}

std::optional<WorkItem> WorkQueue::TakeLocked() {
  if (closed_) return std::nullopt;
  return scheduler_.Take(clock_.Now());
}

std::optional<WorkItem> WorkQueue::Pop(std::stop_token stop) {
  std::unique_lock<std::mutex> lock(mu_);
  while (!closed_ && !stop.stop_requested()) {
    if (std::optional<WorkItem> item = TakeLocked()) return item;
    const uint64_t seen = generation_;
    auto changed = [&] { return generation_ != seen; };
    std::optional<SteadyTime> wake = scheduler_.NextWake(clock_.Now());
    if (!wake) {
      changed_.wait(lock, stop, changed);
    } else {
      // The clock seam gives the deadline; the condition variable waits on
      // the steady clock for the same span.
      changed_.wait_for(lock, stop, *wake - clock_.Now(), changed);
    }
  }
  return std::nullopt;
}

std::optional<WorkItem> WorkQueue::TryPop() {
  std::lock_guard<std::mutex> lock(mu_);
  return TakeLocked();
}

void WorkQueue::Done(const WorkItem& item) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    scheduler_.Finish(item);
    ++generation_;
  }
  changed_.notify_all();
}

void WorkQueue::Requeue(WorkItem item, SteadyTime not_before) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    scheduler_.Finish(item);
    if (!closed_) {
      item.not_before = not_before;
      scheduler_.Add(std::move(item));
    }
    ++generation_;
  }
  changed_.notify_all();
}

void WorkQueue::Close() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    ++generation_;
  }
  changed_.notify_all();
}

bool WorkQueue::closed() const {
  std::lock_guard<std::mutex> lock(mu_);
  return closed_;
}

size_t WorkQueue::queued() const {
  std::lock_guard<std::mutex> lock(mu_);
  return scheduler_.queued();
}

size_t WorkQueue::running() const {
  std::lock_guard<std::mutex> lock(mu_);
  return scheduler_.running();
}

}  // namespace m2drop::app
