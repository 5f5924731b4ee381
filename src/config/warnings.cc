// SPDX-License-Identifier: Apache-2.0
#include "m2drop/config/warnings.h"

#include <optional>

#include "m2drop/base/loopback.h"
#include "m2drop/config/secrets.h"
#include "m2drop/config/validation.h"

namespace m2drop::config {
namespace {

void WarnIfPlainHttp(std::string_view key, std::string_view url,
                     std::string_view what,
                     std::vector<std::string>& warnings) {
  if (!url.starts_with("http://") || IsLoopbackHost(UrlHost(url))) return;
  warnings.push_back(std::string(key) + " uses http:// to " +
                     std::string(UrlHost(url)) + ": " + std::string(what) +
                     " cross the network unencrypted; use https://");
}

}  // namespace

std::vector<std::string> ConfigWarnings(const Config& config) {
  std::vector<std::string> warnings;
  if (config.has_magento) {
    const MagentoConfig& m = config.magento;
    for (const SecretRef* ref :
         {&m.token, &m.password, &m.consumer_key, &m.consumer_secret,
          &m.access_token, &m.access_token_secret}) {
      if (std::optional<std::string> w = SecretFileWarning(*ref)) {
        warnings.push_back(std::move(*w));
      }
    }
    WarnIfPlainHttp("magento.base_url", m.base_url,
                    "the Magento credentials and every answer", warnings);
  }
  WarnIfPlainHttp("daemon.alert_webhook", config.daemon.alert_webhook,
                  "the alerts (and any token in the URL)", warnings);
  return warnings;
}

}  // namespace m2drop::config
