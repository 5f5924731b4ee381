// SPDX-License-Identifier: Apache-2.0
// OAuth 1.0a verification as Magento does it for integrations
// (magento-rest.md §3; lib/internal/Magento/Framework/Oauth/Oauth.php,
// .../Oauth/Helper/Request.php, app/code/Magento/Integration/Model/Oauth/
// Token/Provider.php and Nonce/Generator.php): HMAC-SHA1 or HMAC-SHA256;
// key = rawurlencode(consumer secret) & rawurlencode(token secret); base
// string METHOD & enc(scheme://host[:port]/path) & enc(ksorted "k=v" pairs
// of the oauth_* header params plus the query's other params under their
// flat names). The JSON body is not signed. An independent implementation,
// so it cross-checks the client.
//
// Functions act on the Store they are given (nonces are recorded there); the
// caller synchronizes.
#ifndef M2DROP_SIM_OAUTH_H_
#define M2DROP_SIM_OAUTH_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "m2drop/base/clock.h"
#include "m2drop/sim/http_types.h"
#include "m2drop/sim/store.h"

namespace m2drop::sim {

// The protocol parameters of an `Authorization: OAuth k="v",...` header
// (names matching /oauth_[a-z_-]+/, as Helper/Request.php picks them),
// percent-decoded; nullopt when the header holds no "OAuth " at all.
std::optional<std::map<std::string, std::string>> ParseOAuthHeader(
    std::string_view header);

// The signature base string for `method` on `url` (scheme://host/path, no
// query) with `params` (already merged; oauth_signature excluded).
std::string OAuthBaseString(std::string_view method, std::string_view url,
                            const std::map<std::string, std::string>& params);

// base64(HMAC(rawurlencode(cs)&rawurlencode(ts), base)), with SHA-1 for
// "HMAC-SHA1" and SHA-256 otherwise.
std::string OAuthSignature(std::string_view base_string,
                           std::string_view consumer_secret,
                           std::string_view token_secret,
                           std::string_view signature_method = "HMAC-SHA256");

// Verifies a signed request. Returns the integration's consumer id, or the
// error response Magento gives, in its order: 400 (OauthInputException) for
// an oauth_version other than 1.0, missing oauth_* parameters, a token that
// is not 32 characters long, an unsupported signature method; 401
// (Oauth\Exception) for a consumer key that is not 32 characters long, an
// unknown consumer, a timestamp more than 600 s ahead of `now`, a reused
// nonce, an unknown token or one of another consumer, a wrong signature.
struct OAuthOutcome {
  int64_t consumer_id = 0;
  std::optional<Response> error;
};
OAuthOutcome VerifyOAuth(Store& store, const Request& request,
                         const std::map<std::string, std::string>& oauth,
                         WallTime now, const std::string& default_host);

}  // namespace m2drop::sim

#endif  // M2DROP_SIM_OAUTH_H_
