// SPDX-License-Identifier: Apache-2.0
// [retry], [daemon] and [limits], through the public loader.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "load_helpers.h"

namespace m2drop::config {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;
using testing::LoadError;
using testing::LoadOk;
using ::testing::Not;

class ServiceSectionsTest : public ::testing::Test {};

TEST_F(ServiceSectionsTest, InitialBackoffMustNotExceedMaxBackoff) {
  std::string message =
      LoadError("[retry]\ninitial_backoff = \"1m\"\nmax_backoff = \"30s\"\n");
  EXPECT_THAT(message, HasSubstr("retry.initial_backoff: initial_backoff (1m) "
                                 "must not be longer than max_backoff (30s) "
                                 "(line 2)"));
  // Against the default max_backoff too.
  message = LoadError("[retry]\ninitial_backoff = \"2m\"\n");
  EXPECT_THAT(message, HasSubstr("max_backoff (30s)"));
}

TEST_F(ServiceSectionsTest, BadMaxBackoffIsReportedOnce) {
  std::string message =
      LoadError("[retry]\ninitial_backoff = \"1m\"\nmax_backoff = \"30\"\n");
  EXPECT_THAT(message, HasSubstr("retry.max_backoff: invalid duration "
                                 "\"30\": missing unit"));
  EXPECT_THAT(message, Not(HasSubstr("must not be longer")));
}

TEST_F(ServiceSectionsTest, RetryRanges) {
  std::string message = LoadError(
      "[retry]\nmax_attempts = 0\nbreaker_failures = 0\n"
      "breaker_cooldown = \"0\"\ngive_up_after = \"0s\"\n");
  EXPECT_THAT(message, HasSubstr("retry.max_attempts: must be from 1 to 100"));
  EXPECT_THAT(message,
              HasSubstr("retry.breaker_failures: must be from 1 to 1000"));
  EXPECT_THAT(message,
              HasSubstr("retry.breaker_cooldown: must be more than 0"));
  EXPECT_THAT(message, HasSubstr("retry.give_up_after: must be more than 0"));
}

TEST_F(ServiceSectionsTest, MetricsListenIsValidatedAndMayBeEmpty) {
  EXPECT_EQ(LoadOk("[daemon]\nmetrics_listen = \"\"\n").daemon.metrics_listen,
            "");
  std::string message = LoadError("[daemon]\nmetrics_listen = \"9464\"\n");
  EXPECT_THAT(message, HasSubstr("daemon.metrics_listen: expected host:port"));
  EXPECT_THAT(message, HasSubstr("(\"\" disables the endpoint) (line 2)"));
}

TEST_F(ServiceSectionsTest, DaemonValuesAreChecked) {
  std::string message = LoadError(
      "[daemon]\nstate_dir = \"state\"\nworkers = 65\nlog_format = \"xml\"\n"
      "alert_webhook = \"hooks.example.com\"\non_duplicate = \"ignore\"\n"
      "rescan_interval = \"0\"\nlog_file = \"m2drop.log\"\n");
  EXPECT_THAT(message, HasSubstr("daemon.state_dir: must be an absolute path"));
  EXPECT_THAT(message, HasSubstr("daemon.workers: must be from 1 to 64"));
  EXPECT_THAT(message, HasSubstr("daemon.log_format: expected \"text\" or "
                                 "\"json\", got \"xml\""));
  EXPECT_THAT(message, HasSubstr("daemon.alert_webhook: must start with"));
  EXPECT_THAT(message, HasSubstr("daemon.on_duplicate: expected \"skip\" or "
                                 "\"reprocess\", got \"ignore\""));
  EXPECT_THAT(message, HasSubstr("daemon.rescan_interval: must be more than "
                                 "0"));
  EXPECT_THAT(message, HasSubstr("daemon.log_file: must be an absolute path"));
  EXPECT_THAT(message, HasSubstr("7 problems"));
}

TEST_F(ServiceSectionsTest, ZeroSettleAndGraceAreAllowed) {
  Config config = LoadOk("[daemon]\nsettle = \"0\"\nshutdown_grace = \"0s\"\n");
  EXPECT_EQ(config.daemon.settle, milliseconds(0));
  EXPECT_EQ(config.daemon.shutdown_grace, milliseconds(0));
}

TEST_F(ServiceSectionsTest, SizesAcceptUnitsOrBytes) {
  Config config =
      LoadOk("[limits]\nmax_file_size = \"64KiB\"\nmax_line_length = 4096\n");
  EXPECT_EQ(config.limits.max_file_size, 65536u);
  EXPECT_EQ(config.limits.max_line_length, 4096u);
}

TEST_F(ServiceSectionsTest, BadSizesAreReported) {
  std::string message = LoadError(
      "[limits]\nmax_file_size = \"1GB\"\nmax_line_length = \"2MiB\"\n"
      "max_fields = 0\nmax_errors_reported = \"10\"\n");
  EXPECT_THAT(message, HasSubstr("limits.max_file_size: invalid size \"1GB\": "
                                 "unknown unit"));
  EXPECT_THAT(message, HasSubstr("limits.max_line_length: must be from 1 to "
                                 "1048576 bytes, got \"2MiB\""));
  EXPECT_THAT(message, HasSubstr("limits.max_fields: must be from 1 to"));
  EXPECT_THAT(message, HasSubstr("limits.max_errors_reported: expected a "
                                 "whole number, got \"10\""));
}

TEST_F(ServiceSectionsTest, NegativeSizeIsAWrongType) {
  std::string message = LoadError("[limits]\nmax_file_size = -1\n");
  EXPECT_THAT(message, HasSubstr("limits.max_file_size: expected a size like "
                                 "\"64KiB\" or a number of bytes, got -1"));
}

// Issue 17: config.example.toml said a ?token= query works; it was refused.
TEST_F(ServiceSectionsTest, AlertWebhookMayCarryAQueryButNoFragment) {
  EXPECT_EQ(LoadOk("[daemon]\nalert_webhook = "
                   "\"https://hooks.example.com/m2drop?token=abc\"\n")
                .daemon.alert_webhook,
            "https://hooks.example.com/m2drop?token=abc");
  EXPECT_THAT(
      LoadError(
          "[daemon]\nalert_webhook = \"https://hooks.example.com/x#y\"\n"),
      HasSubstr("daemon.alert_webhook: must not have a fragment"));
}

// Issue 17: nothing pruned the ledger.
TEST_F(ServiceSectionsTest, LedgerRetentionDefaultsTo90DaysAndIsAtLeastADay) {
  EXPECT_EQ(LoadOk("").daemon.ledger_retention, std::chrono::hours(24 * 90));
  EXPECT_EQ(
      LoadOk("[daemon]\nledger_retention = \"0\"\n").daemon.ledger_retention,
      milliseconds(0));
  EXPECT_EQ(
      LoadOk("[daemon]\nledger_retention = \"400d\"\n").daemon.ledger_retention,
      std::chrono::hours(24 * 400));
  EXPECT_THAT(LoadError("[daemon]\nledger_retention = \"12h\"\n"),
              HasSubstr("daemon.ledger_retention: must be \"0\" (keep "
                        "everything) or at least \"1d\""));
}

}  // namespace
}  // namespace m2drop::config
