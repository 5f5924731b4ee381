// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/crypto.h"

#include <gtest/gtest.h>

#include <set>

#include "testing/status_matchers.h"

namespace m2drop::magento {
namespace {

TEST(HmacSha256Test, MatchesAnIndependentComputation) {
  // python3 -c 'import hmac,hashlib,base64; print(base64.b64encode(hmac.new(
  //   b"key", b"The quick brown fox jumps over the lazy dog",
  //   hashlib.sha256).digest()).decode())'
  EXPECT_EQ(Base64Encode(HmacSha256(
                "key", "The quick brown fox jumps over the lazy dog")),
            "97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=");
}

TEST(Base64EncodeTest, PadsToWholeQuads) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("a"), "YQ==");
  EXPECT_EQ(Base64Encode("ab"), "YWI=");
  EXPECT_EQ(Base64Encode("abc"), "YWJj");
}

TEST(Base64UrlDecodeTest, DecodesWithOrWithoutPadding) {
  // python3 -c 'import base64; print(base64.urlsafe_b64encode(
  //   b"{\"exp\":1700003600,\"iat\":1700000000}\xff\xfe").decode())'
  std::string expected = "{\"exp\":1700003600,\"iat\":1700000000}\xff\xfe";
  EXPECT_EQ(
      Base64UrlDecode("eyJleHAiOjE3MDAwMDM2MDAsImlhdCI6MTcwMDAwMDAwMH3__g=="),
      expected);
  EXPECT_EQ(
      Base64UrlDecode("eyJleHAiOjE3MDAwMDM2MDAsImlhdCI6MTcwMDAwMDAwMH3__g"),
      expected);
  EXPECT_EQ(Base64UrlDecode("YWJj"), "abc");
}

TEST(Base64UrlDecodeTest, RefusesCharactersOutsideTheAlphabet) {
  EXPECT_EQ(Base64UrlDecode("YW+j"), std::nullopt);
  EXPECT_EQ(Base64UrlDecode("YW.j"), std::nullopt);
  EXPECT_EQ(Base64UrlDecode("YWJjZ"), std::nullopt);  // impossible length
}

TEST(RandomHexTest, GivesFreshLowerCaseHex) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    auto hex = RandomHex(16);
    ASSERT_OK(hex);
    ASSERT_EQ(hex->size(), 32u);
    EXPECT_EQ(hex->find_first_not_of("0123456789abcdef"), std::string::npos);
    seen.insert(*hex);
  }
  EXPECT_EQ(seen.size(), 100u);
}

}  // namespace
}  // namespace m2drop::magento
