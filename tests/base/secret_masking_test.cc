// SPDX-License-Identifier: Apache-2.0
#include "m2drop/base/secret_masking.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace m2drop {
namespace {

std::string Mask(const std::string& text,
                 const std::vector<std::string>& secrets = {}) {
  return MaskSecrets(text, secrets);
}

TEST(SecretMaskingTest, ConfiguredSecretsAreMaskedWhereverTheyAppear) {
  EXPECT_EQ(
      Mask(R"(url https://x/?q=abcd1234efgh&y=1 body {"k":"abcd1234efgh"})",
           {"abcd1234efgh"}),
      R"(url https://x/?q=****&y=1 body {"k":"****"})");
}

TEST(SecretMaskingTest, LongerSecretIsMaskedWholeBeforeAShorterOneInIt) {
  EXPECT_EQ(Mask("a secretsecret2 b", {"secret", "secretsecret2"}), "a **** b");
}

TEST(SecretMaskingTest, ShortSecretsAreNotMaskedEverywhere) {
  EXPECT_EQ(Mask("the cat sat", {"at"}), "the cat sat");
}

TEST(SecretMaskingTest, WellKnownShapesAreMaskedWithoutBeingConfigured) {
  EXPECT_EQ(Mask("Authorization: Bearer eyJhbGciOi.x.y"),
            "Authorization: **** ****");
  EXPECT_EQ(
      Mask(
          R"(OAuth oauth_consumer_key="ck123", oauth_token="tok456", oauth_signature="c2ln")"),
      R"(OAuth oauth_consumer_key="****", oauth_token="****", oauth_signature="****")");
  EXPECT_EQ(Mask("POST /login?username=admin&password=hunter22&x=1"),
            "POST /login?username=admin&password=****&x=1");
  EXPECT_EQ(Mask(R"({"username":"admin", "password": "hunter22"})"),
            R"({"username":"admin", "password": "****"})");
  EXPECT_EQ(Mask("GET /x?TOKEN=abc&access_token=def"),
            "GET /x?TOKEN=****&access_token=****");
}

// A hostile answer may repeat a shape a million times: masking stays one
// pass per key (it used to lower-case the whole text again per match).
TEST(SecretMaskingTest, ManyOccurrencesAreMaskedInOnePass) {
  std::string text, expected;
  for (int i = 0; i < 200000; ++i) {
    text += "token=abc secretvalue1 ";
    expected += "token=**** **** ";
  }
  EXPECT_EQ(Mask(text, {"secretvalue1"}), expected);
}

// A huge text is masked only where it is kept: its start. A secret the
// window cuts in two is dropped with the window's end, never shown in part.
TEST(SecretMaskingTest, MaskAndShortenKeepsTheStartWithoutAPartialSecret) {
  const std::vector<std::string> secrets = {"SECRET-0123456789"};
  for (size_t at = 4096 - 17; at <= 4096; ++at) {
    const std::string text =
        std::string(at, 'x') + secrets[0] + std::string(1 << 20, 'y');
    const std::string shown = MaskAndShorten(text, secrets, 1024);
    EXPECT_EQ(shown.find("SECRET"), std::string::npos) << at;
    EXPECT_NE(
        shown.find("(cut; " + std::to_string(text.size()) + " bytes in all)"),
        std::string::npos);
    const std::string prefix = MaskPrefix(text, secrets, 4096);
    EXPECT_EQ(prefix.find("SECRET"), std::string::npos) << at;
    EXPECT_EQ(prefix.find("S"), std::string::npos) << at;
  }
  EXPECT_EQ(MaskAndShorten("token=abc", {}, 1024), "token=****");
}

TEST(SecretMaskingTest, PlainMessagesAreUntouched) {
  const std::string line =
      "file=drop.csv profile=3pl state=processed rows=4 applied=4";
  EXPECT_EQ(Mask(line, {"hunter22"}), line);
}

}  // namespace
}  // namespace m2drop
