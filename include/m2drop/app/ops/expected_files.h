// SPDX-License-Identifier: Apache-2.0
// ExpectedFileWatch: which profiles with [[profile]] expect_file_every have
// received nothing for that long (issue 7, the no_file_expected alert). An
// ERP that stopped exporting fails silently; this makes the silence loud.
//
// A profile is overdue when `every` has passed since its last arrival (the
// ledger's, from before the watch started, counts), or since the watch
// started (or the profile was added) when nothing ever arrived. Each overdue
// period is reported once: Check() names the profile the first time it is
// overdue, and again only after a new arrival and a new full period.
//
// The daemon seeds it with each profile's last claimed file from the
// ledger, calls FileArrived on every claim, SetProfiles on reload, and
// Check on every turn of the watch loop, sending an alert per profile
// returned. Pure (the caller passes the time); not thread-safe.
#ifndef M2DROP_APP_OPS_EXPECTED_FILES_H_
#define M2DROP_APP_OPS_EXPECTED_FILES_H_

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "m2drop/base/clock.h"
#include "m2drop/config/config.h"

namespace m2drop::app {

class ExpectedFileWatch {
 public:
  struct Overdue {
    std::string profile;
    std::chrono::milliseconds every;
    std::optional<WallTime> last_file;  // nullopt: nothing ever arrived
    std::string inbox;
  };

  // `started`: when the watch started (the start of the first period of a
  // profile that never received a file).
  explicit ExpectedFileWatch(WallTime started) : started_(started) {}

  // The profiles to watch: those with expect_file_every > 0. A profile that
  // stays keeps its last arrival and alert state; a new one starts its
  // period at `now`.
  void SetProfiles(const std::vector<config::Profile>& profiles, WallTime now);

  // A file of `profile` arrived (claimed) at `when`. Ignored for profiles
  // not watched.
  void FileArrived(const std::string& profile, WallTime when);

  // The profiles overdue at `now` not yet reported for this period.
  std::vector<Overdue> Check(WallTime now);

 private:
  struct Watch {
    std::chrono::milliseconds every{0};
    std::string inbox;
    std::optional<WallTime> last_file;
    WallTime since{};  // start of the current period
    bool reported = false;
  };

  WallTime started_;
  std::map<std::string, Watch> watches_;
};

}  // namespace m2drop::app

#endif  // M2DROP_APP_OPS_EXPECTED_FILES_H_
