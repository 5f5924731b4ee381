// SPDX-License-Identifier: Apache-2.0
// TableReader's type checks and unknown-key reports, seen through the loader
// (the reader is private to config/).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "load_helpers.h"

namespace m2drop::config {
namespace {

using ::testing::HasSubstr;
using testing::LoadError;

class TableReaderTest : public ::testing::Test {};

TEST_F(TableReaderTest, WrongTypesDescribeTheValueGiven) {
  std::string message = LoadError(
      "[daemon]\nsettle = 5\nworkers = \"4\"\nlog_level = 3\n"
      "state_dir = [\"/a\"]\nrescan_interval = 1979-05-27\n"
      "metrics_listen = { host = \"x\" }\nshutdown_grace = 1.5\n");
  EXPECT_THAT(message, HasSubstr("daemon.settle: expected a duration like "
                                 "\"2s\", got 5 (line 2)"));
  EXPECT_THAT(message, HasSubstr("daemon.workers: expected a whole number, "
                                 "got \"4\" (line 3)"));
  EXPECT_THAT(message, HasSubstr("daemon.log_level: expected a string, got 3"));
  EXPECT_THAT(message, HasSubstr("daemon.state_dir: expected a string, got an "
                                 "array"));
  EXPECT_THAT(message, HasSubstr("daemon.rescan_interval: expected a duration "
                                 "like \"2s\", got a date/time"));
  EXPECT_THAT(message, HasSubstr("daemon.metrics_listen: expected a string, "
                                 "got a table"));
  EXPECT_THAT(message, HasSubstr("daemon.shutdown_grace: expected a duration "
                                 "like \"2s\", got 1.5"));
}

TEST_F(TableReaderTest, BooleansAreNotNumbers) {
  std::string message = LoadError(
      "[magento]\nbase_url = \"https://x\"\ntoken_env = \"T\"\n"
      "rate_limit = true\n");
  EXPECT_THAT(message,
              HasSubstr("magento.rate_limit: expected a number, got true"));
}

TEST_F(TableReaderTest, ValuesInMessagesAreEscapedAndShortened) {
  std::string message = LoadError("[daemon]\nlog_format = \"a\\nb\"\n");
  EXPECT_THAT(message, HasSubstr("got \"a\\nb\""));
  message =
      LoadError("[daemon]\nlog_format = \"" + std::string(200, 'x') + "\"\n");
  EXPECT_THAT(message, HasSubstr("got \"" + std::string(60, 'x') + "\"..."));
}

TEST_F(TableReaderTest, UnknownTopLevelTableSuggestsTheClosest) {
  std::string message = LoadError("[magneto]\nbase_url = \"x\"\n");
  EXPECT_THAT(message, HasSubstr("magneto: unknown key; did you mean "
                                 "\"magento\"? (line 1)"));
}

TEST_F(TableReaderTest, UnknownKeyFarFromAnyPointsToTheExample) {
  std::string message = LoadError("[limits]\nmaximum_memory = 5\n");
  EXPECT_THAT(message, HasSubstr("limits.maximum_memory: unknown key; "
                                 "config.example.toml lists every key "
                                 "(line 2)"));
}

TEST_F(TableReaderTest, SuggestionIgnoresCase) {
  std::string message = LoadError("[daemon]\nWorkers = 3\n");
  EXPECT_THAT(message, HasSubstr("daemon.Workers: unknown key; did you mean "
                                 "\"workers\"?"));
}

}  // namespace
}  // namespace m2drop::config
