// SPDX-License-Identifier: Apache-2.0
// A profile's directories as the daemon needs them (docs/design.md §4): the
// inbox must exist (m2drop never creates the directory uploads land in: a typo
// would otherwise swallow every drop), work/, processed/ and failed/ are
// created when missing, and all four must sit on one filesystem so that
// every move is an atomic rename. work/ should be m2drop's alone: a warning
// says so when others may write it. Also the inbox monitor's view of a
// profile, and the files a previous run left in work/.
//
// Thread-safe (no shared state); blocks on the file system.
#ifndef M2DROP_APP_DAEMON_PROFILE_DIRS_H_
#define M2DROP_APP_DAEMON_PROFILE_DIRS_H_

#include <memory>
#include <string>
#include <vector>

#include "m2drop/app/daemon/scheduler.h"
#include "m2drop/base/result.h"
#include "m2drop/base/status.h"
#include "m2drop/config/config.h"
#include "m2drop/fs/file_system.h"
#include "m2drop/inbox/inbox_monitor.h"

namespace m2drop::app {

// Checks the inbox and creates the other directories. kNotFound naming the
// inbox and the profile when it is missing (or not a directory); kIo when a
// directory cannot be made; kInvalidInput naming both directories when one
// sits on another filesystem than the inbox.
Status PrepareProfileDirs(fs::FileSystem& fs, const config::Profile& profile);

// The monitor's settings for the profile's inbox.
inbox::InboxSpec InboxSpecFor(const config::Profile& profile);

// The regular files in the profile's work/ (dotfiles, such as a report's
// temp file, skipped), oldest mtime first, as WorkItems claimed under
// `config`. kNotFound/kIo as FileSystem::ListDir.
Result<std::vector<WorkItem>> FilesInWork(
    fs::FileSystem& fs, const config::Profile& profile,
    const std::shared_ptr<const config::Config>& config);

}  // namespace m2drop::app

#endif  // M2DROP_APP_DAEMON_PROFILE_DIRS_H_
