// SPDX-License-Identifier: Apache-2.0
// Authenticator: the credentials on every Magento REST request
// (magento-rest.md §3), and what to tell a person when Magento refuses them.
//
// Three kinds, chosen by config `auth`:
//   "token"  BearerTokenAuthenticator: a fixed token (an integration's access
//            token where the shop allows it as a bearer token);
//   "admin"  AdminTokenAuthenticator (admin_token_auth.h): username and
//            password exchanged for a short-lived token, renewed as needed;
//   "oauth1" OAuth1Authenticator: every request signed with the
//            integration's four secrets (always allowed by Magento).
//
// RestCaller asks Headers() before each request, calls OnUnauthorized() when
// Magento answers 401, and reports the 401 (or 403) with Explain(). Secrets
// (tokens, passwords, OAuth secrets) appear only in the headers returned by
// Headers(): never in a Status, an explanation or a log line. Secrets()
// lists them so that an answer echoing them is masked where it becomes a
// message (ParseMagentoError).
// Implementations are thread-safe.
#ifndef M2DROP_MAGENTO_AUTH_H_
#define M2DROP_MAGENTO_AUTH_H_

#include <functional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "m2drop/base/clock.h"
#include "m2drop/base/result.h"
#include "m2drop/magento/http_transport.h"
#include "m2drop/magento/magento_error.h"
#include "m2drop/magento/oauth1.h"
#include "m2drop/magento/url.h"

namespace m2drop::magento {

class Authenticator {
 public:
  virtual ~Authenticator() = default;

  // The headers that authenticate one request: `method` (upper-case), `url`
  // without its query, `query` not encoded (OAuth signs it). May block to
  // obtain a token. kUnauthenticated when Magento refuses the credentials
  // (with an explanation), kUnavailable when the token endpoint cannot be
  // reached (retry later), kCancelled when `stop` is requested.
  virtual Result<std::vector<HttpHeader>> Headers(std::string_view method,
                                                  std::string_view url,
                                                  const QueryParams& query,
                                                  std::stop_token stop) = 0;

  // Magento answered 401 to a request that carried Headers(). Returns true
  // when the next Headers() will carry a fresh credential, so one more try
  // is worth it (admin tokens); false when nothing would change.
  virtual bool OnUnauthorized() = 0;

  // The kUnauthenticated Status for a 401 or 403 answer `error`: Magento's
  // message and what to check for this kind of credential.
  virtual Status Explain(const MagentoError& error) const = 0;

  // "token", "admin" or "oauth1", for logs.
  virtual std::string_view kind() const = 0;

  // Every secret value this authenticator sends or sent (tokens, password,
  // OAuth keys and secrets, admin tokens it obtained), for
  // ParseMagentoError to mask in answers that echo a request.
  virtual std::vector<std::string> Secrets() const = 0;
};

// True for Magento's "2FA is required" answers to the admin token route
// (400 or 401 with "2fa provider-specific endpoints", "configure 2FA" or
// "Two-Factor Authorization" in the message).
bool IsTwoFactorReply(const MagentoError& error);

// The explanation shared by every kind for a 403, which core Magento never
// sends: a proxy, WAF or IP allow-list refused the request.
Status ExplainForbidden(const MagentoError& error);

// `Authorization: Bearer <token>`. OnUnauthorized() returns false: a fixed
// token cannot be renewed.
class BearerTokenAuthenticator final : public Authenticator {
 public:
  explicit BearerTokenAuthenticator(std::string token);

  Result<std::vector<HttpHeader>> Headers(std::string_view method,
                                          std::string_view url,
                                          const QueryParams& query,
                                          std::stop_token stop) override;
  bool OnUnauthorized() override { return false; }
  // For "The consumer isn't authorized to access %resources." explains that
  // an integration token works as a bearer token only where the shop allows
  // it, or with auth = "oauth1".
  Status Explain(const MagentoError& error) const override;
  std::string_view kind() const override { return "token"; }
  std::vector<std::string> Secrets() const override { return {token_}; }

 private:
  const std::string token_;
};

// OAuth 1.0a HMAC-SHA256 signatures (oauth1.h), with a fresh nonce per
// request and the timestamp from `clock`'s wall time.
class OAuth1Authenticator final : public Authenticator {
 public:
  // Returns a nonce unique per request; the default draws 32 hex characters
  // from the CSPRNG.
  using NonceSource = std::function<Result<std::string>()>;
  static NonceSource RandomNonces();

  OAuth1Authenticator(OAuth1Credentials credentials, Clock& clock,
                      NonceSource nonces = RandomNonces());

  Result<std::vector<HttpHeader>> Headers(std::string_view method,
                                          std::string_view url,
                                          const QueryParams& query,
                                          std::stop_token stop) override;
  bool OnUnauthorized() override { return false; }
  Status Explain(const MagentoError& error) const override;
  std::string_view kind() const override { return "oauth1"; }
  std::vector<std::string> Secrets() const override;

 private:
  const OAuth1Credentials credentials_;
  Clock& clock_;
  const NonceSource nonces_;
};

}  // namespace m2drop::magento

#endif  // M2DROP_MAGENTO_AUTH_H_
