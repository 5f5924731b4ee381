// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/magento_connection.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "fakes/fake_http_transport.h"
#include "m2drop/base/fake_clock.h"
#include "m2drop/config/loader.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::app {
namespace {

using magento::FakeHttpTransport;

// Distinct values that no test secret shares with any other text.
constexpr char kConsumerKey[] = "ck-value-aaaaaaaaaaaaaaaaaaaaaaaa";
constexpr char kConsumerSecret[] = "cs-value-bbbbbbbbbbbbbbbbbbbbbbbb";
constexpr char kAccessToken[] = "at-value-cccccccccccccccccccccccc";

class MagentoConnectionTest : public ::testing::Test {
 protected:
  config::Config Load(const std::string& toml) {
    Result<config::Config> config = config::LoadString(toml, "<test>");
    EXPECT_TRUE(config.ok()) << config.status();
    return config.ok() ? std::move(config).value() : config::Config{};
  }

  // [magento] for `auth` with the lines in `credentials`.
  static std::string MagentoToml(const std::string& auth,
                                 const std::string& credentials) {
    return "[magento]\nbase_url = \"https://shop.example.com\"\nauth = \"" +
           auth + "\"\n" + credentials;
  }

  std::string SecretFile(const std::string& name, const std::string& value) {
    return "\"" + dir_.WriteFile(name, value + "\n") + "\"";
  }

  // CreateWithTransport over a fake that fails any request it gets.
  Result<std::unique_ptr<MagentoConnection>> Create(
      const config::Config& config) {
    auto transport = std::make_unique<FakeHttpTransport>();
    transport_ = transport.get();
    return MagentoConnection::CreateWithTransport(config, clock_,
                                                  std::move(transport));
  }

  testing::ScopedTempDir dir_;
  FakeClock clock_;
  FakeHttpTransport* transport_ = nullptr;  // owned by the connection
};

TEST_F(MagentoConnectionTest, MissingMagentoTableIsInvalidInput) {
  config::Config config = Load("[daemon]\nworkers = 2\n");
  ASSERT_FALSE(config.has_magento);

  auto connection = Create(config);

  ASSERT_EQ(connection.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(connection.status().message().find("no [magento] table"),
            std::string::npos)
      << connection.status();
  auto real = MagentoConnection::Create(config, clock_);
  EXPECT_EQ(real.status().code(), StatusCode::kInvalidInput);
}

TEST_F(MagentoConnectionTest, MissingTokenFileNamesTheKeyAndThePath) {
  const std::string missing = dir_.Join("no-such-token");
  config::Config config =
      Load(MagentoToml("token", "token_file = \"" + missing + "\"\n"));

  auto connection = Create(config);

  ASSERT_EQ(connection.status().code(), StatusCode::kNotFound)
      << connection.status();
  EXPECT_NE(connection.status().message().find("magento.token_file"),
            std::string::npos)
      << connection.status();
  EXPECT_NE(connection.status().message().find(missing), std::string::npos)
      << connection.status();
}

TEST_F(MagentoConnectionTest, MissingOAuthSecretNamesItsKeyAndNoSecret) {
  config::Config config = Load(MagentoToml(
      "oauth1",
      "consumer_key_file = " + SecretFile("ck", kConsumerKey) +
          "\nconsumer_secret_file = " + SecretFile("cs", kConsumerSecret) +
          "\naccess_token_file = " + SecretFile("at", kAccessToken) +
          "\naccess_token_secret_file = \"" + dir_.Join("absent") + "\"\n"));

  auto connection = Create(config);

  ASSERT_FALSE(connection.ok());
  const std::string message = connection.status().message();
  EXPECT_NE(message.find("magento.access_token_secret_file"), std::string::npos)
      << message;
  for (const char* secret : {kConsumerKey, kConsumerSecret, kAccessToken}) {
    EXPECT_EQ(message.find(secret), std::string::npos) << message;
  }
}

TEST_F(MagentoConnectionTest, UnsetPasswordVariableNamesTheKey) {
  config::Config config = Load(MagentoToml(
      "admin",
      "username = \"importer\"\npassword_env = \"M2DROP_TEST_UNSET_PW\"\n"));
  unsetenv("M2DROP_TEST_UNSET_PW");

  auto connection = Create(config);

  ASSERT_EQ(connection.status().code(), StatusCode::kNotFound);
  const std::string message = connection.status().message();
  EXPECT_NE(message.find("magento.password_env"), std::string::npos) << message;
  EXPECT_NE(message.find("M2DROP_TEST_UNSET_PW"), std::string::npos) << message;
}

TEST_F(MagentoConnectionTest, BuildsTheAuthenticatorTheConfigNames) {
  const std::pair<std::string, std::string> cases[] = {
      {"token", "token_file = " + SecretFile("t", "tok")},
      {"admin",
       "username = \"importer\"\npassword_file = " + SecretFile("p", "pw")},
      {"oauth1",
       "consumer_key_file = " + SecretFile("ck", kConsumerKey) +
           "\nconsumer_secret_file = " + SecretFile("cs", kConsumerSecret) +
           "\naccess_token_file = " + SecretFile("at", kAccessToken) +
           "\naccess_token_secret_file = " + SecretFile("ats", "ats-value")}};
  for (const auto& [auth, credentials] : cases) {
    SCOPED_TRACE(auth);
    auto connection = Create(Load(MagentoToml(auth, credentials + "\n")));
    ASSERT_OK(connection);
    EXPECT_EQ((*connection)->auth().kind(), auth);
    EXPECT_EQ(transport_->request_count(), 0u) << "Create sends nothing";
  }
}

TEST_F(MagentoConnectionTest, ClientTakesPageSizeFromConfig) {
  config::Config config =
      Load(MagentoToml("token", "token_file = " + SecretFile("t", "tok") +
                                    "\npage_size = 37\n"));

  auto connection = Create(config);

  ASSERT_OK(connection);
  EXPECT_EQ((*connection)->client().page_size(), 37);
}

TEST(RestCallerOptionsForTest, MapsEveryField) {
  config::Config config;
  config.has_magento = true;
  config.magento.base_url = "https://shop.example.com";
  config.magento.store_code = "de";
  config.magento.max_in_flight = 3;
  config.magento.rate_limit = 7.5;
  config.retry.max_attempts = 9;
  config.retry.initial_backoff = milliseconds(123);
  config.retry.max_backoff = milliseconds(4567);
  config.retry.give_up_after = milliseconds(89'000);
  config.retry.breaker_failures = 11;
  config.retry.breaker_cooldown = milliseconds(12'345);

  magento::RestCallerOptions o = RestCallerOptionsFor(config);

  EXPECT_EQ(o.base_url, "https://shop.example.com");
  EXPECT_EQ(o.store_code, "de");
  EXPECT_EQ(o.max_in_flight, 3);
  EXPECT_DOUBLE_EQ(o.rate_limit, 7.5);
  EXPECT_EQ(o.retry.max_attempts, 9);
  EXPECT_EQ(o.retry.initial_backoff, milliseconds(123));
  EXPECT_EQ(o.retry.max_backoff, milliseconds(4567));
  EXPECT_EQ(o.retry.give_up_after, milliseconds(89'000));
  EXPECT_EQ(o.breaker.failure_threshold, 11);
  EXPECT_EQ(o.breaker.cooldown, milliseconds(12'345));
}

TEST(RestCallerOptionsForTest, EmptyStoreCodeStaysEmpty) {
  config::Config config;
  config.magento.store_code = "";
  EXPECT_EQ(RestCallerOptionsFor(config).store_code, "");
}

}  // namespace
}  // namespace m2drop::app
