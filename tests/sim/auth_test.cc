// SPDX-License-Identifier: Apache-2.0
#include "m2drop/sim/auth.h"

#include <gtest/gtest.h>

#include "sim/sim_fixture.h"

namespace m2drop::sim {
namespace {

constexpr char kTokenPath[] = "/rest/V1/integration/admin/token";

class AuthTest : public SimFixture {
 protected:
  Response LoginWith(const Json& body) { return Post(kTokenPath, body, ""); }
  Response Login(const std::string& password) {
    return LoginWith({{"username", "admin"}, {"password", password}});
  }
  Response OrdersWith(const std::string& auth) {
    return Get("/rest/V1/orders", Filter("entity_id", "1"), auth);
  }
};

TEST_F(AuthTest, GuestGetsConsumerNotAuthorizedWithResource) {
  Response r = OrdersWith("");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(Body(r)["message"],
            "The consumer isn't authorized to access %resources.");
  // Sales/etc/webapi.xml (2.3+): GET /V1/orders needs actions_view.
  EXPECT_EQ(Body(r)["parameters"]["resources"], "Magento_Sales::actions_view");
  EXPECT_EQ(OrdersWith("Bearer wrong-token").status, 401);
  EXPECT_EQ(OrdersWith("Bearer demo-token extra").status, 401);
  EXPECT_EQ(OrdersWith("bEaReR demo-token").status, 200);
}

TEST_F(AuthTest, AdminTokenIsAJwtThatWorksUntilItExpires) {
  Response r = Login("demo-admin-password1");
  ASSERT_EQ(r.status, 200) << r.body;
  std::string token = Body(r).get<std::string>();
  EXPECT_EQ(std::count(token.begin(), token.end(), '.'), 2);
  EXPECT_EQ(OrdersWith("Bearer " + token).status, 200);
  clock_.Advance(std::chrono::minutes(59));
  EXPECT_EQ(OrdersWith("Bearer " + token).status, 200);
  clock_.Advance(std::chrono::minutes(1));
  EXPECT_EQ(OrdersWith("Bearer " + token).status, 401);  // expired: a guest
}

TEST_F(AuthTest, JwtWithAnotherSecretOrTamperedIsRejected) {
  std::string token = IssueAdminJwt("other-secret", 1, clock_.WallNow(), 60);
  EXPECT_FALSE(VerifyAdminJwt("test-jwt-secret", token, clock_.WallNow()));
  std::string good = IssueAdminJwt("test-jwt-secret", 7, clock_.WallNow(), 60);
  EXPECT_EQ(VerifyAdminJwt("test-jwt-secret", good, clock_.WallNow()), 7);
  good[good.size() - 2] = good[good.size() - 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(VerifyAdminJwt("test-jwt-secret", good, clock_.WallNow()));
}

TEST_F(AuthTest, WrongPasswordIs401AndSixFailuresLockTheAccount) {
  for (int i = 0; i < 6; ++i) {
    Response r = Login("wrong");
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(Body(r)["message"], kAdminSignInMessage);
  }
  EXPECT_EQ(Login("demo-admin-password1").status, 401);  // locked
  clock_.Advance(std::chrono::seconds(1800));
  EXPECT_EQ(Login("demo-admin-password1").status, 200);
}

// ResourceModel/Oauth/Token/RequestLog.php: each failure moves the record's
// expiry to now + timeout; an expired record counts nothing.
TEST_F(AuthTest, FailuresFurtherApartThanTheLockTimeoutDoNotAddUp) {
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Login("wrong").status, 401);
  clock_.Advance(std::chrono::seconds(1799));
  EXPECT_EQ(Login("wrong").status, 401);  // the sixth within the window
  EXPECT_EQ(Login("demo-admin-password1").status, 401);  // locked
  clock_.Advance(std::chrono::seconds(1800));
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Login("wrong").status, 401);
  clock_.Advance(std::chrono::seconds(1800));
  EXPECT_EQ(Login("wrong").status, 401);  // the five before expired
  EXPECT_EQ(Login("demo-admin-password1").status, 200);
}

TEST_F(AuthTest, MissingCredentialsAreRequiredFields) {
  Response one = LoginWith({{"username", "admin"}, {"password", ""}});
  EXPECT_EQ(one.status, 400);
  EXPECT_EQ(Body(one)["message"], kRequiredFieldMessage);
  EXPECT_EQ(Body(one)["parameters"]["fieldName"], "password");
  Response both = LoginWith(Json::object());
  EXPECT_EQ(Body(both)["message"],
            "One or more input exceptions have occurred.");
  EXPECT_EQ(Body(both)["errors"].size(), 2u);
}

TEST_F(AuthTest, TwoFactorAuthAnswersWithActiveProviders) {
  sim_->WithStore([](Store& s) { s.flags.two_factor_auth = true; });
  Response r = Login("demo-admin-password1");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(
      Body(r)["message"],
      "Please use the 2fa provider-specific endpoints to obtain a token.");
  EXPECT_EQ(Body(r)["parameters"]["active_providers"], Json::array({"google"}));
  EXPECT_EQ(Body(Login("wrong"))["message"], kAdminSignInMessage);
}

TEST_F(AuthTest, IntegrationTokenAsBearerOnlyWhenAllowed) {
  std::string bearer = "Bearer tq9w8e7r6t5y4u3i2o1p0a9s8d7f6g5h";
  EXPECT_EQ(OrdersWith(bearer).status, 401);
  sim_->WithStore([](Store& s) { s.flags.integration_bearer_allowed = true; });
  EXPECT_EQ(OrdersWith(bearer).status, 200);
}

}  // namespace
}  // namespace m2drop::sim
