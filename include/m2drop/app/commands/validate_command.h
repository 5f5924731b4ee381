// SPDX-License-Identifier: Apache-2.0
// `m2drop validate FILE --profile NAME [--json] [--config FILE]`: read, map
// and check every row of a drop with no Magento call (docs/design.md §3).
#ifndef M2DROP_APP_COMMANDS_VALIDATE_COMMAND_H_
#define M2DROP_APP_COMMANDS_VALIDATE_COMMAND_H_

#include <ostream>
#include <string>

namespace m2drop::app {

struct ValidateOptions {
  std::string file;
  std::string profile;      // a [[profile]] name in the configuration
  std::string config_path;  // "" -> config::DefaultConfigPath()
  bool json = false;        // one JSON summary on `out` instead of text
};

// Validates the file and prints the outcome to `out` (problems with the
// configuration or the file as a whole go to `err`). Returns the exit code
// (base/exit_codes.h): 0 every row valid, 1 some rows failed, 2 usage or
// configuration error, 65 the file as a whole is unreadable (not found, not
// text, a required column missing). With --json a file-level failure is also
// printed as {"file", "profile", "error": {"code", "message"}} on `out`.
int RunValidate(const ValidateOptions& options, std::ostream& out,
                std::ostream& err);

}  // namespace m2drop::app

#endif  // M2DROP_APP_COMMANDS_VALIDATE_COMMAND_H_
