// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/log_masking.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace m2drop::app {
namespace {

std::string Mask(const std::string& text,
                 const std::vector<std::string>& secrets = {}) {
  return MaskSecrets(text, secrets);
}

TEST(LogMaskingTest, ConfiguredSecretsAreMaskedWhereverTheyAppear) {
  EXPECT_EQ(
      Mask(R"(url https://x/?q=abcd1234efgh&y=1 body {"k":"abcd1234efgh"})",
           {"abcd1234efgh"}),
      R"(url https://x/?q=****&y=1 body {"k":"****"})");
}

TEST(LogMaskingTest, LongerSecretIsMaskedWholeBeforeAShorterOneInIt) {
  EXPECT_EQ(Mask("a secretsecret2 b", {"secret", "secretsecret2"}), "a **** b");
}

TEST(LogMaskingTest, ShortSecretsAreNotMaskedEverywhere) {
  EXPECT_EQ(Mask("the cat sat", {"at"}), "the cat sat");
}

TEST(LogMaskingTest, WellKnownShapesAreMaskedWithoutBeingConfigured) {
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

TEST(LogMaskingTest, PlainMessagesAreUntouched) {
  const std::string line =
      "file=drop.csv profile=3pl state=processed rows=4 applied=4";
  EXPECT_EQ(Mask(line, {"hunter22"}), line);
}

}  // namespace
}  // namespace m2drop::app
