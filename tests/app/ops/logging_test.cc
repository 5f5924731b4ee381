// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/ops/logging.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

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

LoggingOptions Opts(std::string format, std::string level) {
  LoggingOptions options;
  options.format = std::move(format);
  options.level = std::move(level);
  return options;
}

class LoggingTest : public ::testing::Test {
 protected:
  void TearDown() override {
    ASSERT_OK(ConfigureLogging(Opts("text", "info")));
  }
  testing::ScopedTempDir dir_;
};

TEST_F(LoggingTest, JsonLinesStayValidWhateverTheMessageHolds) {
  ASSERT_OK(ConfigureLogging(Opts("json", "info")));
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

// Issue 17: a file name that is not UTF-8, or that carries a CR or a
// terminal escape, reached the log as it was. JSON lines stay valid UTF-8
// (bad bytes shown as U+FFFD) and text lines show every control character
// escaped.
TEST_F(LoggingTest, NamesThatAreNotUtf8OrCarryEscapesCannotForgeALine) {
  const char* name = "dr\xff\xfeop\r\x1b[2Jfake state=processed\xc2\x9b.csv";
  ASSERT_OK(ConfigureLogging(Opts("json", "info")));
  std::string out =
      CaptureStderr(dir_, [&] { spdlog::info("file={} state=claimed", name); });
  auto line = out.substr(0, out.find('\n'));
  nlohmann::json j;
  ASSERT_NO_THROW(j = nlohmann::json::parse(line)) << line;  // strict UTF-8
  const std::string msg = j["msg"];
  EXPECT_NE(msg.find("dr\xEF\xBF\xBD\xEF\xBF\xBDop\r\x1b[2J"),
            std::string::npos);
  EXPECT_EQ(line.find('\x1b'), std::string::npos) << line;
  EXPECT_EQ(line.find("\xc2\x9b"), std::string::npos) << line;

  ASSERT_OK(ConfigureLogging(Opts("text", "info")));
  out =
      CaptureStderr(dir_, [&] { spdlog::info("file={} state=claimed", name); });
  EXPECT_EQ(out.find('\r'), std::string::npos) << out;
  EXPECT_EQ(out.find('\x1b'), std::string::npos) << out;
  EXPECT_EQ(out.find("\xc2\x9b"), std::string::npos) << out;
  EXPECT_NE(out.find("file=dr\\xff\\xfeop\\r\\u001b[2Jfake"), std::string::npos)
      << out;
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
}

// Issue 17: a 5 MB message made a 5 MB log line.
TEST_F(LoggingTest, HugeMessagesAreCutSayingTheirLength) {
  for (const char* format : {"text", "json"}) {
    ASSERT_OK(ConfigureLogging(Opts(format, "info")));
    const std::string huge(5 << 20, 'x');
    std::string out = CaptureStderr(dir_, [&] { spdlog::info("{}", huge); });
    EXPECT_LT(out.size(), 20000u);
    EXPECT_NE(out.find("5242880 bytes in all"), std::string::npos);
  }
}

TEST_F(LoggingTest, ConfiguredSecretsAreMaskedInTextAndJson) {
  for (const char* format : {"text", "json"}) {
    ASSERT_OK(ConfigureLogging({.format = format,
                                .level = "info",
                                .file = "",
                                .secrets = {"s3cr3t-token-value"}}));
    std::string out = CaptureStderr(dir_, [] {
      spdlog::warn(
          "GET https://shop/rest?token=s3cr3t-token-value failed: "
          "Authorization: Bearer s3cr3t-token-value");
    });
    EXPECT_EQ(out.find("s3cr3t"), std::string::npos) << out;
    EXPECT_NE(out.find("****"), std::string::npos) << out;
  }
}

TEST_F(LoggingTest, LogFileReceivesTheLinesInsteadOfStderr) {
  const std::string file = dir_.Join("m2drop.log");
  ASSERT_OK(ConfigureLogging(
      {.format = "text", .level = "info", .file = file, .secrets = {}}));
  std::string out = CaptureStderr(dir_, [] { spdlog::info("to the file"); });
  spdlog::default_logger()->flush();
  EXPECT_EQ(out.find("to the file"), std::string::npos) << out;
  EXPECT_NE(testing::ReadWholeFile(file).find("to the file"),
            std::string::npos);
}

TEST_F(LoggingTest, UnwritableLogFileIsIoNamingIt) {
  // A regular file where the directory should be (spdlog creates missing
  // directories itself).
  dir_.WriteFile("not-a-dir", "");
  Status s = ConfigureLogging({.format = "text",
                               .level = "info",
                               .file = dir_.Join("not-a-dir/m2drop.log"),
                               .secrets = {}});
  EXPECT_EQ(s.code(), StatusCode::kIo);
  EXPECT_NE(s.message().find("not-a-dir/m2drop.log"), std::string::npos);
}

TEST_F(LoggingTest, LevelFiltersLowerLevels) {
  ASSERT_OK(ConfigureLogging(Opts("text", "warn")));
  std::string out = CaptureStderr(dir_, [] {
    spdlog::info("hidden");
    spdlog::warn("shown");
  });
  EXPECT_EQ(out.find("hidden"), std::string::npos);
  EXPECT_NE(out.find("shown"), std::string::npos);
}

TEST_F(LoggingTest, RejectsUnknownFormatAndLevel) {
  EXPECT_EQ(ConfigureLogging(Opts("xml", "info")).code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(ConfigureLogging(Opts("text", "loud")).code(),
            StatusCode::kInvalidInput);
  EXPECT_OK(ConfigureLogging(Opts("text", "off")));
}

}  // namespace
}  // namespace m2drop::app
