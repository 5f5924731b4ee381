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

Response OAuthError(int status, std::string_view message,
                    const Json& parameters = nullptr) {
  return ErrorResponse(status, message, parameters);
}

const Integration* FindConsumer(const Store& store, const std::string& key) {
  for (const Integration& in : store.integrations) {
    if (in.consumer_key == key) return &in;
  }
  return nullptr;
}

// Checks the timestamp and records the nonce (Nonce/Generator.php). Runs
// before the signature check, as in Magento, so a nonce is spent even by a
// request whose signature is wrong.
std::optional<Response> CheckNonce(Store& store, const Integration& consumer,
                                   const std::map<std::string, std::string>& p,
                                   WallTime now) {
  const std::string& ts = p.at("oauth_timestamp");
  int64_t timestamp = 0;
  auto [end, ec] = std::from_chars(ts.data(), ts.data() + ts.size(), timestamp);
  int64_t now_s =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch())
          .count();
  if (ec != std::errc() || end != ts.data() + ts.size() || timestamp <= 0 ||
      timestamp > now_s + kMaxFutureSeconds) {
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

std::optional<Response> CheckProtocol(
    const std::map<std::string, std::string>& p) {
  for (const char* name :
       {"oauth_consumer_key", "oauth_token", "oauth_signature",
        "oauth_signature_method", "oauth_nonce", "oauth_timestamp"}) {
    if (!p.count(name) || p.at(name).empty()) {
      return OAuthError(400, kRequiredFieldMessage, {{"fieldName", name}});
    }
  }
  auto version = p.find("oauth_version");
  if (version != p.end() && version->second != "1.0") {
    return OAuthError(401, "OAuth version %1 is not supported",
                      Json::array({version->second}));
  }
  if (p.at("oauth_signature_method") != "HMAC-SHA256") {
    return OAuthError(400, "Signature method %1 is not supported",
                      Json::array({p.at("oauth_signature_method")}));
  }
  if (p.at("oauth_consumer_key").size() != 32) {
    return OAuthError(401, "Consumer key is not the correct length");
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::map<std::string, std::string>> ParseOAuthHeader(
    std::string_view header) {
  header = Trim(header);
  if (header.size() < 6 || !EqualsIgnoreCase(header.substr(0, 6), "oauth ")) {
    return std::nullopt;
  }
  std::map<std::string, std::string> params;
  for (std::string_view part : Split(header.substr(6), ',')) {
    part = Trim(part);
    size_t eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    std::string name = DecodePathSegment(Trim(part.substr(0, eq)));
    std::string_view value = Trim(part.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    if (name.rfind("oauth_", 0) == 0) params[name] = DecodePathSegment(value);
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
                           std::string_view token_secret) {
  std::string key =
      RawUrlEncode(consumer_secret) + "&" + RawUrlEncode(token_secret);
  return Base64Encode(HmacSha256(key, base_string));
}

OAuthOutcome VerifyOAuth(Store& store, const Request& request,
                         const std::map<std::string, std::string>& oauth,
                         WallTime now, const std::string& default_host) {
  if (auto error = CheckProtocol(oauth)) return {0, error};
  const Integration* consumer =
      FindConsumer(store, oauth.at("oauth_consumer_key"));
  if (consumer == nullptr) {
    return {0, OAuthError(
                   401, "A consumer having the specified key does not exist")};
  }
  if (auto error = CheckNonce(store, *consumer, oauth, now)) return {0, error};
  if (consumer->access_token != oauth.at("oauth_token")) {
    return {0, OAuthError(401, "Specified token does not exist")};
  }
  // Query params are signed under their flat names; the oauth_* header
  // params win over a query param of the same name.
  std::map<std::string, std::string> params;
  for (const auto& [key, value] : request.query) params[key] = value;
  for (const auto& [key, value] : oauth) {
    if (key != "oauth_signature") params[key] = value;
  }
  std::string host = request.Header("Host");
  if (host.empty()) host = default_host;
  std::string url = "http://" + host + request.path;
  std::string expected =
      OAuthSignature(OAuthBaseString(request.method, url, params),
                     consumer->consumer_secret, consumer->access_token_secret);
  if (!ConstantTimeEquals(expected, oauth.at("oauth_signature"))) {
    return {0,
            OAuthError(401, "The signature is invalid. Verify and try again.")};
  }
  return {consumer->consumer_id, std::nullopt};
}

}  // namespace m2drop::sim
