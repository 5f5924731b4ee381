// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/http_transport.h"

#include "m2drop/base/strings.h"

namespace m2drop::magento {

std::optional<std::string> HttpResponse::Header(std::string_view name) const {
  for (const HttpHeader& h : headers) {
    if (EqualsIgnoreCase(h.name, name)) return h.value;
  }
  return std::nullopt;
}

}  // namespace m2drop::magento
