// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/ops/log_masking.h"

#include <utility>

#include "m2drop/config/secrets.h"

namespace m2drop::app {

std::vector<std::string> ConfiguredSecrets(
    const config::MagentoConfig& magento) {
  std::vector<std::string> secrets;
  for (const config::SecretRef* ref :
       {&magento.token, &magento.password, &magento.consumer_key,
        &magento.consumer_secret, &magento.access_token,
        &magento.access_token_secret}) {
    if (!ref->configured()) continue;
    Result<std::string> secret = config::ResolveSecret(*ref);
    if (secret.ok()) secrets.push_back(std::move(*secret));
  }
  return secrets;
}

}  // namespace m2drop::app
