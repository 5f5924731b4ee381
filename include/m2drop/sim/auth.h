// SPDX-License-Identifier: Apache-2.0
// Who is calling the simulator (magento-rest.md §1.1, §3): bearer tokens
// (static seed tokens, admin JWTs, integration access tokens when the seed
// allows them as bearer), OAuth 1.0a signed requests (oauth.h), or a guest.
// Also the admin token route, which issues the JWTs.
//
// Invalid or expired bearer tokens are not errors: the caller is a guest and
// the route's ACL check answers 401 (app/code/Magento/Webapi/Model/
// Authorization/TokenUserContext.php). Admin tokens are JWTs as
// app/code/Magento/JwtUserToken/Model/Issuer.php makes them; the admin
// token route follows app/code/Magento/Integration/Model/
// AdminTokenService.php, CredentialsValidator.php and Oauth/Token/
// RequestThrottler.php, with Magento_TwoFactorAuth's refusal from
// magento/security-package TwoFactorAuth/Model/AdminAccessTokenService.php.
// Static seed tokens are the simulator's own. Functions act on the Store
// they are given; the caller synchronizes.
#ifndef M2DROP_SIM_AUTH_H_
#define M2DROP_SIM_AUTH_H_

#include <cstdint>
#include <optional>
#include <string>

#include "m2drop/base/clock.h"
#include "m2drop/sim/http_types.h"
#include "m2drop/sim/store.h"

namespace m2drop::sim {

enum class CallerKind { kGuest, kStaticToken, kAdmin, kIntegration };

struct Caller {
  CallerKind kind = CallerKind::kGuest;
  int64_t id = 0;  // admin user id or integration consumer id
};

// Either the caller (maybe a guest) or the error Magento answers before any
// ACL check (OAuth failures).
struct AuthOutcome {
  Caller caller;
  std::optional<Response> error;
};

// Identifies the caller from the Authorization header. `now` is wall time
// (JWT exp, OAuth timestamps); `jwt_secret` signs admin tokens;
// `default_host` is used for the OAuth base URL when the request has no
// Host header. OAuth nonces are recorded in `store`.
AuthOutcome Authenticate(Store& store, const Request& request, WallTime now,
                         const std::string& jwt_secret,
                         const std::string& default_host);

// Whether `caller` may use a route that names ACL `resource`. Magento saves
// an allow or a deny rule for every resource when a role is saved
// (app/code/Magento/Authorization/Model/Acl/Loader/Rule.php), so an
// integration holds exactly the resources ticked for it, or all with
// Magento_Backend::all. Static tokens and admin users hold all (UNVERIFIED
// simplification: admin roles are not simulated).
bool CallerHolds(const Store& store, const Caller& caller,
                 std::string_view resource);

// An HS256 admin JWT {"kid":"1","alg":"HS256","typ":"JWT"} with claims
// uid, utypid=2, iat, exp = iat + lifetime (minutes; <= 0 means 30).
std::string IssueAdminJwt(const std::string& secret, int64_t user_id,
                          WallTime now, int lifetime_minutes);

// The admin user id when `token` is a JWT signed with `secret` and not
// expired at `now`; nullopt otherwise.
std::optional<int64_t> VerifyAdminJwt(const std::string& secret,
                                      const std::string& token, WallTime now);

// POST /V1/integration/admin/token with the parsed body: a bare JSON string
// (the JWT); 400 "%fieldName" is required for empty/non-string credentials
// (both missing: "One or more input exceptions have occurred." + errors);
// 401 for a wrong password or a locked account (RequestThrottler: locked
// once flags.admin_max_failures failures are on record; each failure keeps
// the record flags.admin_lock_seconds, so failures further apart do not add
// up and a lock ends that long after the last failure. Magento counts an
// unknown username too, which answers the same 401 here either way); with
// flags.two_factor_auth, 401 "Please use the 2fa provider-specific endpoints
// to obtain a token." with parameters.active_providers once the password is
// right.
Response HandleAdminToken(Store& store, const Json& body, WallTime now,
                          const std::string& jwt_secret);

inline constexpr std::string_view kAdminSignInMessage =
    "The account sign-in was incorrect or your account is disabled "
    "temporarily. Please wait and try again later.";

}  // namespace m2drop::sim

#endif  // M2DROP_SIM_AUTH_H_
