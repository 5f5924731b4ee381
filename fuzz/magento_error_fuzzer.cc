// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the Magento error-body parser and classifier.
//
// ParseMagentoError "never fails" (magento_error.h): any body, JSON or not,
// gives a MagentoError with the status it was given. The first two input
// bytes are the HTTP status (mod 1000), the rest the body. FillTemplate is
// also driven with the parsed parameters and the body as a template.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "m2drop/magento/magento_error.h"

namespace {

void Require(bool condition) {
  if (!condition) std::abort();  // libFuzzer reports it as a crash.
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  int http_status = ((data[0] << 8) | data[1]) % 1000;
  std::string_view body(reinterpret_cast<const char*>(data) + 2, size - 2);
  m2drop::magento::MagentoError error =
      m2drop::magento::ParseMagentoError(http_status, body, {});
  Require(error.http_status == http_status);
  (void)m2drop::magento::FillTemplate(body, error.parameters);
  m2drop::StatusCode code = m2drop::magento::ClassifyHttpStatus(http_status);
  Require((code == m2drop::StatusCode::kOk) ==
          (http_status >= 200 && http_status < 300));
  return 0;
}
