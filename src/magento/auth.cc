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

// What to fix for an OAuth 1.0a refusal, from Magento's message
// (lib/internal/Magento/Framework/Oauth/Oauth.php checks the consumer key,
// then the nonce and timestamp, then the access token, then the signature;
// the messages are Integration/Model/Oauth/Token/Provider.php's and
// Nonce/Generator.php's). Each names the value to copy again.
std::string OAuth1Advice(const MagentoError& error) {
  auto said = [&](std::string_view part) {
    return Contains(error.message, part) || Contains(error.raw_message, part);
  };
  if (said("Consumer key") || said("consumer having the specified key")) {
    return "the Consumer Key (consumer_key_file or consumer_key_env) is not "
           "an integration of this shop: copy it again from System > "
           "Extensions > Integrations > the integration > Integration "
           "Details";
  }
  if (said("revoked")) {
    return "the integration's Access Token was revoked: activate or "
           "reauthorize the integration (System > Extensions > "
           "Integrations) and copy the new Access Token and Access Token "
           "Secret into access_token_file and access_token_secret_file";
  }
  if (said("oken is not") || said("token length") ||
      said("Specified token does not exist")) {
    return "the Access Token (access_token_file or access_token_env) is not "
           "this integration's current one: copy the Access Token and the "
           "Access Token Secret again (reauthorizing an integration issues "
           "new ones)";
  }
  if (said("signature is invalid")) {
    return "the Consumer Key and the Access Token were accepted, so the "
           "Consumer Secret (consumer_secret_file or consumer_secret_env) or "
           "the Access Token Secret (access_token_secret_file or "
           "access_token_secret_env) is wrong: copy both again. If they are "
           "right, a proxy in front of the shop changes the scheme, host or "
           "port of base_url, which every signature covers";
  }
  if (said("already being used")) {
    return "Magento has seen this request's nonce before: something between "
           "m2drop and the shop sent the request twice";
  }
  if (said("nonce")) {
    return "Magento refuses timestamps more than 10 minutes ahead of its own "
           "clock: check this machine's clock (NTP)";
  }
  if (said("The consumer isn't authorized")) {
    return "the integration's API resources do not include this call: grant "
           "it in System > Extensions > Integrations, then re-activate it";
  }
  return "check the integration's Consumer Key, Consumer Secret, Access "
         "Token and Access Token Secret, and that the integration is active "
         "(System > Extensions > Integrations)";
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
    // Magento answers so to any bearer token it does not take (the caller is
    // a guest), so the likely cause comes first: an integration token on a
    // shop where oauth/consumer/enable_integration_as_bearer is off, which
    // is the default (Integration/Model/Config/AuthorizationConfig.php).
    return Status::Unauthenticated(
        "Magento did not accept the token (" + Answer(error) +
        "). Magento 2.4.4 and later take integration tokens as bearer tokens "
        "only when Stores > Configuration > Services > OAuth > Consumer "
        "Settings > \"Allow OAuth Access Tokens to be used as standalone "
        "Bearer tokens\" is Yes. Set it to Yes, or sign instead: auth = "
        "\"oauth1\" with the integration's four values in "
        "consumer_key_file, consumer_secret_file, access_token_file and "
        "access_token_secret_file. Where the setting is already Yes, "
        "token_file or token_env does not hold the integration's current "
        "Access Token, or the integration is not granted the resource named");
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

std::vector<std::string> OAuth1Authenticator::Secrets() const {
  return {credentials_.consumer_key, credentials_.consumer_secret,
          credentials_.access_token, credentials_.access_token_secret};
}

Status OAuth1Authenticator::Explain(const MagentoError& error) const {
  if (error.http_status == 403) return ExplainForbidden(error);
  return Status::Unauthenticated("Magento refused the OAuth 1.0a request (" +
                                 Answer(error) + "): " + OAuth1Advice(error));
}

}  // namespace m2drop::magento
