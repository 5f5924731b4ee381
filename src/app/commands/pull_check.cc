// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/commands/pull_check.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>

#include "m2drop/app/commands/check_config_command.h"
#include "m2drop/base/exit_codes.h"
#include "m2drop/base/strings.h"
#include "m2drop/config/sftp_url.h"
#include "m2drop/config/units.h"
#include "m2drop/inbox/name_rules.h"
#include "m2drop/pull/sftp_remote.h"

namespace m2drop::app {
namespace {

// ssh refuses a private key others can read; m2drop warns.
void CheckKeyMode(const config::PullConfig& pull, std::ostream& out) {
  struct stat st {};
  if (pull.key_file.empty() || ::stat(pull.key_file.c_str(), &st) != 0 ||
      (st.st_mode & 077) == 0) {
    return;
  }
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", st.st_mode & 07777);
  out << "  - warning: key_file " << pull.key_file << " has mode " << mode
      << ": other users may read the private key; chmod 600 it (owned by "
         "the user m2drop runs as)\n";
}

std::string AfterInWords(const config::PullConfig& pull) {
  switch (pull.after) {
    case config::PullAfter::kDelete:
      return "deleted from the server once in the inbox";
    case config::PullAfter::kMove:
      return "moved to " + config::DisplayRemotePath(pull.move_dir) +
             " on the server once in the inbox (it must exist)";
    case config::PullAfter::kKeep:
      break;
  }
  return "left on the server and remembered in the ledger (fetched once)";
}

void DescribeListing(const config::PullConfig& pull,
                     const std::vector<pull::RemoteFile>& listing,
                     const std::string& dir, std::ostream& out) {
  const inbox::NameRules rules(pull.patterns, "");
  std::vector<std::string> matching;
  size_t files = 0;
  for (const pull::RemoteFile& f : listing) {
    if (!f.regular) continue;
    ++files;
    if (rules.Classify(f.name) == inbox::NameKind::kDrop) {
      matching.push_back(f.name);
    }
  }
  std::sort(matching.begin(), matching.end());
  out << "  - " << dir << " holds " << files
      << (files == 1 ? " file, " : " files, ") << matching.size()
      << " matching " << Join(pull.patterns, ", ");
  if (!matching.empty()) {
    const size_t shown = std::min<size_t>(matching.size(), 5);
    out << " ("
        << Join({matching.begin(), matching.begin() + static_cast<long>(shown)},
                ", ")
        << (matching.size() > shown ? ", ..." : "") << ")";
  }
  out << "; each is fetched once its size and mtime held still over one "
         "listing (every "
      << config::FormatDuration(pull.every) << "), then " << AfterInWords(pull)
      << "\n";
}

}  // namespace

int CheckPull(const config::Profile& profile, pull::RemoteConnector& remote,
              std::ostream& out) {
  const config::PullConfig& pull = *profile.pull;
  out << "profile " << profile.name << " pull " << remote.Describe() << ":\n";
  CheckKeyMode(pull, out);
  auto session = remote.Connect(std::stop_token());
  if (!session.ok()) {
    out << "  - cannot pull: " << session.status().message() << "\n";
    return CheckExitCode(session.status());
  }
  const pull::SessionInfo& info = (*session)->info();
  out << "  - host key " << info.host_key << " is in " << pull.known_hosts
      << "\n  - logged in as " << pull.user << " with " << info.login << "\n";
  auto listing = (*session)->List();
  if (!listing.ok()) {
    out << "  - " << listing.status().message() << "\n";
    return CheckExitCode(listing.status());
  }
  DescribeListing(pull, *listing, info.dir, out);
  return kExitOk;
}

int CheckPull(const config::Profile& profile, std::ostream& out) {
  pull::SftpConnector remote(*profile.pull, RealClock::Instance());
  return CheckPull(profile, remote, out);
}

}  // namespace m2drop::app
