// SPDX-License-Identifier: Apache-2.0
// `m2drop check-config [--config FILE] [--offline | --start-condition]`:
// loads the configuration, checks every profile's directories, reaches
// Magento with the configured credentials, and says in plain words what
// works and what does not, so an installation can be verified before the
// daemon starts. With --start-condition it only tells systemd whether the
// daemon should start (the configuration has been edited from the example).
#ifndef M2DROP_APP_COMMANDS_CHECK_CONFIG_COMMAND_H_
#define M2DROP_APP_COMMANDS_CHECK_CONFIG_COMMAND_H_

#include <optional>
#include <ostream>
#include <string>

#include "m2drop/base/status.h"
#include "m2drop/config/config.h"

namespace m2drop::app {

struct CheckConfigOptions {
  std::string config_path;  // "" -> config::DefaultConfigPath()
  // Skip the Magento checks (directories and syntax only).
  bool offline = false;
  // Only decide whether the daemon should start at all (the systemd unit's
  // ExecCondition): see RunStartCondition.
  bool start_condition = false;
};

// The exit code of a check that failed with `status`: 77 refused
// credentials (or a refused login or host key), 75 unreachable, else 2.
int CheckExitCode(const Status& status);

// The host of [magento] base_url when it is a name reserved for examples
// (example.com, example.net, example.org and their subdomains, or a name
// under .example; RFC 2606), as in the shipped config.example.toml: a
// configuration nobody has edited yet. nullopt otherwise, and without a
// [magento] table.
std::optional<std::string> ExampleShopHost(const config::Config& config);

// `check-config --start-condition`: exit 0, printing nothing, unless the
// configuration still names an example shop (ExampleShopHost); then one
// line on `err` saying what to edit and how to start, and exit 1, which
// systemd's ExecCondition takes as "skip the start, not a failure". A
// configuration that does not load passes, so that `watch` starts, fails
// with exit 2 and says why in the journal.
int RunStartCondition(const CheckConfigOptions& options, std::ostream& err);

// Prints one line per check to `out` ("ok" or what is wrong and what to do),
// each [profile.pull] included (pull_check.h; skipped with --offline).
// Returns the exit code (base/exit_codes.h): 0 everything works; 2 the
// configuration or a directory is wrong; 75 Magento or an SFTP server
// cannot be reached; 77 Magento refused the credentials (or they cannot be
// read), or an SFTP server's host key or login was refused. With
// options.start_condition, RunStartCondition's.
int RunCheckConfig(const CheckConfigOptions& options, std::ostream& out,
                   std::ostream& err);

}  // namespace m2drop::app

#endif  // M2DROP_APP_COMMANDS_CHECK_CONFIG_COMMAND_H_
