// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/admin_token_auth.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "m2drop/base/strings.h"
#include "m2drop/magento/crypto.h"

namespace m2drop::magento {
namespace {

using nlohmann::json;

constexpr std::string_view kTokenPath = "V1/integration/admin/token";
constexpr Duration kMinRenewDelay = std::chrono::minutes(1);

std::optional<int64_t> NumericClaim(const json& payload, const char* name) {
  auto it = payload.find(name);
  if (it == payload.end() || !it->is_number()) return std::nullopt;
  return it->get<int64_t>();
}

}  // namespace

std::optional<Duration> JwtRenewDelay(std::string_view token, WallTime now) {
  std::vector<std::string_view> parts = Split(token, '.');
  if (parts.size() != 3) return std::nullopt;
  std::optional<std::string> text = Base64UrlDecode(parts[1]);
  if (!text) return std::nullopt;
  json payload = json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (!payload.is_object()) return std::nullopt;
  std::optional<int64_t> exp = NumericClaim(payload, "exp");
  if (!exp) return std::nullopt;
  using std::chrono::seconds;
  // Claims are whatever the shop (or a proxy) sent: kept between 1970 and
  // 2242, where they fit the clock's nanoseconds, and the lifetime is cut
  // before it is scaled, so no claim can overflow the arithmetic.
  static constexpr int64_t kMaxClaim = int64_t{1} << 33;
  auto clamp = [](int64_t v) { return std::clamp<int64_t>(v, 0, kMaxClaim); };
  WallTime expires = WallTime() + seconds(clamp(*exp));
  std::optional<int64_t> iat = NumericClaim(payload, "iat");
  WallTime issued =
      iat && *iat < *exp ? WallTime() + seconds(clamp(*iat)) : now;
  if (issued > expires) issued = expires;
  WallTime renew = issued + (expires - issued) / 10 * 8;
  return std::max<Duration>(renew - now, kMinRenewDelay);
}

AdminTokenAuthenticator::AdminTokenAuthenticator(AdminTokenOptions options,
                                                 HttpTransport& transport,
                                                 Clock& clock)
    : options_(std::move(options)), transport_(transport), clock_(clock) {}

Result<std::vector<HttpHeader>> AdminTokenAuthenticator::Headers(
    std::string_view, std::string_view, const QueryParams&,
    std::stop_token stop) {
  if (stop.stop_requested()) return Status::Cancelled("shutting down");
  std::lock_guard lock(mu_);
  if (token_.empty() || clock_.Now() >= renew_at_) {
    M2DROP_RETURN_IF_ERROR(FetchLocked());
  }
  return std::vector<HttpHeader>{{"Authorization", "Bearer " + token_}};
}

bool AdminTokenAuthenticator::OnUnauthorized() {
  std::lock_guard lock(mu_);
  if (!token_.empty()) previous_token_ = std::move(token_);
  token_.clear();
  return true;
}

std::vector<std::string> AdminTokenAuthenticator::Secrets() const {
  std::lock_guard lock(mu_);
  return {options_.password, token_, previous_token_};
}

int AdminTokenAuthenticator::tokens_fetched() const {
  std::lock_guard lock(mu_);
  return tokens_fetched_;
}

Status AdminTokenAuthenticator::FetchLocked() {
  HttpRequest request;
  request.method = "POST";
  request.url =
      BuildRestUrl(options_.base_url, options_.store_code, kTokenPath);
  request.headers = {{"Content-Type", "application/json"},
                     {"Accept", "application/json"}};
  request.body =
      json{{"username", options_.username}, {"password", options_.password}}
          .dump();
  Result<HttpResponse> response = transport_.Send(request, nullptr);
  if (!response.ok()) {
    return Status::Unavailable("cannot reach Magento to get an admin token: " +
                               response.status().message());
  }
  // The answer may echo the request body, password included.
  const std::vector<std::string> secrets = {options_.password, token_,
                                            previous_token_};
  MagentoError error =
      ParseMagentoError(response->status, response->body, secrets);
  switch (ClassifyHttpStatus(response->status)) {
    case StatusCode::kOk:
      break;
    case StatusCode::kUnavailable:
      return Status::Unavailable("Magento could not issue an admin token (" +
                                 std::to_string(response->status) + ": " +
                                 error.message + ")");
    default:
      return ExplainTokenRefusal(error);
  }
  json token = json::parse(response->body, nullptr, false);
  if (!token.is_string() || token.get<std::string>().empty()) {
    return Status::Internal(
        "Magento's answer to the admin token request was not a token (a JSON "
        "string): is base_url the shop's root?");
  }
  if (!token_.empty()) previous_token_ = std::move(token_);
  token_ = token.get<std::string>();
  ++tokens_fetched_;
  std::optional<Duration> delay = JwtRenewDelay(token_, clock_.WallNow());
  renew_at_ = clock_.Now() + delay.value_or(options_.token_ttl);
  spdlog::info("magento: obtained an admin token (kind={}), renewing in {}s",
               delay ? "jwt" : "opaque",
               std::chrono::duration_cast<std::chrono::seconds>(
                   delay.value_or(options_.token_ttl))
                   .count());
  return Status::Ok();
}

Status AdminTokenAuthenticator::ExplainTokenRefusal(
    const MagentoError& error) const {
  if (IsTwoFactorReply(error)) {
    return Status::Unauthenticated(
        "admin tokens are blocked by two-factor auth on this shop: use an "
        "integration (auth = \"oauth1\") instead, with its Consumer Key, "
        "Consumer Secret, Access Token and Access Token Secret in "
        "consumer_key_file, consumer_secret_file, access_token_file and "
        "access_token_secret_file (System > Extensions > Integrations; "
        "integrations sign each request and are not asked for a second "
        "factor) (Magento said " +
        std::to_string(error.http_status) + ": " + error.message + ")");
  }
  if (error.http_status == 403) return ExplainForbidden(error);
  if (error.http_status == 401) {
    return Status::Unauthenticated(
        "Magento refused the admin username or password (401: " +
        error.message +
        "). Check them; note that after 6 failed sign-ins (by default) "
        "Magento locks the admin account for 30 minutes "
        "(oauth/authentication_lock), so wait before trying again");
  }
  return Status::Unauthenticated("Magento refused the admin token request (" +
                                 std::to_string(error.http_status) + ": " +
                                 error.message +
                                 "): check the admin username and password");
}

Status AdminTokenAuthenticator::Explain(const MagentoError& error) const {
  if (error.http_status == 403) return ExplainForbidden(error);
  return Status::Unauthenticated(
      "Magento refused a freshly issued admin token (" +
      std::to_string(error.http_status) + ": " + error.message +
      "): the admin user's role probably lacks the API resource this call "
      "needs (System > Permissions > User Roles)");
}

}  // namespace m2drop::magento
