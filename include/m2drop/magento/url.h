// SPDX-License-Identifier: Apache-2.0
// URL helpers for Magento REST calls: RFC 3986 percent-encoding (PHP's
// rawurlencode), query strings, splitting an http(s) URL into the parts
// OAuth 1.0a signs, and building /rest/<store_code>/<path> URLs.
//
// Pure functions, thread-safe.
#ifndef M2DROP_MAGENTO_URL_H_
#define M2DROP_MAGENTO_URL_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "m2drop/base/result.h"

namespace m2drop::magento {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// PHP rawurlencode / RFC 3986: every byte except A-Z a-z 0-9 - . _ ~ becomes
// %XX with upper-case hex. "a b,c[0]" gives "a%20b%2Cc%5B0%5D".
std::string PercentEncode(std::string_view s);

// "k1=v1&k2=v2" with keys and values percent-encoded, in the given order.
// Empty for no parameters.
std::string EncodeQuery(const QueryParams& query);

// An absolute http or https URL, split.
struct ParsedUrl {
  std::string scheme;  // "http" or "https", lower-case
  std::string host;    // lower-case; IPv6 literals keep their brackets
  int port = 0;        // the explicit port, 0 when the URL names none
  std::string path;    // starts with '/', "/" when the URL has none
  std::string query;   // after '?', without the fragment; may be empty

  // The port the URL means: the explicit one, else 80 or 443.
  int EffectivePort() const;
};

// Splits `url`. kInvalidInput when it is not an absolute http(s) URL with a
// host (a user-info part "user:pass@" is refused too: credentials do not
// belong in base_url).
Result<ParsedUrl> ParseHttpUrl(std::string_view url);

// "<base_url>/rest/<store_code>/<path>", or "<base_url>/rest/<path>" when
// store_code is empty, with "?<EncodeQuery(query)>" when there is a query.
// Slashes between the parts are not doubled. `path` is used as given (its
// data segments must already be percent-encoded).
std::string BuildRestUrl(std::string_view base_url, std::string_view store_code,
                         std::string_view path, const QueryParams& query = {});

// `url` without "?query" and "#fragment".
std::string_view StripQuery(std::string_view url);

}  // namespace m2drop::magento

#endif  // M2DROP_MAGENTO_URL_H_
