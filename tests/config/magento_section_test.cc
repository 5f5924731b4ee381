// SPDX-License-Identifier: Apache-2.0
// [magento]: URL, auth, secrets and limits, through the public loader.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "load_helpers.h"

namespace m2drop::config {
namespace {

using ::testing::HasSubstr;
using testing::LoadError;
using testing::LoadOk;
using ::testing::Not;

class MagentoSectionTest : public ::testing::Test {
 protected:
  // A [magento] table with a valid base_url and `rest` after it.
  static std::string Magento(std::string_view rest) {
    return "[magento]\nbase_url = \"https://shop.example.com\"\n" +
           std::string(rest);
  }
};

TEST_F(MagentoSectionTest, InlineSecretIsRefusedWithoutEchoingIt) {
  std::string message = LoadError(
      Magento("token = \"tok-VERY-SECRET\"\npassword = \"pw-VERY-SECRET\"\n"));
  EXPECT_THAT(message,
              HasSubstr("magento.token: secrets are not accepted inline"));
  EXPECT_THAT(message, HasSubstr("token_file (mode 0600)"));
  EXPECT_THAT(message, HasSubstr("token_env (line 3)"));
  EXPECT_THAT(message, HasSubstr("magento.password: secrets are not"));
  EXPECT_THAT(message, Not(HasSubstr("VERY-SECRET")));
  EXPECT_THAT(message, Not(HasSubstr("unknown key")));
}

TEST_F(MagentoSectionTest, TokenAuthNeedsAToken) {
  std::string message = LoadError(Magento("auth = \"token\"\n"));
  EXPECT_THAT(message, HasSubstr("magento.token_file: auth = \"token\" needs "
                                 "token_file or token_env (line 1)"));
}

// OAuth 1.0a works on every shop as it comes; a bearer integration token
// needs a shop setting since Magento 2.4.4, so it is not the default.
TEST_F(MagentoSectionTest, DefaultAuthIsOAuth1AndNeedsItsFourValues) {
  EXPECT_EQ(MagentoConfig().auth, AuthMethod::kOAuth1);
  std::string message = LoadError(Magento(""));
  for (const char* name : {"consumer_key", "consumer_secret", "access_token",
                           "access_token_secret"}) {
    EXPECT_THAT(message, HasSubstr(std::string("magento.") + name +
                                   "_file: auth = \"oauth1\" needs " + name +
                                   "_file or " + name + "_env"));
  }
}

// A configuration written for the old default (a token file, no auth line)
// is told the one line to add, not that four OAuth values are missing.
TEST_F(MagentoSectionTest, SecretsOfAnotherAuthWithoutAuthNameTheAuthLine) {
  std::string message =
      LoadError(Magento("token_file = \"/etc/m2drop/token\"\n"));
  EXPECT_THAT(message, HasSubstr("1 problem in"));
  EXPECT_THAT(message, HasSubstr("magento.auth: token_file is set but auth is "
                                 "not: add auth = \"token\" to use it"));
  EXPECT_THAT(message, Not(HasSubstr("consumer_key_file")));

  message = LoadError(Magento("username = \"m\"\npassword_env = \"PW\"\n"));
  EXPECT_THAT(message, HasSubstr("magento.auth: password_env is set but auth "
                                 "is not: add auth = \"admin\""));

  // With OAuth values too, the default is what was meant.
  Config config = LoadOk(
      Magento("token_env = \"T\"\n"
              "consumer_key_env = \"A\"\nconsumer_secret_env = \"B\"\n"
              "access_token_env = \"C\"\naccess_token_secret_env = \"D\"\n"));
  EXPECT_EQ(config.magento.auth, AuthMethod::kOAuth1);
}

// array_limit was overridden by a stock profile's batch_size, its only
// user; an old configuration that sets it is told what replaced it.
TEST_F(MagentoSectionTest, RetiredArrayLimitNamesItsReplacement) {
  std::string message = LoadError(
      Magento("auth = \"token\"\ntoken_env = \"T\"\narray_limit = 20\n"));
  EXPECT_THAT(message, HasSubstr("1 problem in"));
  EXPECT_THAT(message, HasSubstr("magento.array_limit: removed"));
  EXPECT_THAT(message, HasSubstr("set batch_size in the [[profile]] with "
                                 "kind = \"stock\""));
  EXPECT_THAT(message, HasSubstr("(line 5)"));
  EXPECT_THAT(message, Not(HasSubstr("unknown key")));
}

TEST_F(MagentoSectionTest, AdminAuthNeedsUsernameAndPassword) {
  std::string message = LoadError(Magento("auth = \"admin\"\n"));
  EXPECT_THAT(message, HasSubstr("magento.username: auth = \"admin\" needs "
                                 "username"));
  EXPECT_THAT(message, HasSubstr("magento.password_file: auth = \"admin\" "
                                 "needs password_file or password_env"));

  Config config = LoadOk(Magento(
      "auth = \"admin\"\nusername = \"m2drop\"\npassword_env = \"PW\"\n"));
  EXPECT_EQ(config.magento.auth, AuthMethod::kAdmin);
  EXPECT_EQ(config.magento.username, "m2drop");
  EXPECT_EQ(config.magento.password.key, "magento.password_env");
  EXPECT_EQ(config.magento.password.location, "PW");
  EXPECT_FALSE(config.magento.token.configured());
}

TEST_F(MagentoSectionTest, OAuth1NeedsAllFourCredentials) {
  std::string message = LoadError(
      Magento("auth = \"oauth1\"\nconsumer_key_file = \"/run/ck\"\n"));
  EXPECT_THAT(message, Not(HasSubstr("consumer_key_file: auth")));
  EXPECT_THAT(message, HasSubstr("magento.consumer_secret_file: auth = "
                                 "\"oauth1\" needs consumer_secret_file or "
                                 "consumer_secret_env"));
  EXPECT_THAT(message, HasSubstr("magento.access_token_file: auth"));
  EXPECT_THAT(message, HasSubstr("magento.access_token_secret_file: auth"));
}

TEST_F(MagentoSectionTest, FileAndEnvForOneSecretIsAnError) {
  std::string message =
      LoadError(Magento("auth = \"token\"\ntoken_file = \"/etc/m2drop/token\"\n"
                        "token_env = \"TOKEN\"\n"));
  EXPECT_THAT(message, HasSubstr("magento.token_env: set either token_file "
                                 "or token_env, not both (line 5)"));
  EXPECT_THAT(message, Not(HasSubstr("needs token_file")));
}

TEST_F(MagentoSectionTest, SecretLocationsAreChecked) {
  std::string message = LoadError(Magento("token_file = \"token.txt\"\n"));
  EXPECT_THAT(message, HasSubstr("magento.token_file: must be an absolute "
                                 "path"));
  message = LoadError(Magento("token_env = \"MY-TOKEN\"\n"));
  EXPECT_THAT(message, HasSubstr("magento.token_env: must be an environment "
                                 "variable name"));
}

TEST_F(MagentoSectionTest, BadAuthDoesNotAlsoReportMissingCredentials) {
  std::string message = LoadError(Magento("auth = \"bearer\"\n"));
  EXPECT_THAT(message, HasSubstr("magento.auth: expected one of \"token\", "
                                 "\"admin\", \"oauth1\", got \"bearer\" "
                                 "(line 3)"));
  EXPECT_THAT(message, HasSubstr("1 problem in"));
}

TEST_F(MagentoSectionTest, BaseUrlIsRequiredAndChecked) {
  std::string message = LoadError("[magento]\ntoken_env = \"T\"\n");
  EXPECT_THAT(message,
              HasSubstr("magento.base_url: required key is missing (line 1)"));

  message = LoadError(
      "[magento]\nbase_url = \"https://shop.example.com/rest/V1\"\n"
      "token_env = \"T\"\n");
  EXPECT_THAT(message, HasSubstr("magento.base_url: give the site root "
                                 "without /rest"));
  message = LoadError(
      "[magento]\nbase_url = \"shop.example.com\"\ntoken_env = \"T\"\n");
  EXPECT_THAT(message, HasSubstr("magento.base_url: must start with http://"));
}

TEST_F(MagentoSectionTest, TrailingSlashIsRemovedFromBaseUrl) {
  Config config = LoadOk(
      "[magento]\nbase_url = \"https://shop.example.com//\"\n"
      "auth = \"token\"\ntoken_env = \"T\"\n");
  EXPECT_EQ(config.magento.base_url, "https://shop.example.com");
}

TEST_F(MagentoSectionTest, EmptyStoreCodeIsAllowedButNotPunctuation) {
  Config config = LoadOk(
      Magento("auth = \"token\"\ntoken_env = \"T\"\nstore_code = \"\"\n"));
  EXPECT_EQ(config.magento.store_code, "");
  std::string message = LoadError(
      Magento("auth = \"token\"\ntoken_env = \"T\"\nstore_code = \"de/at\"\n"));
  EXPECT_THAT(message, HasSubstr("magento.store_code: a store code has only "
                                 "letters, digits and _"));
}

TEST_F(MagentoSectionTest, RangesAndTypesAreChecked) {
  std::string message = LoadError(
      Magento("auth = \"token\"\ntoken_env = \"T\"\nmax_in_flight = "
              "0\npage_size = 301\n"
              "rate_limit = -1\ntls_verify = \"yes\"\ntimeout = \"0\"\n"
              "ca_file = \"ca.pem\"\n"));
  EXPECT_THAT(message,
              HasSubstr("magento.max_in_flight: must be from 1 to 256, got 0"));
  EXPECT_THAT(message,
              HasSubstr("magento.page_size: must be from 1 to 300, got 301"));
  EXPECT_THAT(message, HasSubstr("magento.rate_limit: must be from 0 to "
                                 "100000, got -1"));
  EXPECT_THAT(message, HasSubstr("magento.tls_verify: expected true or false, "
                                 "got \"yes\""));
  EXPECT_THAT(message,
              HasSubstr("magento.timeout: must be more than 0, got \"0\""));
  EXPECT_THAT(message, HasSubstr("magento.ca_file: must be an absolute path"));
}

TEST_F(MagentoSectionTest, RateLimitAcceptsIntegersAndZero) {
  Config config =
      LoadOk(Magento("auth = \"token\"\ntoken_env = \"T\"\nrate_limit = 0\n"));
  EXPECT_DOUBLE_EQ(config.magento.rate_limit, 0.0);
}

TEST_F(MagentoSectionTest, UnknownKeySuggestsTheClosestKnownKey) {
  std::string message = LoadError(
      Magento("auth = \"token\"\ntoken_env = \"T\"\ntimout = \"5s\"\n"));
  EXPECT_THAT(message, HasSubstr("magento.timout: unknown key; did you mean "
                                 "\"timeout\"? (line 5)"));
}

// Issue 17: what one answer may cost in memory is bounded by a key.
TEST_F(MagentoSectionTest, MaxResponseSizeHasADefaultAndARange) {
  const std::string token =
      "auth = \"token\"\ntoken_file = \"/etc/m2drop/token\"\n";
  EXPECT_EQ(LoadOk(Magento(token)).magento.max_response_size,
            uint64_t{16} << 20);
  EXPECT_EQ(LoadOk(Magento(token + "max_response_size = \"64MiB\"\n"))
                .magento.max_response_size,
            uint64_t{64} << 20);
  EXPECT_THAT(LoadError(Magento(token + "max_response_size = \"1KiB\"\n")),
              HasSubstr("magento.max_response_size"));
  EXPECT_THAT(LoadError(Magento(token + "max_response_size = \"2GiB\"\n")),
              HasSubstr("magento.max_response_size"));
}

}  // namespace
}  // namespace m2drop::config
