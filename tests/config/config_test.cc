// SPDX-License-Identifier: Apache-2.0
#include "m2drop/config/config.h"

#include <gtest/gtest.h>

namespace m2drop::config {
namespace {

using std::chrono::milliseconds;

class ConfigTest : public ::testing::Test {};

TEST_F(ConfigTest, DefaultsAreTheDocumentedOnes) {
  Config config;
  EXPECT_FALSE(config.has_magento);
  EXPECT_EQ(config.magento.store_code, "default");
  EXPECT_EQ(config.magento.auth, AuthMethod::kOAuth1);
  EXPECT_EQ(config.magento.timeout, milliseconds(30'000));
  EXPECT_EQ(config.magento.connect_timeout, milliseconds(10'000));
  EXPECT_TRUE(config.magento.tls_verify);
  EXPECT_EQ(config.magento.max_in_flight, 8);
  EXPECT_DOUBLE_EQ(config.magento.rate_limit, 20.0);
  EXPECT_EQ(config.magento.page_size, 100);
  EXPECT_EQ(config.magento.admin_token_ttl, milliseconds(50 * 60'000));
  EXPECT_EQ(config.retry.max_attempts, 6);
  EXPECT_EQ(config.retry.initial_backoff, milliseconds(500));
  EXPECT_EQ(config.retry.max_backoff, milliseconds(30'000));
  EXPECT_EQ(config.retry.give_up_after, milliseconds(600'000));
  EXPECT_EQ(config.retry.breaker_failures, 5);
  EXPECT_EQ(config.daemon.state_dir, "/var/lib/m2drop");
  EXPECT_EQ(config.daemon.workers, 4);
  EXPECT_EQ(config.daemon.settle, milliseconds(2'000));
  EXPECT_EQ(config.daemon.rescan_interval, milliseconds(300'000));
  EXPECT_EQ(config.daemon.metrics_listen, "127.0.0.1:9464");
  EXPECT_EQ(config.daemon.log_level, LogLevel::kInfo);
  EXPECT_EQ(config.daemon.on_duplicate, OnDuplicate::kSkip);
  EXPECT_EQ(config.limits.max_file_size, uint64_t{1} << 30);
  EXPECT_EQ(config.limits.max_line_length, uint64_t{1} << 20);
  EXPECT_EQ(config.limits.max_fields, 1000);
  EXPECT_EQ(config.limits.max_errors_reported, 1000);
  EXPECT_TRUE(config.profiles.empty());
}

TEST_F(ConfigTest, ProfileDefaultsAreTheDocumentedOnes) {
  Profile p;
  EXPECT_EQ(p.patterns, std::vector<std::string>{"*.csv"});
  EXPECT_EQ(p.delimiter, '\0');
  EXPECT_EQ(p.encoding, Encoding::kAuto);
  EXPECT_EQ(p.watch, WatchMode::kAuto);
  EXPECT_EQ(p.min_age, milliseconds(0));
  EXPECT_EQ(p.expect_file_every, milliseconds(0));
  EXPECT_TRUE(p.tracking.notify_customer);
  EXPECT_TRUE(p.tracking.ship_remaining);
  EXPECT_EQ(p.tracking.order_number_width, 0);
  EXPECT_EQ(p.stock.default_source, "default");
  EXPECT_EQ(p.stock.stock_api, StockApi::kMsi);
  EXPECT_EQ(p.stock.batch_size, 100);
  EXPECT_TRUE(p.stock.check_skus);
  EXPECT_FALSE(p.stock.allow_negative);
}

TEST_F(ConfigTest, FindProfileByExactName) {
  Config config;
  config.profiles.resize(2);
  config.profiles[0].name = "a";
  config.profiles[1].name = "b";
  EXPECT_EQ(FindProfile(config, "b"), &config.profiles[1]);
  EXPECT_EQ(FindProfile(config, "B"), nullptr);
  EXPECT_EQ(FindProfile(config, ""), nullptr);
}

TEST_F(ConfigTest, EnumNamesAreTheTomlSpellings) {
  EXPECT_EQ(AuthMethodName(AuthMethod::kOAuth1), "oauth1");
  EXPECT_EQ(LogFormatName(LogFormat::kJson), "json");
  EXPECT_EQ(LogLevelName(LogLevel::kWarn), "warn");
  EXPECT_EQ(OnDuplicateName(OnDuplicate::kReprocess), "reprocess");
  EXPECT_EQ(EncodingName(Encoding::kWindows1252), "windows-1252");
  EXPECT_EQ(WatchModeName(WatchMode::kPoll), "poll");
  EXPECT_EQ(StockApiName(StockApi::kLegacy), "legacy");
  for (LogLevel level : {LogLevel::kTrace, LogLevel::kDebug, LogLevel::kInfo,
                         LogLevel::kWarn, LogLevel::kError}) {
    EXPECT_NE(LogLevelName(level), "?");
  }
}

}  // namespace
}  // namespace m2drop::config
