// SPDX-License-Identifier: Apache-2.0
// What a SIGHUP reload changes (issue 5 "Signals"): the profiles added,
// removed, and changed in a way the inbox monitor must see (a re-add of
// their inbox). Other changes (columns, carriers, …) need no re-add: files
// claimed after the reload simply use the new configuration, and files in
// flight finish under the one they were claimed with. Pure.
#ifndef M2DROP_APP_DAEMON_CONFIG_RELOAD_H_
#define M2DROP_APP_DAEMON_CONFIG_RELOAD_H_

#include <string>
#include <vector>

#include "m2drop/config/config.h"

namespace m2drop::app {

struct ProfileDiff {
  std::vector<std::string> added;    // profile names, in the new file order
  std::vector<std::string> removed;  // in the old file order
  std::vector<std::string> rewatch;  // watch settings changed: re-add
  // Settings the running daemon cannot take over without a restart
  // ("[magento]", "[retry]", "daemon.workers", "daemon.state_dir", …);
  // the reload keeps the old values for these and says so.
  std::vector<std::string> need_restart;

  bool empty() const {
    return added.empty() && removed.empty() && rewatch.empty();
  }
};

// Whether two profiles are watched alike: inbox, directories, kind,
// patterns, settle, min_age, marker and watch mode.
bool SameWatch(const config::Profile& a, const config::Profile& b);

// The difference from `old_config` to `new_config`.
ProfileDiff DiffProfiles(const config::Config& old_config,
                         const config::Config& new_config);

}  // namespace m2drop::app

#endif  // M2DROP_APP_DAEMON_CONFIG_RELOAD_H_
