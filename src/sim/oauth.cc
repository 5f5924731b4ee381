// SPDX-License-Identifier: Apache-2.0
#include "m2drop/sim/oauth.h"

#include <charconv>
#include <chrono>

#include "m2drop/base/strings.h"
#include "m2drop/sim/crypto.h"
#include "m2drop/sim/router.h"

namespace m2drop::sim {
namespace {

constexpr int64_t kMaxFutureSeconds = 600;  // Nonce/Generator.php
// lib/internal/Magento/Framework/Oauth/Helper/Oauth.php LENGTH_*.
constexpr size_t kLengthConsumerKey = 32;
constexpr size_t kLengthToken = 32;

Response OAuthError(int status, std::string_view message,
                    const Json& parameters = nullptr) {
  return ErrorResponse(status, message, parameters);
}

// Integration/Model/Oauth/Token/Provider.php getConsumerByKey.
std::optional<Response> FindConsumer(const Store& store, const std::string& key,
                                     const Integration** consumer) {
  if (key.size() != kLengthConsumerKey) {
    return OAuthError(401, "Consumer key is not the correct length");
  }
  for (const Integration& in : store.integrations) {
    if (in.consumer_key == key) {
      *consumer = &in;
      return std::nullopt;
    }
  }
  return OAuthError(401, "A consumer having the specified key does not exist");
}

// Integration/Model/Oauth/Nonce/Generator.php validateNonce: a bad
// timestamp throws an OauthInputException that its catch-all turns into
// "An error occurred validating the nonce" (401). The nonce is recorded
// before the signature is checked, so a request with a wrong signature
// spends it too.
std::optional<Response> CheckNonce(Store& store, const Integration& consumer,
                                   const std::map<std::string, std::string>& p,
                                   WallTime now) {
  const std::string& ts = p.at("oauth_timestamp");
  // PHP's (int) cast reads the leading digits ("12abc" is 12, "abc" is 0).
  int64_t timestamp = 0;
  std::from_chars(ts.data(), ts.data() + ts.size(), timestamp);
  int64_t now_s =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch())
          .count();
  if (timestamp <= 0 || timestamp > now_s + kMaxFutureSeconds) {
    return OAuthError(401, "An error occurred validating the nonce");
  }
  auto& used = store.used_nonces[consumer.consumer_id];
  if (!used.insert(p.at("oauth_nonce")).second) {
    return OAuthError(
        401, "The nonce is already being used by the consumer with ID %1",
        Json::array({std::to_string(consumer.consumer_id)}));
  }
  return std::nullopt;
}

// Oauth::_checkRequiredParams: every missing one is named (isset: an empty
// value is present); one error is the exception's own message, more make
// "One or more input exceptions have occurred." with errors[]
// (AbstractAggregateException::addError).
std::optional<Response> CheckRequired(
    const std::map<std::string, std::string>& p) {
  Json errors = Json::array();
  for (const char* name :
       {"oauth_consumer_key", "oauth_signature", "oauth_signature_method",
        "oauth_nonce", "oauth_timestamp", "oauth_token"}) {
    if (!p.count(name)) {
      errors.push_back({{"message", kRequiredFieldMessage},
                        {"parameters", {{"fieldName", name}}}});
    }
  }
  if (errors.empty()) return std::nullopt;
  if (errors.size() == 1) {
    return OAuthError(400, kRequiredFieldMessage, errors[0]["parameters"]);
  }
  return ErrorResponse(400, "One or more input exceptions have occurred.",
                       nullptr, errors);
}

bool SupportedSignatureMethod(const std::string& method) {
  return method == "HMAC-SHA1" || method == "HMAC-SHA256";
}

// Oauth::_validateProtocolParams, in its order. Every refusal here is an
// OauthInputException, which Webapi's ErrorProcessor answers with 400.
std::optional<Response> CheckProtocol(
    const std::map<std::string, std::string>& p) {
  auto version = p.find("oauth_version");
  if (version != p.end() && version->second != "1.0") {
    return OAuthError(400, "The \"%1\" Oauth version isn't supported.",
                      Json::array({version->second}));
  }
  if (auto error = CheckRequired(p)) return error;
  if (p.at("oauth_token").size() != kLengthToken) {
    return OAuthError(
        400, "The token length is invalid. Check the length and try again.");
  }
  if (!SupportedSignatureMethod(p.at("oauth_signature_method"))) {
    return OAuthError(400, "Signature method %1 is not supported",
                      Json::array({p.at("oauth_signature_method")}));
  }
  return std::nullopt;
}

// Token/Provider.php validateAccessTokenRequest: the token's secret, or the
// refusal (all Oauth\Exception, 401).
std::optional<Response> CheckToken(const Store& store,
                                   const Integration& consumer,
                                   const std::string& token) {
  for (const Integration& in : store.integrations) {
    if (in.access_token != token) continue;
    if (in.consumer_id != consumer.consumer_id) {
      return OAuthError(401,
                        "Token is not associated with the specified consumer");
    }
    return std::nullopt;
  }
  return OAuthError(401, "Specified token does not exist");
}

// Helper/Request.php _isProtocolParameter: preg_match('/oauth_[a-z_-]+/').
bool IsProtocolParameter(std::string_view name) {
  for (size_t at = name.find("oauth_"); at != std::string_view::npos;
       at = name.find("oauth_", at + 1)) {
    const size_t next = at + 6;
    if (next < name.size() && ((name[next] >= 'a' && name[next] <= 'z') ||
                               name[next] == '_' || name[next] == '-')) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::optional<std::map<std::string, std::string>> ParseOAuthHeader(
    std::string_view header) {
  // Helper/Request.php _processHeader: everything up to and including the
  // first "oauth " (any case) is skipped.
  const size_t at = AsciiLower(header).find("oauth ");
  if (at == std::string::npos) return std::nullopt;
  std::map<std::string, std::string> params;
  for (std::string_view part : Split(header.substr(at + 6), ',')) {
    part = Trim(part);
    const size_t eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view name = part.substr(0, eq);
    if (!IsProtocolParameter(name)) continue;
    std::string_view value = part.substr(eq + 1);
    // trim($value, '"'): every quote at either end.
    while (!value.empty() && value.front() == '"') value.remove_prefix(1);
    while (!value.empty() && value.back() == '"') value.remove_suffix(1);
    params[DecodePathSegment(name)] = DecodePathSegment(value);
  }
  return params;
}

std::string OAuthBaseString(std::string_view method, std::string_view url,
                            const std::map<std::string, std::string>& params) {
  std::vector<std::string> pairs;
  for (const auto& [key, value] : params) {  // std::map: ksort order
    pairs.push_back(RawUrlEncode(key) + "=" + RawUrlEncode(value));
  }
  return std::string(method) + "&" + RawUrlEncode(url) + "&" +
         RawUrlEncode(Join(pairs, "&"));
}

std::string OAuthSignature(std::string_view base_string,
                           std::string_view consumer_secret,
                           std::string_view token_secret,
                           std::string_view signature_method) {
  std::string key =
      RawUrlEncode(consumer_secret) + "&" + RawUrlEncode(token_secret);
  return Base64Encode(signature_method == "HMAC-SHA1"
                          ? HmacSha1(key, base_string)
                          : HmacSha256(key, base_string));
}

OAuthOutcome VerifyOAuth(Store& store, const Request& request,
                         const std::map<std::string, std::string>& oauth,
                         WallTime now, const std::string& default_host) {
  if (auto error = CheckProtocol(oauth)) return {0, error};
  const Integration* consumer = nullptr;
  if (auto error =
          FindConsumer(store, oauth.at("oauth_consumer_key"), &consumer)) {
    return {0, error};
  }
  if (auto error = CheckNonce(store, *consumer, oauth, now)) return {0, error};
  if (auto error = CheckToken(store, *consumer, oauth.at("oauth_token"))) {
    return {0, error};
  }
  // Helper/Request.php _extractQueryStringParams: the query's other
  // parameters are signed under their flat names.
  std::map<std::string, std::string> params;
  for (const auto& [key, value] : oauth) {
    if (key != "oauth_signature") params[key] = value;
  }
  for (const auto& [key, value] : request.query) {
    if (!IsProtocolParameter(key)) params[key] = value;
  }
  std::string host = request.Header("Host");
  if (host.empty()) host = default_host;
  std::string url = "http://" + host + request.path;
  std::string expected = OAuthSignature(
      OAuthBaseString(request.method, url, params), consumer->consumer_secret,
      consumer->access_token_secret, oauth.at("oauth_signature_method"));
  if (!ConstantTimeEquals(expected, oauth.at("oauth_signature"))) {
    return {0,
            OAuthError(401, "The signature is invalid. Verify and try again.")};
  }
  return {consumer->consumer_id, std::nullopt};
}

}  // namespace m2drop::sim
