// SPDX-License-Identifier: Apache-2.0
// Secret masking for log lines (issue 7): whatever a message carries — a URL
// with a token in its query, an Authorization header echoed in an error, an
// OAuth header, a Magento error body quoting a password — the secret is
// replaced by "****" before the line is written. Two layers:
//   - the configured secrets themselves (token, password, OAuth keys and
//     secrets, resolved from their _file/_env at start-up), wherever they
//     appear;
//   - well-known shapes, for secrets m2drop was never told about: "Bearer
//     X", "Authorization: X", oauth_token/oauth_signature/oauth_consumer_key
//     values, and password=/token=/secret= style parameters.
// Pure and thread-safe; the logger (logging.h) applies it to every line.
#ifndef M2DROP_APP_LOG_MASKING_H_
#define M2DROP_APP_LOG_MASKING_H_

#include <string>
#include <string_view>
#include <vector>

#include "m2drop/config/config.h"

namespace m2drop::app {

inline constexpr std::string_view kMask = "****";

// `text` with every occurrence of each secret in `secrets` (those of 4 bytes
// or more: shorter ones would mask ordinary words) and every well-known
// secret shape replaced by kMask.
std::string MaskSecrets(std::string_view text,
                        const std::vector<std::string>& secrets);

// The secrets `magento` names (token, password, OAuth keys and secrets),
// resolved from their files or environment variables; those that cannot be
// resolved are left out (the Magento connection reports them).
std::vector<std::string> ConfiguredSecrets(
    const config::MagentoConfig& magento);

}  // namespace m2drop::app

#endif  // M2DROP_APP_LOG_MASKING_H_
