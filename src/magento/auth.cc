// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/auth.h"

#include <string>

#include "m2drop/magento/crypto.h"

namespace m2drop::magento {
namespace {

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// "401: <message>" for explanations.
std::string Answer(const MagentoError& error) {
  return std::to_string(error.http_status) + ": " + error.message;
}

}  // namespace

bool IsTwoFactorReply(const MagentoError& error) {
  if (error.http_status != 400 && error.http_status != 401) return false;
  for (const std::string* text : {&error.message, &error.raw_message}) {
    if (Contains(*text, "2fa provider-specific endpoints") ||
        Contains(*text, "configure 2FA") ||
        Contains(*text, "Two-Factor Authorization")) {
      return true;
    }
  }
  return false;
}

Status ExplainForbidden(const MagentoError& error) {
  return Status::Unauthenticated(
      "the request was forbidden (" + Answer(error) +
      "). Magento itself answers 401, not 403, so a proxy, web application "
      "firewall or IP allow-list in front of the shop refused it: allow this "
      "machine to reach /rest/ on the shop");
}

BearerTokenAuthenticator::BearerTokenAuthenticator(std::string token)
    : token_(std::move(token)) {}

Result<std::vector<HttpHeader>> BearerTokenAuthenticator::Headers(
    std::string_view, std::string_view, const QueryParams&,
    std::stop_token stop) {
  if (stop.stop_requested()) return Status::Cancelled("shutting down");
  return std::vector<HttpHeader>{{"Authorization", "Bearer " + token_}};
}

Status BearerTokenAuthenticator::Explain(const MagentoError& error) const {
  if (error.http_status == 403) return ExplainForbidden(error);
  if (Contains(error.raw_message, "The consumer isn't authorized to access")) {
    return Status::Unauthenticated(
        "the token was refused (" + Answer(error) +
        "). If it is an integration token, the shop must allow integration "
        "tokens as bearer tokens (Stores > Configuration > Services > OAuth > "
        "Consumer Settings), or use auth = \"oauth1\"; an admin token may "
        "have expired, or its user's role lacks this resource");
  }
  return Status::Unauthenticated("the token was refused (" + Answer(error) +
                                 "): check the token in token_file or "
                                 "token_env");
}

OAuth1Authenticator::NonceSource OAuth1Authenticator::RandomNonces() {
  return [] { return RandomHex(16); };
}

OAuth1Authenticator::OAuth1Authenticator(OAuth1Credentials credentials,
                                         Clock& clock, NonceSource nonces)
    : credentials_(std::move(credentials)),
      clock_(clock),
      nonces_(std::move(nonces)) {}

Result<std::vector<HttpHeader>> OAuth1Authenticator::Headers(
    std::string_view method, std::string_view url, const QueryParams& query,
    std::stop_token stop) {
  if (stop.stop_requested()) return Status::Cancelled("shutting down");
  M2DROP_ASSIGN_OR_RETURN(std::string nonce, nonces_());
  int64_t timestamp = std::chrono::duration_cast<std::chrono::seconds>(
                          clock_.WallNow().time_since_epoch())
                          .count();
  M2DROP_ASSIGN_OR_RETURN(std::string header,
                          OAuth1AuthorizationHeader(credentials_, method, url,
                                                    query, nonce, timestamp));
  return std::vector<HttpHeader>{{"Authorization", std::move(header)}};
}

Status OAuth1Authenticator::Explain(const MagentoError& error) const {
  if (error.http_status == 403) return ExplainForbidden(error);
  std::string advice =
      "check the integration's consumer key and secret and its access token "
      "and token secret, and that the integration is active (System > "
      "Extensions > Integrations)";
  if (Contains(error.message, "nonce")) {
    advice =
        "Magento refuses timestamps more than 10 minutes ahead of its own "
        "clock: check this machine's clock (NTP)";
  } else if (Contains(error.message, "The consumer isn't authorized")) {
    advice =
        "the integration's API resources do not include this call: grant it "
        "in System > Extensions > Integrations, then re-activate it";
  }
  return Status::Unauthenticated("Magento refused the OAuth 1.0a request (" +
                                 Answer(error) + "): " + advice);
}

}  // namespace m2drop::magento
