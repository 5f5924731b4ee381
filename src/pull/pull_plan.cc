// SPDX-License-Identifier: Apache-2.0
#include "m2drop/pull/pull_plan.h"

#include <algorithm>

namespace m2drop::pull {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kFirstRetry{5'000};
constexpr milliseconds kLongestRetry{5 * 60'000};

const RemoteFile* FindFile(const std::vector<RemoteFile>& listing,
                           const std::string& name) {
  for (const RemoteFile& f : listing) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

bool Same(const Remembered& r, const RemoteFile& f) {
  return r.size == f.size && r.mtime_s == f.mtime_s;
}

}  // namespace

std::set<std::string> StabilityTracker::Update(
    const std::vector<RemoteFile>& listing) {
  std::map<std::string, std::pair<uint64_t, int64_t>> seen;
  std::set<std::string> stable;
  for (const RemoteFile& f : listing) {
    if (!f.regular) continue;
    auto now = std::make_pair(f.size, f.mtime_s);
    auto before = last_.find(f.name);
    if (before != last_.end() && before->second == now) stable.insert(f.name);
    seen.emplace(f.name, now);
  }
  last_ = std::move(seen);
  return stable;
}

PullPlan PlanPull(const std::vector<RemoteFile>& listing,
                  const std::set<std::string>& stable,
                  const std::vector<Remembered>& remembered,
                  const inbox::NameRules& rules) {
  PullPlan plan;
  std::set<std::string> still_remembered;
  for (const Remembered& r : remembered) {
    const RemoteFile* f = FindFile(listing, r.name);
    if (f == nullptr || !f->regular || !Same(r, *f)) {
      plan.forget.push_back(r.name);
      continue;
    }
    still_remembered.insert(r.name);
    if (!r.kept) plan.finish.push_back(*f);
  }
  for (const RemoteFile& f : listing) {
    if (f.regular && stable.contains(f.name) &&
        !still_remembered.contains(f.name) &&
        rules.Classify(f.name) == inbox::NameKind::kDrop) {
      plan.fetch.push_back(f);
    }
  }
  std::sort(plan.fetch.begin(), plan.fetch.end(),
            [](const RemoteFile& a, const RemoteFile& b) {
              return std::tie(a.mtime_s, a.name) < std::tie(b.mtime_s, b.name);
            });
  return plan;
}

milliseconds PullBackoff::Succeeded() {
  failures_ = 0;
  return every_;
}

milliseconds PullBackoff::Failed() {
  const milliseconds longest = std::max(every_, kLongestRetry);
  milliseconds wait = std::min(every_, kFirstRetry);
  for (int i = 0; i < failures_ && wait < longest; ++i) wait *= 2;
  ++failures_;
  return std::min(wait, longest);
}

bool PullHealth::Listed(WallTime now) {
  const bool recovered = alerted_;
  last_listing_ = now;
  failing_since_.reset();
  alerted_ = false;
  return recovered;
}

bool PullHealth::Failed(WallTime now) {
  if (!failing_since_) failing_since_ = now;
  if (alerted_ || alert_after_.count() == 0 ||
      now - *failing_since_ < alert_after_) {
    return false;
  }
  alerted_ = true;
  return true;
}

}  // namespace m2drop::pull
