// SPDX-License-Identifier: Apache-2.0
#include "m2drop/sim/oauth.h"

#include <gtest/gtest.h>

#include "sim/sim_fixture.h"

namespace m2drop::sim {
namespace {

// Expected values computed independently with Python 3:
//   enc = lambda s: urllib.parse.quote(s, safe='-_.~')
//   ps = '&'.join(enc(k)+'='+enc(v) for k, v in sorted(params.items()))
//   base = 'GET&' + enc(url) + '&' + enc(ps)
//   key = enc(consumer_secret) + '&' + enc(token_secret)
//   base64.b64encode(hmac.new(key, base, hashlib.sha256).digest())
// with url http://127.0.0.1:8080/rest/default/V1/orders, the demo seed's
// integration, timestamp 1795000000, nonce n0nce-1 and the query below.
constexpr char kExpectedBase[] =
    "GET&http%3A%2F%2F127.0.0.1%3A8080%2Frest%2Fdefault%2FV1%2Forders&"
    "oauth_consumer_key%3Ddk7q2m9x4c1v8b5n3z6a0s2d4f6g8h1j%26oauth_nonce%3D"
    "n0nce-1%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D"
    "1795000000%26oauth_token%3Dtq9w8e7r6t5y4u3i2o1p0a9s8d7f6g5h%26oauth_"
    "version%3D1.0%26searchCriteria%255Bfilter_groups%255D%255B0%255D%255B"
    "filters%255D%255B0%255D%255Bfield%255D%3Dincrement_id%26searchCriteria"
    "%255Bfilter_groups%255D%255B0%255D%255Bfilters%255D%255B0%255D%255B"
    "value%255D%3D000000101%252C000000102%26searchCriteria%255BpageSize%255D"
    "%3D10";
constexpr char kExpectedSignature[] =
    "RnIaKbejvwniOz9fYrzTIMgRKS1wjD0ovoVhpONhEIE=";

class OAuthTest : public SimFixture {
 protected:
  static QueryPairs Query() {
    std::string f = "searchCriteria[filter_groups][0][filters][0]";
    return {{f + "[field]", "increment_id"},
            {f + "[value]", "000000101,000000102"},
            {"searchCriteria[pageSize]", "10"}};
  }
  static std::string Header(const std::string& signature,
                            const std::string& nonce = "n0nce-1",
                            const std::string& method = "HMAC-SHA256",
                            const std::string& timestamp = "1795000000") {
    // The signature's '+', '/' and '=' go percent-encoded, as RFC 5849 asks.
    return "OAuth oauth_consumer_key=\"dk7q2m9x4c1v8b5n3z6a0s2d4f6g8h1j\","
           "oauth_token=\"tq9w8e7r6t5y4u3i2o1p0a9s8d7f6g5h\","
           "oauth_signature_method=\"" +
           method +
           "\","
           "oauth_timestamp=\"" +
           timestamp + "\",oauth_nonce=\"" + nonce +
           "\",oauth_version=\"1.0\",oauth_signature=\"" +
           RawUrlEncodeForTest(signature) + "\"";
  }
  static std::string RawUrlEncodeForTest(const std::string& s) {
    std::string out;
    for (char c : s) {
      if (c == '+')
        out += "%2B";
      else if (c == '/')
        out += "%2F";
      else if (c == '=')
        out += "%3D";
      else
        out += c;
    }
    return out;
  }
  Response Orders(const std::string& auth) {
    return Get("/rest/default/V1/orders", Query(), auth);
  }
};

TEST_F(OAuthTest, BaseStringAndSignatureMatchAnIndependentComputation) {
  std::map<std::string, std::string> params;
  for (const auto& [k, v] : Query()) params[k] = v;
  params["oauth_consumer_key"] = "dk7q2m9x4c1v8b5n3z6a0s2d4f6g8h1j";
  params["oauth_token"] = "tq9w8e7r6t5y4u3i2o1p0a9s8d7f6g5h";
  params["oauth_signature_method"] = "HMAC-SHA256";
  params["oauth_timestamp"] = "1795000000";
  params["oauth_nonce"] = "n0nce-1";
  params["oauth_version"] = "1.0";
  std::string base = OAuthBaseString(
      "GET", "http://127.0.0.1:8080/rest/default/V1/orders", params);
  EXPECT_EQ(base, kExpectedBase);
  EXPECT_EQ(OAuthSignature(base, "s3cr3tq2w4e6r8t0y1u3i5o7p9a2s4d6",
                           "ts1a2s3d4f5g6h7j8k9l0z1x2c3v4b5n"),
            kExpectedSignature);
}

TEST_F(OAuthTest, SignedRequestIsAcceptedAndNonceCannotBeReused) {
  Response r = Orders(Header(kExpectedSignature));
  ASSERT_EQ(r.status, 200) << r.body;
  // No condition_type means eq, and eq on a comma list matches nothing.
  EXPECT_EQ(Body(r)["total_count"], 0);
  Response replay = Orders(Header(kExpectedSignature));
  EXPECT_EQ(replay.status, 401);
  EXPECT_EQ(Body(replay)["message"],
            "The nonce is already being used by the consumer with ID %1");
  EXPECT_EQ(Body(replay)["parameters"][0], "1");
}

TEST_F(OAuthTest, WrongSignatureIsInvalid) {
  Response r = Orders(Header("AAAAKbejvwniOz9fYrzTIMgRKS1wjD0ovoVhpONhEIE="));
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(Body(r)["message"],
            "The signature is invalid. Verify and try again.");
  // The same signature on another query is also invalid: queries are signed.
  Request other = MakeRequest("GET", "/rest/default/V1/orders", Query(), "",
                              Header(kExpectedSignature, "n0nce-2"));
  other.query[2].second = "11";
  EXPECT_EQ(sim_->Handle(other).status, 401);
}

// Oauth::getSupportedSignatureMethods: HMAC-SHA1 and HMAC-SHA256. The
// SHA-1 signature was computed as above with hashlib.sha1 and nonce n3.
TEST_F(OAuthTest, HmacSha1IsAcceptedToo) {
  Response r =
      Orders(Header("V+ajKBV+8frk0n050s98u7zIBYo=", "n3", "HMAC-SHA1"));
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(OAuthTest, OtherSignatureMethodsAre400) {
  Response r = Orders(Header(kExpectedSignature, "n3", "PLAINTEXT"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Body(r)["message"], "Signature method %1 is not supported");
  EXPECT_EQ(Body(r)["parameters"][0], "PLAINTEXT");
}

// OauthInputException (400), not Oauth\Exception (401): Oauth.php
// _validateVersionParam and _validateProtocolParams.
TEST_F(OAuthTest, AnotherOAuthVersionIs400) {
  std::string header = Header(kExpectedSignature, "n5");
  header.replace(header.find("oauth_version=\"1.0\""), 19,
                 "oauth_version=\"2.0\"");
  Response r = Orders(header);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Body(r)["message"], "The \"%1\" Oauth version isn't supported.");
  EXPECT_EQ(Body(r)["parameters"][0], "2.0");
}

TEST_F(OAuthTest, ATokenOfTheWrongLengthIs400) {
  std::string header = Header(kExpectedSignature, "n6");
  header.replace(header.find("tq9w8e7r6t5y4u3i2o1p0a9s8d7f6g5h"), 32, "short");
  Response r = Orders(header);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Body(r)["message"],
            "The token length is invalid. Check the length and try again.");
}

TEST_F(OAuthTest, AConsumerKeyOfTheWrongLengthIs401) {
  std::string header = Header(kExpectedSignature, "n7");
  header.replace(header.find("dk7q2m9x4c1v8b5n3z6a0s2d4f6g8h1j"), 32, "short");
  Response r = Orders(header);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(Body(r)["message"], "Consumer key is not the correct length");
}

TEST_F(OAuthTest, TimestampFarInTheFutureIsRejected) {
  // The fake wall clock is 1795255200; 601 s ahead is too far.
  Response r =
      Orders(Header(kExpectedSignature, "n4", "HMAC-SHA256", "1795255801"));
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(Body(r)["message"], "An error occurred validating the nonce");
}

TEST_F(OAuthTest, UnknownConsumerAndUnknownToken) {
  std::string header = Header(kExpectedSignature, "n8");
  header.replace(header.find("dk7q2m9x4c1v8b5n3z6a0s2d4f6g8h1j"), 32,
                 std::string(32, 'k'));
  Response r = Orders(header);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(Body(r)["message"],
            "A consumer having the specified key does not exist");
  header = Header(kExpectedSignature, "n9");
  header.replace(header.find("tq9w8e7r6t5y4u3i2o1p0a9s8d7f6g5h"), 32,
                 std::string(32, 't'));
  r = Orders(header);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(Body(r)["message"], "Specified token does not exist");
}

TEST_F(OAuthTest, MissingParametersAreNamedTogether) {
  Request missing = MakeRequest("GET", "/rest/default/V1/orders", Query(), "",
                                "OAuth oauth_consumer_key=\"x\"");
  Response m = sim_->Handle(missing);
  EXPECT_EQ(m.status, 400);
  EXPECT_EQ(Body(m)["message"], "One or more input exceptions have occurred.");
  ASSERT_EQ(Body(m)["errors"].size(), 5u);
  EXPECT_EQ(Body(m)["errors"][4]["parameters"]["fieldName"], "oauth_token");
  Request one =
      MakeRequest("GET", "/rest/default/V1/orders", Query(), "",
                  "OAuth oauth_consumer_key=\"x\",oauth_signature=\"s\","
                  "oauth_signature_method=\"HMAC-SHA256\",oauth_nonce=\"n\","
                  "oauth_timestamp=\"1\"");
  Response o = sim_->Handle(one);
  EXPECT_EQ(o.status, 400);
  EXPECT_EQ(Body(o)["parameters"]["fieldName"], "oauth_token");
}

}  // namespace
}  // namespace m2drop::sim
