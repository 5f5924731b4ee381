// SPDX-License-Identifier: Apache-2.0
// How the problems of one load become one message (loader.h), seen through
// the loader (Problems is private to config/).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "load_helpers.h"
#include "m2drop/base/strings.h"

namespace m2drop::config {
namespace {

using ::testing::HasSubstr;
using testing::LoadError;
using ::testing::StartsWith;

class ProblemsTest : public ::testing::Test {};

TEST_F(ProblemsTest, OneProblemIsSingular) {
  std::string message = LoadError("[daemon]\nworkers = 0\n");
  EXPECT_EQ(message,
            "test.toml: 1 problem in the configuration\n"
            "daemon.workers: must be from 1 to 64, got 0 (line 2)");
}

TEST_F(ProblemsTest, ProblemsAreOnePerLineInLineOrder) {
  // Found in table order (magento before daemon), reported in line order.
  std::string message = LoadError(
      "[daemon]\nworkers = 0\n[magento]\nbase_url = \"ftp://x\"\n"
      "auth = \"token\"\ntoken_env = \"T\"\n[limits]\nmax_fields = 0\n");
  std::vector<std::string_view> lines = Split(message, '\n');
  ASSERT_EQ(lines.size(), 4u) << message;
  EXPECT_THAT(lines[0], StartsWith("test.toml: 3 problems"));
  EXPECT_THAT(lines[1], StartsWith("daemon.workers:"));
  EXPECT_THAT(lines[2], StartsWith("magento.base_url:"));
  EXPECT_THAT(lines[3], StartsWith("limits.max_fields:"));
}

TEST_F(ProblemsTest, MissingKeyPointsAtItsTable) {
  std::string message = LoadError(
      "\n\n[[profile]]\nkind = \"stock\"\n"
      "inbox = \"/in\"\n");
  EXPECT_THAT(message, HasSubstr("profile[1].name: required key is missing "
                                 "(line 3)"));
}

}  // namespace
}  // namespace m2drop::config
