// SPDX-License-Identifier: Apache-2.0
// Loading the configuration: TOML text -> validated Config (docs/design.md §5).
//
// The loader reports every problem it finds, not only the first, so an
// operator fixes a file in one go. A failed load is kInvalidInput whose
// message starts with one line naming the origin and the number of problems,
// followed by one line per problem, sorted by line:
//
//   /etc/m2drop/config.toml: 2 problems in the configuration
//   magento.timeout: expected a duration like "2s", got 5 (line 4)
//   profile[1].kind: expected "tracking" or "stock", got "tracker" (line 14)
//
// Key paths are dotted; profiles are named by their 1-based position in the
// file (profile[1]), since a name may itself be missing or duplicated. Unknown
// keys are errors (with "did you mean ...?" when a known key is close), and
// secret values are never echoed. A TOML syntax error stops parsing and is
// reported alone with its line and column.
//
// Thread-safety: the functions are reentrant. LoadFile blocks on file I/O.
#ifndef M2DROP_CONFIG_LOADER_H_
#define M2DROP_CONFIG_LOADER_H_

#include <string>
#include <string_view>

#include "m2drop/base/result.h"
#include "m2drop/config/config.h"

namespace m2drop::config {

// Reads and validates the file at `path`. kNotFound when it does not exist,
// kIo when it cannot be read, kInvalidInput when it is not a valid
// configuration. Config::source is `path`.
Result<Config> LoadFile(const std::string& path);

// Validates `toml_text`. `origin` (a path or e.g. "<string>") opens the error
// message and becomes Config::source. kInvalidInput on any problem.
Result<Config> LoadString(std::string_view toml_text, std::string_view origin);

// $M2DROP_CONFIG when set and not empty, else "/etc/m2drop/config.toml".
std::string DefaultConfigPath();

}  // namespace m2drop::config

#endif  // M2DROP_CONFIG_LOADER_H_
