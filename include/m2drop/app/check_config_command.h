// SPDX-License-Identifier: Apache-2.0
// `m2drop check-config [--config FILE]`: loads the configuration, checks
// every profile's directories, reaches Magento with the configured
// credentials, and says in plain words what works and what does not, so an
// installation can be verified before the daemon starts.
#ifndef M2DROP_APP_CHECK_CONFIG_COMMAND_H_
#define M2DROP_APP_CHECK_CONFIG_COMMAND_H_

#include <ostream>
#include <string>

namespace m2drop::app {

struct CheckConfigOptions {
  std::string config_path;  // "" -> config::DefaultConfigPath()
  // Skip the Magento checks (directories and syntax only).
  bool offline = false;
};

// Prints one line per check to `out` ("ok" or what is wrong and what to do).
// Returns the exit code (base/exit_codes.h): 0 everything works; 2 the
// configuration or a directory is wrong; 75 Magento cannot be reached; 77
// Magento refused the credentials (or they cannot be read).
int RunCheckConfig(const CheckConfigOptions& options, std::ostream& out,
                   std::ostream& err);

}  // namespace m2drop::app

#endif  // M2DROP_APP_CHECK_CONFIG_COMMAND_H_
