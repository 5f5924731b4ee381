// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/auth.h"

#include <gtest/gtest.h>

#include "m2drop/base/fake_clock.h"
#include "testing/status_matchers.h"

namespace m2drop::magento {
namespace {

constexpr char kToken[] = "TOKEN-Secret-abc123";

MagentoError Refusal(int status, std::string_view body) {
  return ParseMagentoError(status, body, {});
}

const char kNotAuthorized[] =
    R"({"message":"The consumer isn't authorized to access %resources.",)"
    R"("parameters":{"resources":"Magento_Sales::sales"}})";

TEST(BearerTokenAuthenticatorTest, SendsTheTokenAsBearer) {
  BearerTokenAuthenticator auth(kToken);
  std::stop_source stop;
  auto headers =
      auth.Headers("GET", "https://shop/rest/V1/orders", {}, stop.get_token());
  ASSERT_OK(headers);
  ASSERT_EQ(headers->size(), 1u);
  EXPECT_EQ((*headers)[0].name, "Authorization");
  EXPECT_EQ((*headers)[0].value, std::string("Bearer ") + kToken);
  EXPECT_FALSE(auth.OnUnauthorized());
  EXPECT_EQ(auth.kind(), "token");
}

TEST(BearerTokenAuthenticatorTest, ExplainsIntegrationTokensAsBearer) {
  BearerTokenAuthenticator auth(kToken);
  Status s = auth.Explain(Refusal(401, kNotAuthorized));
  EXPECT_EQ(s.code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(s.message().rfind(
                "Magento did not accept the token (401: The consumer isn't "
                "authorized to access Magento_Sales::sales.). Magento 2.4.4 "
                "and later take integration tokens as bearer tokens only "
                "when Stores > Configuration > Services > OAuth > Consumer "
                "Settings > \"Allow OAuth Access Tokens to be used as "
                "standalone Bearer tokens\" is Yes. Set it to Yes, or sign "
                "instead: auth = \"oauth1\" with the integration's four "
                "values in consumer_key_file, consumer_secret_file, "
                "access_token_file and access_token_secret_file.",
                0),
            0u)
      << s.message();
  EXPECT_EQ(s.message().find(kToken), std::string::npos);
}

TEST(BearerTokenAuthenticatorTest, ExplainsOther401sAnd403s) {
  BearerTokenAuthenticator auth(kToken);
  Status other = auth.Explain(Refusal(401, R"({"message":"Nope"})"));
  EXPECT_EQ(other.code(), StatusCode::kUnauthenticated);
  EXPECT_NE(other.message().find("401: Nope"), std::string::npos);
  Status forbidden = auth.Explain(Refusal(403, "<h1>Forbidden</h1>"));
  EXPECT_EQ(forbidden.code(), StatusCode::kUnauthenticated);
  EXPECT_NE(forbidden.message().find("firewall"), std::string::npos);
  EXPECT_EQ(forbidden.message().find(kToken), std::string::npos);
}

TEST(BearerTokenAuthenticatorTest, StopRequestedIsCancelled) {
  BearerTokenAuthenticator auth(kToken);
  std::stop_source stop;
  stop.request_stop();
  EXPECT_EQ(auth.Headers("GET", "https://shop/x", {}, stop.get_token())
                .status()
                .code(),
            StatusCode::kCancelled);
}

TEST(IsTwoFactorReplyTest, RecognisesEveryPublishedVariantOn400And401) {
  for (int status : {400, 401}) {
    EXPECT_TRUE(IsTwoFactorReply(Refusal(
        status,
        R"({"message":"Please use the 2fa provider-specific endpoints to )"
        R"(obtain a token.","parameters":{"active_providers":["google"]}})")));
    EXPECT_TRUE(IsTwoFactorReply(Refusal(
        status, R"({"message":"Please ask an administrator with sufficient )"
                R"(access to configure 2FA first"})")));
    EXPECT_TRUE(IsTwoFactorReply(Refusal(
        status, R"({"message":"You are required to configure personal )"
                R"(Two-Factor Authorization in order to login. Please check )"
                R"(your email."})")));
  }
  EXPECT_FALSE(IsTwoFactorReply(Refusal(
      500, R"({"message":"Please use the 2fa provider-specific endpoints"})")));
  EXPECT_FALSE(IsTwoFactorReply(Refusal(401, kNotAuthorized)));
}

class OAuth1AuthenticatorTest : public ::testing::Test {
 protected:
  OAuth1Credentials credentials_{
      .consumer_key = "ck0123456789abcdef0123456789abcd",
      .consumer_secret = "cs secret/with+chars",
      .access_token = "at0123456789abcdef0123456789abcd",
      .access_token_secret = "ts&secret"};
  FakeClock clock_;  // wall time 1795255200, as in oauth1_test.cc
  std::stop_source stop_;
};

TEST_F(OAuth1AuthenticatorTest, SignsWithTheClockAndTheNonceSource) {
  OAuth1Authenticator auth(credentials_, clock_, [] {
    return Result<std::string>("0f1e2d3c4b5a69788796a5b4c3d2e1f0");
  });
  auto headers = auth.Headers(
      "GET", "https://shop.example.com/rest/default/V1/orders",
      {{"searchCriteria[filter_groups][0][filters][0][field]", "increment_id"},
       {"searchCriteria[filter_groups][0][filters][0][value]",
        "000000123,000000124"},
       {"searchCriteria[filter_groups][0][filters][0][condition_type]", "in"},
       {"searchCriteria[pageSize]", "100"}},
      stop_.get_token());
  ASSERT_OK(headers);
  ASSERT_EQ(headers->size(), 1u);
  // The worked example of oauth1_test.cc, computed with Python's hmac.
  EXPECT_NE((*headers)[0].value.find(
                "oauth_signature=\"iI0WvNtmVYwW0mG%2B1qDoZkwazeDquubf0dIiytNp"
                "MYY%3D\""),
            std::string::npos)
      << (*headers)[0].value;
  EXPECT_NE((*headers)[0].value.find("oauth_timestamp=\"1795255200\""),
            std::string::npos);
}

TEST_F(OAuth1AuthenticatorTest, UsesAFreshRandomNoncePerRequest) {
  OAuth1Authenticator auth(credentials_, clock_);
  auto a = auth.Headers("GET", "https://shop/rest/V1/x", {}, stop_.get_token());
  auto b = auth.Headers("GET", "https://shop/rest/V1/x", {}, stop_.get_token());
  ASSERT_OK(a);
  ASSERT_OK(b);
  auto nonce = [](const std::string& h) {
    size_t at = h.find("oauth_nonce=\"") + 13;
    return h.substr(at, h.find('"', at) - at);
  };
  EXPECT_EQ(nonce((*a)[0].value).size(), 32u);
  EXPECT_NE(nonce((*a)[0].value), nonce((*b)[0].value));
}

TEST_F(OAuth1AuthenticatorTest, ExplainsRefusalsWithoutSecrets) {
  OAuth1Authenticator auth(credentials_, clock_);
  Status sig = auth.Explain(Refusal(
      401, R"({"message":"The signature is invalid. Verify and try again."})"));
  EXPECT_EQ(sig.code(), StatusCode::kUnauthenticated);
  EXPECT_NE(sig.message().find("The signature is invalid"), std::string::npos);
  Status nonce = auth.Explain(
      Refusal(401, R"({"message":"An error occurred validating the nonce"})"));
  EXPECT_NE(nonce.message().find("clock"), std::string::npos);
  for (const Status& s : {sig, nonce}) {
    EXPECT_EQ(s.message().find("cs secret"), std::string::npos);
    EXPECT_EQ(s.message().find("ts&secret"), std::string::npos);
  }
}

// Each of Magento's OAuth refusals (Token/Provider.php, Oauth.php) names
// the one value, of the four, to copy again.
TEST_F(OAuth1AuthenticatorTest, NamesTheValueToFixForEachRefusal) {
  OAuth1Authenticator auth(credentials_, clock_);
  const std::pair<const char*, const char*> cases[] = {
      {"Consumer key is not the correct length",
       "the Consumer Key "
       "(consumer_key_file"},
      {"A consumer having the specified key does not exist",
       "the Consumer Key (consumer_key_file"},
      {"Token is not the correct length",
       "the Access Token "
       "(access_token_file"},
      {"Specified token does not exist", "the Access Token (access_token_file"},
      {"Token is not associated with the specified consumer",
       "the Access Token (access_token_file"},
      {"Access token has been revoked", "Access Token was revoked"},
      {"The signature is invalid. Verify and try again.",
       "the Consumer Secret (consumer_secret_file or consumer_secret_env) or "
       "the Access Token Secret (access_token_secret_file"},
  };
  for (const auto& [said, named] : cases) {
    Status s = auth.Explain(
        Refusal(401, std::string(R"({"message":")") + said + R"("})"));
    EXPECT_EQ(s.code(), StatusCode::kUnauthenticated);
    EXPECT_NE(s.message().find(named), std::string::npos)
        << said << " -> " << s.message();
  }
  Status length = auth.Explain(Refusal(
      400,
      R"({"message":"The token length is invalid. Check the length and try again."})"));
  EXPECT_NE(length.message().find("the Access Token (access_token_file"),
            std::string::npos)
      << length.message();
}

}  // namespace
}  // namespace m2drop::magento
