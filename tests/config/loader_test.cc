// SPDX-License-Identifier: Apache-2.0
#include "m2drop/config/loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include "load_helpers.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::config {
namespace {

using std::chrono::milliseconds;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::kMagentoTable;
using testing::LoadError;
using testing::LoadOk;
using ::testing::Pair;
using ::testing::StartsWith;

class LoaderTest : public ::testing::Test {
 protected:
  void TearDown() override { unsetenv("M2DROP_CONFIG"); }
};

TEST_F(LoaderTest, EmptyTextIsAValidConfigWithDefaults) {
  Config config = LoadOk("");
  EXPECT_FALSE(config.has_magento);
  EXPECT_TRUE(config.profiles.empty());
  EXPECT_EQ(config.daemon.workers, 4);
  EXPECT_EQ(config.source, "test.toml");
}

TEST_F(LoaderTest, MinimalConfigFillsInDefaults) {
  Config config = LoadOk(std::string(kMagentoTable) + R"(
[[profile]]
name = "t"
kind = "tracking"
inbox = "/srv/t/inbox"
)");
  EXPECT_TRUE(config.has_magento);
  EXPECT_EQ(config.magento.base_url, "https://shop.example.com");
  EXPECT_EQ(config.magento.auth, AuthMethod::kToken);
  EXPECT_EQ(config.magento.token.source, SecretRef::Source::kFile);
  EXPECT_EQ(config.magento.token.location, "/etc/m2drop/token");
  EXPECT_EQ(config.magento.token.key, "magento.token_file");
  EXPECT_EQ(config.magento.timeout, milliseconds(30'000));
  EXPECT_EQ(config.retry.max_backoff, milliseconds(30'000));
  ASSERT_EQ(config.profiles.size(), 1u);
  const Profile& p = config.profiles[0];
  EXPECT_EQ(p.work_dir, "/srv/t/work");
  EXPECT_EQ(p.processed_dir, "/srv/t/processed");
  EXPECT_EQ(p.failed_dir, "/srv/t/failed");
  EXPECT_EQ(p.patterns, std::vector<std::string>{"*.csv"});
  EXPECT_EQ(p.settle, milliseconds(2'000));
  EXPECT_TRUE(p.columns.empty());
  EXPECT_TRUE(p.tracking.notify_customer);
}

TEST_F(LoaderTest, FullConfigReadsEveryValue) {
  Config config = LoadOk(R"(
[magento]
base_url = "http://127.0.0.1:8080/shop/"
store_code = "all"
auth = "oauth1"
consumer_key_file = "/run/secrets/ck"
consumer_secret_env = "CS"
access_token_file = "/run/secrets/at"
access_token_secret_env = "ATS"
timeout = "45s"
connect_timeout = "3s"
tls_verify = false
ca_file = "/etc/ssl/private-ca.pem"
max_in_flight = 16
rate_limit = 2.5
page_size = 300
admin_token_ttl = "1h"

[retry]
max_attempts = 3
initial_backoff = "1s"
max_backoff = "1m"
give_up_after = "1h30m"
breaker_failures = 10
breaker_cooldown = "2m"

[daemon]
state_dir = "/var/lib/m2drop-test"
workers = 2
settle = "500ms"
rescan_interval = "1m"
metrics_listen = "[::1]:0"
log_format = "json"
log_level = "DEBUG"
log_file = "/var/log/m2drop.log"
alert_webhook = "https://hooks.example.com/m2drop"
on_duplicate = "reprocess"
shutdown_grace = "0"

[limits]
max_file_size = "10MiB"
max_line_length = 65536
max_fields = 50
max_errors_reported = 10

[[profile]]
name = "erp"
kind = "stock"
inbox = "/data/erp/in/"
work_dir = "/data/erp/wip"
processed_dir = "/data/erp/done"
failed_dir = "/data/erp/bad"
pattern = ["*.tsv", "stock_*.csv"]
delimiter = "tab"
encoding = "windows-1252"
settle = "10s"
min_age = "1m"
marker = ".done"
watch = "poll"
expect_file_every = "1d"
default_source = "eu"
stock_api = "legacy"
batch_size = 500
check_skus = false
allow_negative = true
[profile.columns]
sku = "ITEMNO"
quantity = ["QTY_AVAILABLE", "QTY"]
)");
  const MagentoConfig& m = config.magento;
  EXPECT_EQ(m.base_url, "http://127.0.0.1:8080/shop");
  EXPECT_EQ(m.store_code, "all");
  EXPECT_EQ(m.auth, AuthMethod::kOAuth1);
  EXPECT_EQ(m.consumer_secret.source, SecretRef::Source::kEnv);
  EXPECT_EQ(m.consumer_secret.location, "CS");
  EXPECT_EQ(m.access_token.location, "/run/secrets/at");
  EXPECT_EQ(m.timeout, milliseconds(45'000));
  EXPECT_EQ(m.connect_timeout, milliseconds(3'000));
  EXPECT_FALSE(m.tls_verify);
  EXPECT_EQ(m.ca_file, "/etc/ssl/private-ca.pem");
  EXPECT_EQ(m.max_in_flight, 16);
  EXPECT_DOUBLE_EQ(m.rate_limit, 2.5);
  EXPECT_EQ(m.page_size, 300);
  EXPECT_EQ(m.admin_token_ttl, milliseconds(3'600'000));

  EXPECT_EQ(config.retry.max_attempts, 3);
  EXPECT_EQ(config.retry.initial_backoff, milliseconds(1'000));
  EXPECT_EQ(config.retry.max_backoff, milliseconds(60'000));
  EXPECT_EQ(config.retry.give_up_after, milliseconds(5'400'000));
  EXPECT_EQ(config.retry.breaker_failures, 10);
  EXPECT_EQ(config.retry.breaker_cooldown, milliseconds(120'000));

  const DaemonConfig& d = config.daemon;
  EXPECT_EQ(d.state_dir, "/var/lib/m2drop-test");
  EXPECT_EQ(d.workers, 2);
  EXPECT_EQ(d.settle, milliseconds(500));
  EXPECT_EQ(d.rescan_interval, milliseconds(60'000));
  EXPECT_EQ(d.metrics_listen, "[::1]:0");
  EXPECT_EQ(d.log_format, LogFormat::kJson);
  EXPECT_EQ(d.log_level, LogLevel::kDebug);
  EXPECT_EQ(d.log_file, "/var/log/m2drop.log");
  EXPECT_EQ(d.alert_webhook, "https://hooks.example.com/m2drop");
  EXPECT_EQ(d.on_duplicate, OnDuplicate::kReprocess);
  EXPECT_EQ(d.shutdown_grace, milliseconds(0));

  EXPECT_EQ(config.limits.max_file_size, uint64_t{10} << 20);
  EXPECT_EQ(config.limits.max_line_length, 65536u);
  EXPECT_EQ(config.limits.max_fields, 50);
  EXPECT_EQ(config.limits.max_errors_reported, 10);

  ASSERT_EQ(config.profiles.size(), 1u);
  const Profile& p = config.profiles[0];
  EXPECT_EQ(p.kind, &KindNamed("stock"));
  EXPECT_EQ(p.inbox, "/data/erp/in");
  EXPECT_EQ(p.work_dir, "/data/erp/wip");
  EXPECT_EQ(p.processed_dir, "/data/erp/done");
  EXPECT_EQ(p.failed_dir, "/data/erp/bad");
  EXPECT_THAT(p.patterns, ElementsAre("*.tsv", "stock_*.csv"));
  EXPECT_EQ(p.delimiter, '\t');
  EXPECT_EQ(p.encoding, Encoding::kWindows1252);
  EXPECT_EQ(p.settle, milliseconds(10'000));
  EXPECT_EQ(p.min_age, milliseconds(60'000));
  EXPECT_EQ(p.marker, ".done");
  EXPECT_EQ(p.watch, WatchMode::kPoll);
  EXPECT_EQ(p.expect_file_every, milliseconds(86'400'000));
  EXPECT_EQ(p.stock.default_source, "eu");
  EXPECT_EQ(p.stock.stock_api, StockApi::kLegacy);
  EXPECT_EQ(p.stock.batch_size, 500);
  EXPECT_FALSE(p.stock.check_skus);
  EXPECT_TRUE(p.stock.allow_negative);
  EXPECT_THAT(p.columns,
              ElementsAre(Pair("quantity", ElementsAre("QTY_AVAILABLE", "QTY")),
                          Pair("sku", ElementsAre("ITEMNO"))));
}

TEST_F(LoaderTest, SyntaxErrorNamesLineAndColumn) {
  std::string message = LoadError("[daemon]\nworkers = 4\nsettle = \"2s\n");
  EXPECT_THAT(message, StartsWith("test.toml: TOML syntax error at line 3"));
  EXPECT_THAT(message, HasSubstr("column"));
}

TEST_F(LoaderTest, DuplicateKeyIsASyntaxError) {
  std::string message = LoadError("[daemon]\nworkers = 4\nworkers = 5\n");
  EXPECT_THAT(message, HasSubstr("line 3"));
}

TEST_F(LoaderTest, ReportsEveryProblemAtOnceSortedByLine) {
  std::string message = LoadError(R"([daemon]
workers = 0
log_level = "loud"
[magento]
base_url = "https://shop.example.com"
auth = "token"
token_file = "/etc/m2drop/token"
timeout = 5
[[profile]]
name = "t"
kind = "tracker"
inbox = "/srv/t/inbox"
)");
  EXPECT_EQ(message,
            "test.toml: 4 problems in the configuration\n"
            "daemon.workers: must be from 1 to 64, got 0 (line 2)\n"
            "daemon.log_level: expected one of \"trace\", \"debug\", "
            "\"info\", \"warn\", \"error\", got \"loud\" (line 3)\n"
            "magento.timeout: expected a duration like \"2s\", got 5 "
            "(line 8)\n"
            "profile[1].kind: expected \"tracking\" or \"stock\", got "
            "\"tracker\" (line 11)");
}

TEST_F(LoaderTest, TopLevelTablesMustBeTables) {
  std::string message = LoadError("retry = 5\n[[daemon]]\nworkers = 2\n");
  EXPECT_THAT(message, HasSubstr("retry: expected a table [retry], got 5 "
                                 "(line 1)"));
  EXPECT_THAT(message, HasSubstr("daemon: expected a table [daemon], got an "
                                 "array"));
}

TEST_F(LoaderTest, ProfileMustBeAnArrayOfTables) {
  std::string message = LoadError("[profile]\nname = \"x\"\n");
  EXPECT_THAT(message, HasSubstr("profile: write each profile as an "
                                 "[[profile]] table, got a table"));
}

TEST_F(LoaderTest, EmptyProfileArrayMeansNoProfiles) {
  EXPECT_TRUE(LoadOk("profile = []\n").profiles.empty());
  std::string message = LoadError("profile = [1, 2]\n");
  EXPECT_THAT(message, HasSubstr("profile: write each profile as an "
                                 "[[profile]] table, got an array (line 1)"));
}

TEST_F(LoaderTest, LoadFileReadsAndNamesThePath) {
  m2drop::testing::ScopedTempDir dir;
  std::string path = dir.WriteFile("c.toml", "[daemon]\nworkers = 3\n");
  Result<Config> config = LoadFile(path);
  ASSERT_OK(config);
  EXPECT_EQ(config->daemon.workers, 3);
  EXPECT_EQ(config->source, path);

  std::string bad = dir.WriteFile("bad.toml", "[daemon]\nworkers = 99\n");
  Result<Config> invalid = LoadFile(bad);
  ASSERT_FALSE(invalid.ok());
  EXPECT_THAT(invalid.status().message(), StartsWith(bad + ": 1 problem in"));
}

TEST_F(LoaderTest, LoadFileOfMissingFileIsNotFound) {
  m2drop::testing::ScopedTempDir dir;
  Result<Config> config = LoadFile(dir.Join("absent.toml"));
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(config.status().message(), HasSubstr("absent.toml"));
}

TEST_F(LoaderTest, LoadFileOfDirectoryIsIo) {
  m2drop::testing::ScopedTempDir dir;
  Result<Config> config = LoadFile(dir.path().string());
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), StatusCode::kIo);
  EXPECT_THAT(config.status().message(), HasSubstr("is a directory"));
}

TEST_F(LoaderTest, DefaultConfigPathHonoursEnvironment) {
  unsetenv("M2DROP_CONFIG");
  EXPECT_EQ(DefaultConfigPath(), "/etc/m2drop/config.toml");
  setenv("M2DROP_CONFIG", "", 1);
  EXPECT_EQ(DefaultConfigPath(), "/etc/m2drop/config.toml");
  setenv("M2DROP_CONFIG", "/tmp/m2drop.toml", 1);
  EXPECT_EQ(DefaultConfigPath(), "/tmp/m2drop.toml");
}

}  // namespace
}  // namespace m2drop::config
