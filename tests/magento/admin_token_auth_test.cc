// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/admin_token_auth.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>

#include "fakes/fake_http_transport.h"
#include "m2drop/base/fake_clock.h"
#include "m2drop/magento/crypto.h"
#include "magento/log_capture.h"
#include "testing/status_matchers.h"

namespace m2drop::magento {
namespace {

using std::chrono::seconds;

constexpr char kPassword[] = "PW-Secret-123";

// A JWT whose payload is `claims` (header and signature are not checked).
std::string Jwt(const nlohmann::json& claims) {
  auto b64url = [](std::string_view bytes) {
    std::string s = Base64Encode(bytes);
    for (char& c : s) c = c == '+' ? '-' : c == '/' ? '_' : c;
    while (!s.empty() && s.back() == '=') s.pop_back();
    return s;
  };
  return b64url(R"({"alg":"HS256","typ":"JWT"})") + "." +
         b64url(claims.dump()) + ".c2lnbmF0dXJl";
}

int64_t Epoch(WallTime t) {
  return std::chrono::duration_cast<seconds>(t.time_since_epoch()).count();
}

class AdminTokenAuthenticatorTest : public ::testing::Test {
 protected:
  AdminTokenAuthenticatorTest()
      : auth_({.base_url = "https://shop.example.com/",
               .store_code = "default",
               .username = "m2drop",
               .password = kPassword,
               .token_ttl = std::chrono::minutes(50)},
              transport_, clock_) {}

  Result<std::vector<HttpHeader>> Headers() {
    return auth_.Headers("GET", "https://shop.example.com/rest/V1/orders", {},
                         stop_.get_token());
  }
  static std::string Bearer(const Result<std::vector<HttpHeader>>& headers) {
    if (!headers.ok() || headers->empty()) return "";
    return (*headers)[0].value;
  }

  FakeClock clock_;
  FakeHttpTransport transport_;
  AdminTokenAuthenticator auth_;
  std::stop_source stop_;
};

TEST_F(AdminTokenAuthenticatorTest, FetchesOnceAndReusesTheToken) {
  transport_.Enqueue(FakeHttpTransport::Json(200, "\"opaque-token-1\""));
  EXPECT_EQ(Bearer(Headers()), "Bearer opaque-token-1");
  EXPECT_EQ(Bearer(Headers()), "Bearer opaque-token-1");
  ASSERT_EQ(transport_.request_count(), 1u);
  HttpRequest sent = transport_.requests()[0];
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url,
            "https://shop.example.com/rest/default/V1/integration/admin/token");
  EXPECT_EQ(FakeHttpTransport::HeaderOf(sent, "content-type"),
            "application/json");
  EXPECT_EQ(nlohmann::json::parse(sent.body),
            (nlohmann::json{{"username", "m2drop"}, {"password", kPassword}}));
  EXPECT_EQ(auth_.tokens_fetched(), 1);
}

TEST_F(AdminTokenAuthenticatorTest, RenewsAnOpaqueTokenAfterTheTtl) {
  transport_.Enqueue(FakeHttpTransport::Json(200, "\"opaque-1\""));
  transport_.Enqueue(FakeHttpTransport::Json(200, "\"opaque-2\""));
  EXPECT_EQ(Bearer(Headers()), "Bearer opaque-1");
  clock_.Advance(std::chrono::minutes(50) - seconds(1));
  EXPECT_EQ(Bearer(Headers()), "Bearer opaque-1");
  clock_.Advance(seconds(1));
  EXPECT_EQ(Bearer(Headers()), "Bearer opaque-2");
}

TEST_F(AdminTokenAuthenticatorTest, RenewsAJwtAtEightyPercentOfItsLifetime) {
  int64_t now = Epoch(clock_.WallNow());
  std::string first = Jwt({{"iat", now}, {"exp", now + 3600}, {"uid", 1}});
  transport_.Enqueue(FakeHttpTransport::Json(200, "\"" + first + "\""));
  transport_.Enqueue(FakeHttpTransport::Json(200, "\"second\""));
  EXPECT_EQ(Bearer(Headers()), "Bearer " + first);
  clock_.Advance(seconds(2879));  // 80% of 3600 s is 2880 s
  EXPECT_EQ(Bearer(Headers()), "Bearer " + first);
  clock_.Advance(seconds(1));
  EXPECT_EQ(Bearer(Headers()), "Bearer second");
}

TEST_F(AdminTokenAuthenticatorTest, A401DropsTheTokenSoTheNextOneIsFresh) {
  transport_.Enqueue(FakeHttpTransport::Json(200, "\"old\""));
  transport_.Enqueue(FakeHttpTransport::Json(200, "\"new\""));
  EXPECT_EQ(Bearer(Headers()), "Bearer old");
  EXPECT_TRUE(auth_.OnUnauthorized());
  EXPECT_EQ(Bearer(Headers()), "Bearer new");
  EXPECT_EQ(auth_.tokens_fetched(), 2);
}

TEST_F(AdminTokenAuthenticatorTest, ExplainsTwoFactorAuthOn400And401) {
  for (int status : {400, 401}) {
    transport_.Enqueue(FakeHttpTransport::Json(
        status,
        R"({"message":"Please use the 2fa provider-specific endpoints to )"
        R"(obtain a token.","parameters":{"active_providers":["google"]}})"));
    Status s = Headers().status();
    EXPECT_EQ(s.code(), StatusCode::kUnauthenticated);
    EXPECT_EQ(s.message().rfind(
                  "admin tokens are blocked by two-factor auth on this shop: "
                  "use an integration (auth = \"oauth1\") instead, with its "
                  "Consumer Key, Consumer Secret, Access Token and Access "
                  "Token Secret in consumer_key_file, consumer_secret_file, "
                  "access_token_file and access_token_secret_file",
                  0),
              0u)
        << s.message();
  }
}

