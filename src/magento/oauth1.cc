// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/oauth1.h"

#include <algorithm>

#include "m2drop/magento/crypto.h"

namespace m2drop::magento {

Result<std::string> OAuth1BaseUri(std::string_view url) {
  M2DROP_ASSIGN_OR_RETURN(ParsedUrl parsed, ParseHttpUrl(url));
  std::string uri = parsed.scheme + "://" + parsed.host;
  int default_port = parsed.scheme == "https" ? 443 : 80;
  if (parsed.port != 0 && parsed.port != default_port) {
    uri += ":" + std::to_string(parsed.port);
  }
  return uri + parsed.path;
}

std::string OAuth1SignatureBaseString(std::string_view method,
                                      std::string_view base_uri,
                                      QueryParams params) {
  // PHP's ksort() compares raw keys; pairs with equal keys (which PHP could
  // not even hold) fall back to the value so the order is total.
  std::sort(params.begin(), params.end());
  std::string joined;
  for (const auto& [key, value] : params) {
    if (!joined.empty()) joined += '&';
    joined += PercentEncode(key) + "=" + PercentEncode(value);
  }
  return std::string(method) + "&" + PercentEncode(base_uri) + "&" +
         PercentEncode(joined);
}

std::string OAuth1Signature(std::string_view consumer_secret,
                            std::string_view token_secret,
                            std::string_view base_string) {
  std::string key =
      PercentEncode(consumer_secret) + "&" + PercentEncode(token_secret);
  return Base64Encode(HmacSha256(key, base_string));
}

Result<std::string> OAuth1AuthorizationHeader(
    const OAuth1Credentials& credentials, std::string_view method,
    std::string_view url, const QueryParams& query, std::string_view nonce,
    int64_t timestamp) {
  M2DROP_ASSIGN_OR_RETURN(std::string base_uri, OAuth1BaseUri(url));
  // Already in the order the header lists them (alphabetical).
  QueryParams oauth = {{"oauth_consumer_key", credentials.consumer_key},
                       {"oauth_nonce", std::string(nonce)},
                       {"oauth_signature_method", "HMAC-SHA256"},
                       {"oauth_timestamp", std::to_string(timestamp)},
                       {"oauth_token", credentials.access_token},
                       {"oauth_version", "1.0"}};
  QueryParams signed_params = oauth;
  signed_params.insert(signed_params.end(), query.begin(), query.end());
  std::string signature = OAuth1Signature(
      credentials.consumer_secret, credentials.access_token_secret,
      OAuth1SignatureBaseString(method, base_uri, std::move(signed_params)));
  oauth.insert(oauth.begin() + 2, {"oauth_signature", signature});
  std::string header = "OAuth ";
  for (size_t i = 0; i < oauth.size(); ++i) {
    if (i > 0) header += ',';
    header += oauth[i].first + "=\"" + PercentEncode(oauth[i].second) + "\"";
  }
  return header;
}

}  // namespace m2drop::magento
