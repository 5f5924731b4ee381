// SPDX-License-Identifier: Apache-2.0
// AdminTokenAuthenticator: config auth = "admin". Exchanges an admin
// username and password for a bearer token (POST V1/integration/admin/token,
// magento-rest.md §1.1), caches it, and renews it before it expires.
//
// Renewal: Magento 2.4.4+ issues JWTs; the token is renewed once 80% of its
// lifetime (from the `iat` and `exp` claims, or from now to `exp`) has
// passed. Opaque tokens (older shops) are renewed after `token_ttl`. A 401
// drops the cached token, so the next request fetches a new one
// (OnUnauthorized() returns true; RestCaller retries once).
//
// Refusals become kUnauthenticated with an explanation: the two-factor-auth
// reply (which makes admin tokens unusable for a daemon), and wrong
// credentials or a locked account. Fetching the token is not retried here:
// transient failures come back as kUnavailable and RestCaller's retry policy
// decides. Never logs or returns the password or the token.
//
// Thread-safe: one token is shared by all callers; while it is being fetched
// other callers block on the authenticator's lock (the fetch is bounded by
// the transport's timeouts). The transport and clock must outlive it.
#ifndef M2DROP_MAGENTO_ADMIN_TOKEN_AUTH_H_
#define M2DROP_MAGENTO_ADMIN_TOKEN_AUTH_H_

#include <mutex>
#include <optional>
#include <string>

#include "m2drop/magento/auth.h"

namespace m2drop::magento {

struct AdminTokenOptions {
  std::string base_url;    // the shop's root, as [magento] base_url
  std::string store_code;  // as [magento] store_code; "" for /rest/V1/...
  std::string username;
  std::string password;
  // Lifetime assumed for tokens without an `exp` claim (pre-2.4.4 opaque
  // tokens last 4 hours by default; renewing sooner is harmless).
  Duration token_ttl = std::chrono::hours(1);
};

// When a token should be renewed: 80% into the lifetime its JWT claims
// state, as a delay from `now` (at least one minute, so a skewed clock
// cannot make every request fetch a new token). nullopt when `token` is not
// a JWT with a numeric `exp` claim.
std::optional<Duration> JwtRenewDelay(std::string_view token, WallTime now);

class AdminTokenAuthenticator final : public Authenticator {
 public:
  AdminTokenAuthenticator(AdminTokenOptions options, HttpTransport& transport,
                          Clock& clock);

  Result<std::vector<HttpHeader>> Headers(std::string_view method,
                                          std::string_view url,
                                          const QueryParams& query,
                                          std::stop_token stop) override;
  bool OnUnauthorized() override;
  Status Explain(const MagentoError& error) const override;
  std::string_view kind() const override { return "admin"; }
  // The password, the current token and the one before it (an answer to a
  // request sent just before a renewal may echo that one).
  std::vector<std::string> Secrets() const override;

  // Tokens fetched so far (for metrics and tests).
  int tokens_fetched() const;

 private:
  // Fetches a token into token_ and renew_at_. REQUIRES: mu_ held.
  Status FetchLocked();
  Status ExplainTokenRefusal(const MagentoError& error) const;

  const AdminTokenOptions options_;
  HttpTransport& transport_;
  Clock& clock_;
  mutable std::mutex mu_;
  std::string token_;           // guarded by mu_; empty when none is cached
  std::string previous_token_;  // guarded by mu_
  SteadyTime renew_at_;         // guarded by mu_
  int tokens_fetched_ = 0;      // guarded by mu_
};

}  // namespace m2drop::magento

#endif  // M2DROP_MAGENTO_ADMIN_TOKEN_AUTH_H_
