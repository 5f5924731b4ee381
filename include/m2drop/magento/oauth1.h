// SPDX-License-Identifier: Apache-2.0
// OAuth 1.0a request signing as Magento checks it (magento-rest.md §3.3):
// HMAC-SHA256 only, RFC 3986 encoding (PHP rawurlencode), query parameters
// signed under their flat bracketed names, the JSON body not signed.
//
//   base string = METHOD & enc(scheme://host[:port]/path) & enc(params)
//   params      = oauth_* + query, sorted by key then value (byte order,
//                 PHP ksort), each "enc(k)=enc(v)", joined with '&'
//   key         = enc(consumer_secret) & enc(token_secret)
//
// The default port (80 for http, 443 for https) is left out of the base URI;
// scheme and host are lower-case. Pure functions, thread-safe. The nonce and
// timestamp come from the caller (OAuth1Authenticator in auth.h draws them
// from the CSPRNG and the injected Clock).
#ifndef M2DROP_MAGENTO_OAUTH1_H_
#define M2DROP_MAGENTO_OAUTH1_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "m2drop/base/result.h"
#include "m2drop/magento/url.h"

namespace m2drop::magento {

// An integration's four secrets (System > Extensions > Integrations).
struct OAuth1Credentials {
  std::string consumer_key;
  std::string consumer_secret;
  std::string access_token;
  std::string access_token_secret;
};

// "scheme://host[:port]/path" of `url` (any query is dropped), the way it
// enters the base string. kInvalidInput when `url` is not an http(s) URL.
Result<std::string> OAuth1BaseUri(std::string_view url);

// The signature base string for `method` (upper-case), `base_uri` (from
// OAuth1BaseUri) and every signed parameter (oauth_* and query), unsorted.
std::string OAuth1SignatureBaseString(std::string_view method,
                                      std::string_view base_uri,
                                      QueryParams params);

// base64(HMAC-SHA256(enc(consumer_secret)&enc(token_secret), base_string)).
std::string OAuth1Signature(std::string_view consumer_secret,
                            std::string_view token_secret,
                            std::string_view base_string);

// The whole Authorization header value,
//   OAuth oauth_consumer_key="..",oauth_nonce="..",oauth_signature="..",
//   oauth_signature_method="HMAC-SHA256",oauth_timestamp="..",
//   oauth_token="..",oauth_version="1.0"
// with every value percent-encoded. `url` is the request URL without its
// query; `query` holds the query parameters, not encoded.
// kInvalidInput when `url` is not an http(s) URL.
Result<std::string> OAuth1AuthorizationHeader(
    const OAuth1Credentials& credentials, std::string_view method,
    std::string_view url, const QueryParams& query, std::string_view nonce,
    int64_t timestamp);

}  // namespace m2drop::magento

#endif  // M2DROP_MAGENTO_OAUTH1_H_
