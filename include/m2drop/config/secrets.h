// SPDX-License-Identifier: Apache-2.0
// Reading the secrets that the configuration names (SecretRef in config.h).
//
// The configuration never holds a secret, only where it lives: a file (e.g.
// /etc/m2drop/token, mode 0600) or an environment variable (e.g. set by a
// systemd credential or a container runtime). Messages name the config key and
// the location, never the value.
//
// Thread-safety: reentrant, but reads the process environment (getenv), so do
// not call it while another thread calls setenv. Blocks on file I/O.
#ifndef M2DROP_CONFIG_SECRETS_H_
#define M2DROP_CONFIG_SECRETS_H_

#include <optional>
#include <string>

#include "m2drop/base/result.h"
#include "m2drop/config/config.h"

namespace m2drop::config {

// The secret `ref` names: the file's content or the variable's value, with
// surrounding whitespace (e.g. the file's trailing newline) removed.
// kNotFound when the ref is not configured, the file does not exist or the
// variable is unset; kIo when the file cannot be read or is over 64 KiB;
// kInvalidInput when the secret is empty.
Result<std::string> ResolveSecret(const SecretRef& ref);

// For a secret kept in a file that other users may read or write, or that
// its group may write (its mode allows more than 0640), the warning to give
// at start-up and in check-config, as ssh warns of an unprotected key
// (issue 17): it names the key, the file, its mode and the chmod that fixes
// it. nullopt otherwise (also for an unset or environment secret, or a file
// that cannot be read, which ResolveSecret reports). Group read is allowed:
// a root-owned file of group m2drop, mode 0640, is a sound way to keep a
// secret the daemon cannot change.
std::optional<std::string> SecretFileWarning(const SecretRef& ref);

}  // namespace m2drop::config

#endif  // M2DROP_CONFIG_SECRETS_H_
