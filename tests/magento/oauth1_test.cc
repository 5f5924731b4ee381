// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/oauth1.h"

#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace m2drop::magento {
namespace {

// The expected values below were computed independently of this code with
// Python's standard library (/tmp/oauth_examples.py while writing the test):
//
//   import hmac, hashlib, base64, urllib.parse
//   enc = lambda s: urllib.parse.quote(s, safe='')
//   def sig(method, base_uri, params, cs, ts):
//       p = '&'.join(enc(k) + '=' + enc(v) for k, v in sorted(params.items()))
//       base = method + '&' + enc(base_uri) + '&' + enc(p)
//       key = enc(cs) + '&' + enc(ts)
//       return base, base64.b64encode(hmac.new(key.encode(), base.encode(),
//                                              hashlib.sha256).digest())
//
// with the oauth_* parameters of kCredentials, kNonce and kTimestamp.

constexpr char kNonce[] = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
constexpr int64_t kTimestamp = 1795255200;

OAuth1Credentials Credentials(std::string consumer_secret,
                              std::string token_secret) {
  return {.consumer_key = "ck0123456789abcdef0123456789abcd",
          .consumer_secret = std::move(consumer_secret),
          .access_token = "at0123456789abcdef0123456789abcd",
          .access_token_secret = std::move(token_secret)};
}

const QueryParams kSearchQuery = {
    {"searchCriteria[filter_groups][0][filters][0][field]", "increment_id"},
    {"searchCriteria[filter_groups][0][filters][0][value]",
     "000000123,000000124"},
    {"searchCriteria[filter_groups][0][filters][0][condition_type]", "in"},
    {"searchCriteria[pageSize]", "100"}};

TEST(OAuth1BaseUriTest, LowerCasesAndDropsDefaultPortsAndQuery) {
  EXPECT_EQ(*OAuth1BaseUri("HTTPS://Shop.Example.com:443/rest/V1/orders?x=1"),
            "https://shop.example.com/rest/V1/orders");
  EXPECT_EQ(*OAuth1BaseUri("http://shop:80/rest/V1/orders"),
            "http://shop/rest/V1/orders");
  EXPECT_EQ(*OAuth1BaseUri("http://127.0.0.1:8080/rest/V1/x"),
            "http://127.0.0.1:8080/rest/V1/x");
  EXPECT_EQ(*OAuth1BaseUri("https://shop:80/a"), "https://shop:80/a");
  EXPECT_EQ(OAuth1BaseUri("shop/rest").status().code(),
            StatusCode::kInvalidInput);
}

TEST(OAuth1SignatureTest, SignsBracketedQueryKeysUnderTheirFlatNames) {
  QueryParams params = {
      {"oauth_consumer_key", "ck0123456789abcdef0123456789abcd"},
      {"oauth_nonce", kNonce},
      {"oauth_signature_method", "HMAC-SHA256"},
      {"oauth_timestamp", "1795255200"},
      {"oauth_token", "at0123456789abcdef0123456789abcd"},
      {"oauth_version", "1.0"}};
  params.insert(params.end(), kSearchQuery.begin(), kSearchQuery.end());
  std::string base = OAuth1SignatureBaseString(
      "GET", "https://shop.example.com/rest/default/V1/orders", params);
  EXPECT_EQ(
      base,
      "GET&https%3A%2F%2Fshop.example.com%2Frest%2Fdefault%2FV1%2Forders&"
      "oauth_consumer_key%3Dck0123456789abcdef0123456789abcd%26oauth_nonce%3D"
      "0f1e2d3c4b5a69788796a5b4c3d2e1f0%26oauth_signature_method%3DHMAC-"
      "SHA256%26oauth_timestamp%3D1795255200%26oauth_token%3Dat0123456789abcd"
      "ef0123456789abcd%26oauth_version%3D1.0%26searchCriteria%255Bfilter_gro"
      "ups%255D%255B0%255D%255Bfilters%255D%255B0%255D%255Bcondition_type%255"
      "D%3Din%26searchCriteria%255Bfilter_groups%255D%255B0%255D%255Bfilters%"
      "255D%255B0%255D%255Bfield%255D%3Dincrement_id%26searchCriteria%255Bfil"
      "ter_groups%255D%255B0%255D%255Bfilters%255D%255B0%255D%255Bvalue%255D%"
      "3D000000123%252C000000124%26searchCriteria%255BpageSize%255D%3D100");
  EXPECT_EQ(OAuth1Signature("cs secret/with+chars", "ts&secret", base),
            "iI0WvNtmVYwW0mG+1qDoZkwazeDquubf0dIiytNpMYY=");
}

TEST(OAuth1AuthorizationHeaderTest, MatchesWorkedExampleWithSearchCriteria) {
  auto header = OAuth1AuthorizationHeader(
      Credentials("cs secret/with+chars", "ts&secret"), "GET",
      "https://shop.example.com/rest/default/V1/orders", kSearchQuery, kNonce,
      kTimestamp);
  ASSERT_OK(header);
  EXPECT_EQ(
      *header,
      "OAuth oauth_consumer_key=\"ck0123456789abcdef0123456789abcd\","
      "oauth_nonce=\"0f1e2d3c4b5a69788796a5b4c3d2e1f0\","
      "oauth_signature=\"iI0WvNtmVYwW0mG%2B1qDoZkwazeDquubf0dIiytNpMYY%3D\","
      "oauth_signature_method=\"HMAC-SHA256\","
      "oauth_timestamp=\"1795255200\","
      "oauth_token=\"at0123456789abcdef0123456789abcd\","
      "oauth_version=\"1.0\"");
}

TEST(OAuth1AuthorizationHeaderTest, ExplicitDefaultPortSignsTheSame) {
  auto header = OAuth1AuthorizationHeader(
      Credentials("cs secret/with+chars", "ts&secret"), "GET",
      "https://SHOP.example.com:443/rest/default/V1/orders", kSearchQuery,
      kNonce, kTimestamp);
  ASSERT_OK(header);
  EXPECT_NE(header->find("iI0WvNtmVYwW0mG%2B1qDoZkwazeDquubf0dIiytNpMYY%3D"),
            std::string::npos);
}

TEST(OAuth1AuthorizationHeaderTest, MatchesWorkedExampleOnNonDefaultPort) {
  // A POST whose query holds spaces and commas; the JSON body is not signed.
  auto header = OAuth1AuthorizationHeader(
      Credentials("cs", "ts"), "POST",
      "http://127.0.0.1:8080/rest/V1/shipment/track",
      {{"fields", "items[entity_id,increment_id], total_count"},
       {"note", "a b"}},
      kNonce, kTimestamp);
  ASSERT_OK(header);
  EXPECT_NE(header->find("oauth_signature=\"veuX9hcPLzKEi8izBR9ruDQs30JcIX0lNM"
                         "UhmMLLcUk%3D\""),
            std::string::npos)
      << *header;
}

TEST(OAuth1AuthorizationHeaderTest, NeverContainsTheSecrets) {
  auto header = OAuth1AuthorizationHeader(
      Credentials("CONSUMER-SECRET-XYZ", "TOKEN-SECRET-XYZ"), "GET",
      "https://shop/rest/V1/orders", {}, kNonce, kTimestamp);
  ASSERT_OK(header);
  EXPECT_EQ(header->find("CONSUMER-SECRET"), std::string::npos);
  EXPECT_EQ(header->find("TOKEN-SECRET"), std::string::npos);
}

TEST(OAuth1AuthorizationHeaderTest, RefusesARelativeUrl) {
  EXPECT_EQ(OAuth1AuthorizationHeader(Credentials("a", "b"), "GET",
                                      "/rest/V1/orders", {}, kNonce, kTimestamp)
                .status()
                .code(),
            StatusCode::kInvalidInput);
}

}  // namespace
}  // namespace m2drop::magento
