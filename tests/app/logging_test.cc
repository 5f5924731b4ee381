// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/logging.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::app {
namespace {

// Runs `body` with stderr redirected to a file and returns what was written.
template <typename Body>
std::string CaptureStderr(const testing::ScopedTempDir& dir, Body body) {
  std::string path = dir.Join("stderr.txt");
  std::fflush(stderr);
  int saved = dup(2);
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  dup2(fd, 2);
  close(fd);
  body();
  spdlog::default_logger()->flush();
  std::fflush(stderr);
  dup2(saved, 2);
  close(saved);
  return testing::ReadWholeFile(path);
}

class LoggingTest : public ::testing::Test {
 protected:
  void TearDown() override {
    ASSERT_OK(ConfigureLogging({.format = "text", .level = "info"}));
  }
  testing::ScopedTempDir dir_;
};

TEST_F(LoggingTest, JsonLinesStayValidWhateverTheMessageHolds) {
  ASSERT_OK(ConfigureLogging({.format = "json", .level = "info"}));
  std::string out = CaptureStderr(dir_, [] {
    spdlog::info("order \"000000101\": line1\nline2\t\x01 back\\slash");
  });
  auto line = out.substr(0, out.find('\n'));
  auto j = nlohmann::json::parse(line, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << line;
  EXPECT_EQ(j["level"], "info");
  EXPECT_EQ(j["msg"], "order \"000000101\": line1\nline2\t\x01 back\\slash");
  EXPECT_TRUE(j.contains("time"));
}

TEST_F(LoggingTest, LevelFiltersLowerLevels) {
  ASSERT_OK(ConfigureLogging({.format = "text", .level = "warn"}));
  std::string out = CaptureStderr(dir_, [] {
    spdlog::info("hidden");
    spdlog::warn("shown");
  });
  EXPECT_EQ(out.find("hidden"), std::string::npos);
  EXPECT_NE(out.find("shown"), std::string::npos);
}

TEST_F(LoggingTest, RejectsUnknownFormatAndLevel) {
  EXPECT_EQ(ConfigureLogging({.format = "xml", .level = "info"}).code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(ConfigureLogging({.format = "text", .level = "loud"}).code(),
            StatusCode::kInvalidInput);
  EXPECT_OK(ConfigureLogging({.format = "text", .level = "off"}));
}

}  // namespace
}  // namespace m2drop::app
