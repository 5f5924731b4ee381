// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/ops/expected_files.h"

#include <algorithm>

namespace m2drop::app {

void ExpectedFileWatch::SetProfiles(
    const std::vector<config::Profile>& profiles, WallTime now) {
  std::map<std::string, Watch> next;
  for (const config::Profile& p : profiles) {
    if (p.expect_file_every.count() <= 0) continue;
    auto kept = watches_.find(p.name);
    Watch w = kept != watches_.end() ? kept->second : Watch{};
    if (kept == watches_.end()) w.since = std::max(now, started_);
    w.every = p.expect_file_every;
    w.inbox = p.inbox;
    next[p.name] = std::move(w);
  }
  watches_ = std::move(next);
}

void ExpectedFileWatch::FileArrived(const std::string& profile, WallTime when) {
  auto it = watches_.find(profile);
  if (it == watches_.end()) return;
  Watch& w = it->second;
  if (w.last_file && *w.last_file >= when) return;  // older news
  // The period runs from the last arrival, also when the ledger tells of
  // one from before the watch started: a feed silent for longer than
  // `every` is overdue at once.
  w.last_file = when;
  w.since = when;
  w.reported = false;
}

std::vector<ExpectedFileWatch::Overdue> ExpectedFileWatch::Check(WallTime now) {
  std::vector<Overdue> overdue;
  for (auto& [name, w] : watches_) {
    if (w.reported || now - w.since < w.every) continue;
    w.reported = true;
    overdue.push_back({name, w.every, w.last_file, w.inbox});
  }
  return overdue;
}

}  // namespace m2drop::app
