// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/daemon/scheduler.h"

#include <algorithm>

namespace m2drop::app {

bool OlderThan(const WorkItem& a, const WorkItem& b) {
  if (a.mtime_ns != b.mtime_ns) return a.mtime_ns < b.mtime_ns;
  return a.seq < b.seq;
}

void Scheduler::Add(WorkItem item) {
  if (item.seq == 0) item.seq = next_seq_++;
  items_.push_back(std::move(item));
}

bool Scheduler::OldestOfProfile(const WorkItem& item) const {
  for (const WorkItem& other : items_) {
    if (other.in_arrival_order && other.profile == item.profile &&
        OlderThan(other, item)) {
      return false;
    }
  }
  return true;
}

bool Scheduler::Eligible(const WorkItem& item, SteadyTime now) const {
  if (item.not_before > now) return false;
  if (!item.in_arrival_order) return true;
  auto busy = busy_.find(item.profile);
  if (busy != busy_.end() && busy->second) return false;
  return OldestOfProfile(item);
}

std::optional<WorkItem> Scheduler::Take(SteadyTime now) {
  auto best = items_.end();
  for (auto it = items_.begin(); it != items_.end(); ++it) {
    if (!Eligible(*it, now)) continue;
    if (best == items_.end() || OlderThan(*it, *best)) best = it;
  }
  if (best == items_.end()) return std::nullopt;
  WorkItem item = std::move(*best);
  items_.erase(best);
  if (item.in_arrival_order) busy_[item.profile] = true;
  ++running_;
  return item;
}

void Scheduler::Finish(const WorkItem& item) {
  if (item.in_arrival_order) {
    busy_[item.profile] = false;
  }
  if (running_ > 0) --running_;
}

std::optional<SteadyTime> Scheduler::NextWake(SteadyTime now) const {
  std::optional<SteadyTime> wake;
  for (const WorkItem& item : items_) {
    if (item.not_before <= now) continue;
    if (!wake || item.not_before < *wake) wake = item.not_before;
  }
  return wake;
}

}  // namespace m2drop::app
