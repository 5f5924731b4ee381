// SPDX-License-Identifier: Apache-2.0
// What a valid configuration may still get wrong about security (issue 17),
// as sentences naming the key: `watch` and `import` log each once at start
// (warn level), `check-config` prints them.
//   - a secret file that other users may read or change (SecretFileWarning,
//     secrets.h), as ssh warns of an unprotected key;
//   - magento.base_url or daemon.alert_webhook with plain http:// to a host
//     that is not this machine's loopback: the credentials (or the alert,
//     and a token in its URL) cross the network readable by anyone on the
//     path.
// Reads the secret files' modes (stat); thread-safe.
#ifndef M2DROP_CONFIG_WARNINGS_H_
#define M2DROP_CONFIG_WARNINGS_H_

#include <string>
#include <vector>

#include "m2drop/config/config.h"

namespace m2drop::config {

// The warnings for `config`, in the order of the keys; empty when none.
std::vector<std::string> ConfigWarnings(const Config& config);

}  // namespace m2drop::config

#endif  // M2DROP_CONFIG_WARNINGS_H_
