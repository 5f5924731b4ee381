// SPDX-License-Identifier: Apache-2.0
// The start condition of the systemd unit: an unedited example
// configuration is recognised by its shop's reserved example domain.
#include "m2drop/app/commands/check_config_command.h"

#include <gtest/gtest.h>

#include <sstream>

#include "m2drop/config/loader.h"
#include "testing/temp_dir.h"

namespace m2drop::app {
namespace {

config::Config WithBaseUrl(const std::string& url) {
  config::Config config;
  config.has_magento = true;
  config.magento.base_url = url;
  return config;
}

TEST(ExampleShopHostTest, ReservedExampleDomainsAreExamples) {
  for (const char* url :
       {"https://shop.example.com", "https://example.com", "http://example.org",
        "https://a.b.example.net:8443/shop", "https://magento.example"}) {
    EXPECT_TRUE(ExampleShopHost(WithBaseUrl(url)).has_value()) << url;
  }
  EXPECT_EQ(ExampleShopHost(WithBaseUrl("https://shop.example.com")),
            "shop.example.com");
}

TEST(ExampleShopHostTest, RealShopsAndNoMagentoAreNot) {
  for (const char* url : {"https://shop.mycompany.de", "https://myexample.com",
                          "https://example.com.mycompany.de",
                          "http://127.0.0.1:8080", "https://examples.org"}) {
    EXPECT_FALSE(ExampleShopHost(WithBaseUrl(url)).has_value()) << url;
  }
  EXPECT_FALSE(ExampleShopHost(config::Config()).has_value());
}

TEST(StartConditionTest, TheShippedExampleIsRefusedWithWhatToDo) {
  std::ostringstream err;
  CheckConfigOptions options{
      .config_path = std::string(M2DROP_SOURCE_DIR) + "/config.example.toml",
      .start_condition = true};
  EXPECT_EQ(RunStartCondition(options, err), 1);
  EXPECT_NE(err.str().find("still the example configuration"),
            std::string::npos)
      << err.str();
  EXPECT_NE(err.str().find("runuser -u m2drop -- m2drop check-config"),
            std::string::npos)
      << err.str();
}

TEST(StartConditionTest, AnEditedOrUnloadableConfigurationPasses) {
  testing::ScopedTempDir dir;
  std::ostringstream err;
  CheckConfigOptions options{
      .config_path = dir.WriteFile(
          "c.toml",
          "[magento]\nbase_url = \"https://shop.mycompany.de\"\n"
          "auth = \"token\"\ntoken_file = \"/etc/m2drop/token\"\n"),
      .start_condition = true};
  EXPECT_EQ(RunStartCondition(options, err), 0);
  options.config_path = dir.WriteFile("bad.toml", "[magento\n");
  EXPECT_EQ(RunStartCondition(options, err), 0);
  options.config_path = dir.Join("absent.toml");
  EXPECT_EQ(RunStartCondition(options, err), 0);
  EXPECT_EQ(err.str(), "");
}

}  // namespace
}  // namespace m2drop::app
