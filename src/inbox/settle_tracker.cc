// SPDX-License-Identifier: Apache-2.0
#include "m2drop/inbox/settle_tracker.h"

#include <algorithm>
#include <limits>

namespace m2drop::inbox {

SettleTracker::Entry& SettleTracker::Track(const std::string& name,
                                           SteadyTime now) {
  auto [it, inserted] = files_.try_emplace(name);
  if (inserted) {
    it->second.last_change = now;
    it->second.last_checked = now;
    it->second.old_enough_at = now;
  }
  return it->second;
}

void SettleTracker::Hint(const std::string& name, SteadyTime now) {
  Entry& entry = Track(name, now);
  entry.hinted = true;
  entry.last_change = now;
  entry.needs_stat = true;
}

void SettleTracker::Created(const std::string& name, SteadyTime now) {
  Entry& entry = Track(name, now);
  entry.last_change = now;
  entry.needs_stat = true;
}

void SettleTracker::Observe(const std::string& name, const FileStat& stat,
                            SteadyTime now, WallTime wall_now) {
  Entry& entry = Track(name, now);
  if (entry.stat != stat) {
    entry.stat = stat;
    entry.last_change = now;
  }
  entry.last_checked = now;
  entry.needs_stat = false;
  // min_age is measured on the wall clock (the mtime is wall time) and
  // turned into a steady deadline here, so the rest stays on one clock.
  Duration age =
      wall_now.time_since_epoch() - std::chrono::nanoseconds(stat.mtime_ns);
  Duration missing = std::max(Duration::zero(), options_.min_age - age);
  entry.old_enough_at = now + missing;
}

void SettleTracker::Forget(const std::string& name) { files_.erase(name); }

void SettleTracker::SetMarker(const std::string& name, bool present) {
  if (present) {
    markers_.insert(name);
  } else {
    markers_.erase(name);
  }
}

bool SettleTracker::HasMarker(const std::string& name) const {
  return markers_.contains(name);
}

bool SettleTracker::IsTracked(const std::string& name) const {
  return files_.contains(name);
}

Duration SettleTracker::IdleNeeded(const Entry& entry) const {
  if (entry.hinted) return options_.settle;
  return std::max(options_.settle, options_.create_fallback);
}

bool SettleTracker::IsSettled(const Entry& entry) const {
  return entry.stat.has_value() &&
         entry.last_checked - entry.last_change >= IdleNeeded(entry);
}

bool SettleTracker::IsReady(const std::string& name, const Entry& entry) const {
  return IsSettled(entry) && entry.last_checked >= entry.old_enough_at &&
         (!options_.require_marker || HasMarker(name));
}

bool SettleTracker::IsReady(const std::string& name) const {
  auto it = files_.find(name);
  return it != files_.end() && IsReady(name, it->second);
}

std::optional<FileStat> SettleTracker::LastStat(const std::string& name) const {
  auto it = files_.find(name);
  if (it == files_.end()) return std::nullopt;
  return it->second.stat;
}

SteadyTime SettleTracker::DeadlineOf(const std::string& name,
                                     const Entry& entry) const {
  // An event since the last stat, or ready (its marker came since): stat
  // it now.
  if (entry.needs_stat) return entry.last_change;
  if (IsReady(name, entry)) return entry.last_checked;
  if (!IsSettled(entry)) return entry.last_change + IdleNeeded(entry);
  if (entry.last_checked < entry.old_enough_at) return entry.old_enough_at;
  return SteadyTime::max();  // settled and old enough: waits for a marker
}

std::vector<std::string> SettleTracker::Due(SteadyTime now) const {
  std::vector<std::string> due;
  for (const auto& [name, entry] : files_) {
    if (DeadlineOf(name, entry) <= now) due.push_back(name);
  }
  return due;
}

SteadyTime SettleTracker::NextDeadline() const {
  SteadyTime next = SteadyTime::max();
  for (const auto& [name, entry] : files_) {
    next = std::min(next, DeadlineOf(name, entry));
  }
  return next;
}

std::vector<std::string> SettleTracker::Names() const {
  std::vector<std::string> names;
  names.reserve(files_.size());
  for (const auto& [name, entry] : files_) names.push_back(name);
  return names;
}

int64_t SettleTracker::OldestMtimeNs() const {
  int64_t oldest = std::numeric_limits<int64_t>::max();
  for (const auto& [name, entry] : files_) {
    if (entry.stat) oldest = std::min(oldest, entry.stat->mtime_ns);
  }
  return oldest == std::numeric_limits<int64_t>::max() ? 0 : oldest;
}

}  // namespace m2drop::inbox
