// SPDX-License-Identifier: Apache-2.0
// `m2drop check-config` for a profile's [profile.pull] (issue 22): connects
// as the daemon would, verifies the server's host key against known_hosts,
// logs in, lists the directory and says in plain words what it found (how
// many files, how many the pattern takes, what `after` will do) or why it
// could not, with what fixes it (the host key's type and SHA256
// fingerprint and the ssh-keyscan line, the login that was refused). It
// also warns about a private key other users may read.
//
// Blocks on the network, at most about twice the pull's timeout.
#ifndef M2DROP_APP_COMMANDS_PULL_CHECK_H_
#define M2DROP_APP_COMMANDS_PULL_CHECK_H_

#include <ostream>

#include "m2drop/base/clock.h"
#include "m2drop/config/config.h"
#include "m2drop/pull/remote_dir.h"

namespace m2drop::app {

// Checks `profile`'s pull through `remote` (REQUIRES: profile.pull), one
// line per finding on `out`. Returns the exit code: 0 it works; 77 the
// host key or the login was refused (or its key or secrets cannot be
// read); 75 the server cannot be reached; 2 the directory is missing or
// cannot be listed.
int CheckPull(const config::Profile& profile, pull::RemoteConnector& remote,
              std::ostream& out);

// CheckPull over the real SFTP client.
int CheckPull(const config::Profile& profile, std::ostream& out);

}  // namespace m2drop::app

#endif  // M2DROP_APP_COMMANDS_PULL_CHECK_H_
