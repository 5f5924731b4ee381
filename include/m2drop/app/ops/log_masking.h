// SPDX-License-Identifier: Apache-2.0
// Secret masking for log lines (issue 7): the logger (logging.h) applies
// MaskSecrets (base/secret_masking.h) to every line, with the configured
// secrets (token, password, OAuth keys and secrets, resolved from their
// _file/_env at start-up) and the well-known shapes. Pure and thread-safe.
#ifndef M2DROP_APP_OPS_LOG_MASKING_H_
#define M2DROP_APP_OPS_LOG_MASKING_H_

#include <string>
#include <string_view>
#include <vector>

#include "m2drop/base/secret_masking.h"
#include "m2drop/config/config.h"

namespace m2drop::app {

// The secrets `magento` names (token, password, OAuth keys and secrets),
// resolved from their files or environment variables; those that cannot be
// resolved are left out (the Magento connection reports them).
std::vector<std::string> ConfiguredSecrets(
    const config::MagentoConfig& magento);

}  // namespace m2drop::app

#endif  // M2DROP_APP_OPS_LOG_MASKING_H_