TEST_F(AdminTokenAuthenticatorTest, ExplainsWrongCredentialsAndLockout) {
  transport_.Enqueue(FakeHttpTransport::Json(
      401, R"({"message":"The account sign-in was incorrect or your account )"
           R"(is disabled temporarily. Please wait and try again later."})"));
  Status s = Headers().status();
  EXPECT_EQ(s.code(), StatusCode::kUnauthenticated);
  EXPECT_NE(s.message().find("The account sign-in was incorrect"),
            std::string::npos);
  EXPECT_NE(s.message().find("locks the admin account for 30 minutes"),
            std::string::npos);
}

TEST_F(AdminTokenAuthenticatorTest, TransientFailuresAreUnavailable) {
  transport_.Enqueue(FakeHttpTransport::Timeout());
  transport_.Enqueue(FakeHttpTransport::Response(503, "<h1>Maintenance</h1>"));
  Status timeout = Headers().status();
  EXPECT_EQ(timeout.code(), StatusCode::kUnavailable);
  EXPECT_NE(timeout.message().find("Timeout was reached"), std::string::npos);
  Status busy = Headers().status();
  EXPECT_EQ(busy.code(), StatusCode::kUnavailable);
  EXPECT_NE(busy.message().find("503: Maintenance"), std::string::npos);
}

TEST_F(AdminTokenAuthenticatorTest, ABodyThatIsNotATokenIsAnError) {
  transport_.Enqueue(FakeHttpTransport::Response(200, "<html>shop</html>"));
  EXPECT_EQ(Headers().status().code(), StatusCode::kInternal);
}

TEST_F(AdminTokenAuthenticatorTest, NeverLogsOrReportsThePasswordOrToken) {
  LogCapture logs;
  const std::string token = "TOKEN-Secret-456";
  transport_.Enqueue(FakeHttpTransport::Json(200, "\"" + token + "\""));
  ASSERT_OK(Headers());
  std::vector<Status> statuses;
  transport_.Enqueue(FakeHttpTransport::Json(
      401, R"({"message":"The account sign-in was incorrect."})"));
  transport_.Enqueue(FakeHttpTransport::Timeout());
  transport_.Enqueue(FakeHttpTransport::Json(
      400, R"({"message":"Please ask an administrator with sufficient )"
           R"(access to configure 2FA first"})"));
  for (int i = 0; i < 3; ++i) {
    auth_.OnUnauthorized();
    statuses.push_back(Headers().status());
  }
  statuses.push_back(auth_.Explain(ParseMagentoError(401, "{}", {})));
  std::string text = logs.text();
  EXPECT_NE(text.find("obtained an admin token"), std::string::npos);
  for (const std::string& secret : {std::string(kPassword), token}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << text;
    for (const Status& s : statuses) {
      EXPECT_FALSE(s.ok());
      EXPECT_EQ(s.message().find(secret), std::string::npos) << s;
    }
  }
}

