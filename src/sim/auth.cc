// SPDX-License-Identifier: Apache-2.0
#include "m2drop/sim/auth.h"

#include <chrono>

#include "m2drop/base/strings.h"
#include "m2drop/sim/crypto.h"
#include "m2drop/sim/oauth.h"

namespace m2drop::sim {
namespace {

int64_t UnixSeconds(WallTime t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch())
      .count();
}

// "Bearer <token>": exactly two space-separated parts, scheme in any case
// (TokenUserContext); anything else is ignored.
std::optional<std::string> BearerToken(const std::string& header) {
  std::vector<std::string_view> parts = Split(header, ' ');
  if (parts.size() != 2 || !EqualsIgnoreCase(parts[0], "bearer") ||
      parts[1].empty()) {
    return std::nullopt;
  }
  return std::string(parts[1]);
}

Caller BearerCaller(const Store& store, const std::string& token, WallTime now,
                    const std::string& jwt_secret) {
  if (store.static_tokens.count(token)) return {CallerKind::kStaticToken, 0};
  if (auto uid = VerifyAdminJwt(jwt_secret, token, now)) {
    return {CallerKind::kAdmin, *uid};
  }
  if (store.flags.integration_bearer_allowed) {
    for (const Integration& in : store.integrations) {
      if (in.access_token == token) {
        return {CallerKind::kIntegration, in.consumer_id};
      }
    }
  }
  return {};
}

// The credential as a non-empty string, else nullptr (CredentialsValidator).
const Json* Credential(const Json& body, const char* name) {
  if (!body.contains(name)) return nullptr;
  const Json& v = body[name];
  return v.is_string() && !v.get<std::string>().empty() ? &v : nullptr;
}

Response CredentialErrors(bool username_ok, bool password_ok) {
  Json errors = Json::array();
  for (auto [ok, field] : {std::pair{username_ok, "username"},
                           std::pair{password_ok, "password"}}) {
    if (!ok) {
      errors.push_back({{"message", kRequiredFieldMessage},
                        {"parameters", {{"fieldName", field}}}});
    }
  }
  if (errors.size() == 1) {
    // A single error becomes the exception's own message
    // (AbstractAggregateException::addError).
    return ErrorResponse(400, kRequiredFieldMessage, errors[0]["parameters"]);
  }
  return ErrorResponse(400, "One or more input exceptions have occurred.",
                       nullptr, errors);
}

}  // namespace

AuthOutcome Authenticate(Store& store, const Request& request, WallTime now,
                         const std::string& jwt_secret,
                         const std::string& default_host) {
  std::string header = request.Header("Authorization");
  if (auto oauth = ParseOAuthHeader(header)) {
    OAuthOutcome outcome =
        VerifyOAuth(store, request, *oauth, now, default_host);
    if (outcome.error) return {{}, outcome.error};
    return {{CallerKind::kIntegration, outcome.consumer_id}, std::nullopt};
  }
  if (auto token = BearerToken(header)) {
    return {BearerCaller(store, *token, now, jwt_secret), std::nullopt};
  }
  return {};
}

bool CallerHolds(const Store& store, const Caller& caller,
                 std::string_view resource) {
  if (caller.kind != CallerKind::kIntegration) {
    return caller.kind != CallerKind::kGuest;
  }
  for (const Integration& in : store.integrations) {
    if (in.consumer_id != caller.id) continue;
    return !in.resources || in.resources->count("Magento_Backend::all") ||
           in.resources->count(std::string(resource));
  }
  return false;
}

std::string IssueAdminJwt(const std::string& secret, int64_t user_id,
                          WallTime now, int lifetime_minutes) {
  if (lifetime_minutes <= 0) lifetime_minutes = 30;
  int64_t iat = UnixSeconds(now);
  Json header = {{"kid", "1"}, {"alg", "HS256"}, {"typ", "JWT"}};
  Json claims = {{"uid", user_id},
                 {"utypid", 2},
                 {"iat", iat},
                 {"exp", iat + int64_t{lifetime_minutes} * 60}};
  std::string signing_input =
      Base64UrlEncode(header.dump()) + "." + Base64UrlEncode(claims.dump());
  return signing_input + "." +
         Base64UrlEncode(HmacSha256(secret, signing_input));
}

std::optional<int64_t> VerifyAdminJwt(const std::string& secret,
                                      const std::string& token, WallTime now) {
  std::vector<std::string_view> parts = Split(token, '.');
  if (parts.size() != 3) return std::nullopt;
  std::string signing_input =
      std::string(parts[0]) + "." + std::string(parts[1]);
  if (!ConstantTimeEquals(Base64UrlEncode(HmacSha256(secret, signing_input)),
                          parts[2])) {
    return std::nullopt;
  }
  std::optional<std::string> payload = Base64UrlDecode(parts[1]);
  if (!payload) return std::nullopt;
  Json claims = Json::parse(*payload, nullptr, false);
  if (!claims.is_object() || !claims.contains("exp") ||
      !claims["exp"].is_number_integer() || !claims.contains("uid") ||
      !claims["uid"].is_number_integer()) {
    return std::nullopt;
  }
  if (UnixSeconds(now) >= claims["exp"].get<int64_t>()) return std::nullopt;
  return claims["uid"].get<int64_t>();
}

Response HandleAdminToken(Store& store, const Json& body, WallTime now,
                          const std::string& jwt_secret) {
  const Json* username = Credential(body, "username");
  const Json* password = Credential(body, "password");
  if (username == nullptr || password == nullptr) {
    return CredentialErrors(username != nullptr, password != nullptr);
  }
  AdminUser* user = nullptr;
  for (AdminUser& u : store.admin_users) {
    if (u.username == username->get<std::string>()) user = &u;
  }
  if (user == nullptr) return ErrorResponse(401, kAdminSignInMessage);
  // Integration/Model/Oauth/Token/RequestThrottler.php: throttle() before
  // the password is checked, logAuthenticationFailure() after a wrong one,
  // resetAuthenticationFailuresCount() after a right one. An expired row
  // counts nothing (the cron's clearExpiredFailures deletes it).
  if (!user->failures_expire_at || now >= *user->failures_expire_at) {
    user->failures = 0;
  }
  if (user->failures >= store.flags.admin_max_failures) {
    return ErrorResponse(401, kAdminSignInMessage);
  }
  if (user->password != password->get<std::string>()) {
    ++user->failures;
    user->failures_expire_at =
        now + std::chrono::seconds(store.flags.admin_lock_seconds);
    return ErrorResponse(401, kAdminSignInMessage);
  }
  user->failures = 0;
  user->failures_expire_at.reset();
  if (store.flags.two_factor_auth) {
    return ErrorResponse(
        401,
        "Please use the 2fa provider-specific endpoints to obtain a token.",
        {{"active_providers", store.flags.two_factor_providers}});
  }
  return Response::FromJson(
      200, IssueAdminJwt(jwt_secret, user->user_id, now,
                         store.flags.admin_token_lifetime_minutes));
}

}  // namespace m2drop::sim
