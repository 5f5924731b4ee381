// SPDX-License-Identifier: Apache-2.0
#include "m2drop/config/warnings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>

#include "m2drop/config/loader.h"
#include "testing/temp_dir.h"

namespace m2drop::config {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class ConfigWarningsTest : public ::testing::Test {
 protected:
  std::vector<std::string> WarningsFor(const std::string& base_url,
                                       const std::string& webhook = "",
                                       mode_t token_mode = 0600) {
    const std::string token = dir_.WriteFile("token", "tok\n");
    EXPECT_EQ(chmod(token.c_str(), token_mode), 0);
    Result<Config> config =
        LoadString("[magento]\nbase_url = \"" + base_url +
                       "\"\nauth = \"token\"\ntoken_file = \"" + token +
                       "\"\n[daemon]\nalert_webhook = \"" + webhook + "\"\n",
                   "test.toml");
    EXPECT_TRUE(config.ok()) << config.status();
    return config.ok() ? ConfigWarnings(*config) : std::vector<std::string>{};
  }

  testing::ScopedTempDir dir_;
};

TEST_F(ConfigWarningsTest, NoneForHttpsAndLoopback) {
  EXPECT_THAT(WarningsFor("https://shop.example.com"), IsEmpty());
  EXPECT_THAT(WarningsFor("http://127.0.0.1:8080", "http://[::1]:9/hook"),
              IsEmpty());
  EXPECT_THAT(WarningsFor("http://localhost/"), IsEmpty());
}

// Issue 17: http:// to another machine sends the credentials in clear, and
// nothing said so.
TEST_F(ConfigWarningsTest, PlainHttpToAnotherHostIsWarnedAbout) {
  EXPECT_THAT(
      WarningsFor("http://shop.example.com", "http://127.evil/hook?token=x"),
      ElementsAre(HasSubstr("magento.base_url uses http:// to "
                            "shop.example.com: the Magento credentials"),
                  HasSubstr("daemon.alert_webhook uses http:// to 127.evil")));
}

TEST_F(ConfigWarningsTest, AnUnprotectedSecretFileIsWarnedAbout) {
  EXPECT_THAT(WarningsFor("https://shop.example.com", "", 0644),
              ElementsAre(HasSubstr("magento.token_file: the secret file")));
}

}  // namespace
}  // namespace m2drop::config