// Issue 17: a token endpoint (or a proxy before it) that echoes the request
// body. The password is masked in the refusal; so is the admin token when a
// later answer echoes the Authorization header.
TEST_F(AdminTokenAuthenticatorTest, AnswersEchoingThePasswordOrTokenAreMasked) {
  transport_.Enqueue(FakeHttpTransport::Json(
      401, nlohmann::json{{"message", "bad sign-in: %1"},
                          {"parameters",
                           {R"({"username":"m2drop","password":")" +
                            std::string(kPassword) + "\"}"}}}
               .dump()));
  Status refused = Headers().status();
  EXPECT_EQ(refused.code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(refused.message().find(kPassword), std::string::npos) << refused;
  EXPECT_NE(refused.message().find("bad sign-in"), std::string::npos);

  const std::string token = "JWT-Secret-789";
  transport_.Enqueue(FakeHttpTransport::Json(200, "\"" + token + "\""));
  ASSERT_OK(Headers());
  std::vector<std::string> secrets = auth_.Secrets();
  EXPECT_NE(std::find(secrets.begin(), secrets.end(), token), secrets.end());
  EXPECT_NE(std::find(secrets.begin(), secrets.end(), kPassword),
            secrets.end());
  MagentoError echoed =
      ParseMagentoError(500, "<pre>X-Token: " + token + "</pre>", secrets);
  EXPECT_EQ(echoed.message, "X-Token: ****");
  // After a renewal the old token is still masked: an answer in flight
  // may echo it.
  auth_.OnUnauthorized();
  transport_.Enqueue(FakeHttpTransport::Json(200, "\"JWT-Secret-790\""));
  ASSERT_OK(Headers());
  secrets = auth_.Secrets();
  EXPECT_NE(std::find(secrets.begin(), secrets.end(), token), secrets.end());
}

TEST(JwtRenewDelayTest, ReadsExpAndIat) {
  WallTime now = WallTime() + seconds(1'800'000'000);
  EXPECT_EQ(
      JwtRenewDelay(Jwt({{"iat", 1'800'000'000}, {"exp", 1'800'003'600}}), now),
      seconds(2880));
  // Without iat, 80% of what is left.
  EXPECT_EQ(JwtRenewDelay(Jwt({{"exp", 1'800'001'000}}), now), seconds(800));
  // Issued an hour ago, expiring in an hour: renew at 96 min, in 36 min.
  EXPECT_EQ(
      JwtRenewDelay(Jwt({{"iat", 1'799'996'400}, {"exp", 1'800'003'600}}), now),
      seconds(2160));
}

TEST(JwtRenewDelayTest, NeverLessThanAMinute) {
  WallTime now = WallTime() + seconds(1'800'000'000);
  EXPECT_EQ(JwtRenewDelay(Jwt({{"exp", 1'799'000'000}}), now),
            std::chrono::minutes(1));
}

// A shop or proxy may send any number: a far-future exp (UBSan saw
// 2305984474085307491 overflow the scaling, from a test shop's token) or a
// negative iat gives a long, positive delay, never an overflow.
TEST(JwtRenewDelayTest, AbsurdClaimsDoNotOverflow) {
  WallTime now = WallTime() + seconds(1'800'000'000);
  const int64_t huge = std::numeric_limits<int64_t>::max() / 4;
  auto far = JwtRenewDelay(Jwt({{"exp", huge}}), now);
  ASSERT_TRUE(far.has_value());
  EXPECT_GT(*far, std::chrono::hours(24 * 365));
  auto wide = JwtRenewDelay(Jwt({{"iat", -huge}, {"exp", huge}}), now);
  ASSERT_TRUE(wide.has_value());
  EXPECT_GE(*wide, std::chrono::minutes(1));
}

TEST(JwtRenewDelayTest, NotAJwtGivesNothing) {
  WallTime now = WallTime() + seconds(1'800'000'000);
  EXPECT_EQ(JwtRenewDelay("opaque0123456789", now), std::nullopt);
  EXPECT_EQ(JwtRenewDelay("a.b.c", now), std::nullopt);
  EXPECT_EQ(JwtRenewDelay(Jwt({{"sub", "x"}}), now), std::nullopt);
  EXPECT_EQ(JwtRenewDelay(Jwt({{"exp", "soon"}}), now), std::nullopt);
}

}  // namespace
}  // namespace m2drop::magento
