// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the config/ tests: load TOML text and get the Config or
// the error message.
#ifndef M2DROP_TESTS_CONFIG_LOAD_HELPERS_H_
#define M2DROP_TESTS_CONFIG_LOAD_HELPERS_H_

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "m2drop/config/loader.h"

namespace m2drop::config::testing {

// A valid [magento] table (4 lines) to prefix texts that need one.
inline constexpr std::string_view kMagentoTable =
    "[magento]\n"
    "base_url = \"https://shop.example.com\"\n"
    "auth = \"token\"\n"
    "token_file = \"/etc/m2drop/token\"\n";

// The message of the kInvalidInput status that loading `text` gives; adds a
// test failure when it loads or fails with another code.
inline std::string LoadError(std::string_view text) {
  Result<Config> config = LoadString(text, "test.toml");
  EXPECT_FALSE(config.ok()) << "loaded, but an error was expected:\n" << text;
  if (config.ok()) return "";
  EXPECT_EQ(config.status().code(), StatusCode::kInvalidInput);
  return config.status().message();
}

// The Config that loading `text` gives; adds a test failure (and returns a
// default Config) when it does not load.
inline Config LoadOk(std::string_view text) {
  Result<Config> config = LoadString(text, "test.toml");
  EXPECT_TRUE(config.ok()) << config.status();
  return config.ok() ? *config : Config();
}

}  // namespace m2drop::config::testing

#endif  // M2DROP_TESTS_CONFIG_LOAD_HELPERS_H_
