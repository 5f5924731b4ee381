// SPDX-License-Identifier: Apache-2.0
// MagentoError: Magento's error body, parsed (magento-rest.md §4).
//
// Magento sends the raw message template ("No such entity with %fieldName =
// %fieldValue") and its values separately in `parameters` (positional for
// %1, named for %name); ParseMagentoError fills them in.
//
// This is where a Magento answer becomes a message, so it is where secrets
// are masked (issue 17): a proxy or a shop may echo the request's
// Authorization header or the admin token request's body, and every message
// made here goes on to reports, errors.csv, the ledger, `status` and command
// output. Each text is masked (base/secret_masking.h) with the caller's
// secrets and cut to 2 KiB, saying its full length. Pure functions,
// thread-safe.
#ifndef M2DROP_MAGENTO_MAGENTO_ERROR_H_
#define M2DROP_MAGENTO_MAGENTO_ERROR_H_

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "m2drop/base/status.h"

namespace m2drop::magento {

// Every text in it is masked and at most about 2 KiB long.
struct MagentoError {
  int http_status = 0;
  std::string message;        // the template with parameters filled in
  std::string raw_message;    // the template as Magento sent it
  nlohmann::json parameters;  // as sent (array, object or null), its strings
                              // masked and cut like the messages
  // Each entry of `errors[]` (aggregate exceptions), filled in; at most 100,
  // then one "and N more errors".
  std::vector<std::string> errors;
  // Magento's `code` field when present and non-zero.
  int code = 0;
};

// Parses an error body: the usual {"message", "parameters", "errors"}
// envelope, the PHP-fatal {"messages":{"error":[...]}} envelope, or anything
// else (HTML from a proxy, empty), which keeps a short, sanitised excerpt of
// the text as the message. `secrets` are the credentials of the request
// (Authenticator::Secrets()): wherever one appears in a text, it is
// replaced by "****", as are well-known secret shapes (Bearer …,
// oauth_token=…, "password": …). Never fails.
MagentoError ParseMagentoError(int http_status, std::string_view body,
                               std::span<const std::string> secrets);

// Replaces %1, %2, … with positional parameters and %name with named ones.
// Placeholders without a value are left as they are.
std::string FillTemplate(std::string_view tmpl,
                         const nlohmann::json& parameters);

// Whether `error` is Magento's OAuth layer refusing the request's protocol
// parameters with 400: an OauthInputException from
// lib/internal/Magento/Framework/Oauth/Oauth.php (_validateProtocolParams:
// an oauth_version other than 1.0, a missing oauth_* parameter, a token that
// is not 32 characters long, an unsupported signature method). The request
// never reached its route, so it is the credentials (or the way they are
// sent) that are refused, as with a 401, not the request's data.
bool IsOAuthRefusal(const MagentoError& error);

// What a caller does next with an HTTP status (STYLE.md §3): kOk for 2xx,
// kUnauthenticated for 401 (and 403, which core Magento never sends but
// proxies do), kUnavailable for 408, 429, 500, 502, 503, 504, kRejected for
// every other status.
StatusCode ClassifyHttpStatus(int http_status);

}  // namespace m2drop::magento

#endif  // M2DROP_MAGENTO_MAGENTO_ERROR_H_
