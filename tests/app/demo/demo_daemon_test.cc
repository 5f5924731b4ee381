// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/demo/demo_daemon.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::app {
namespace {

TEST(DemoLastLinesTest, KeepsTheLastLinesOnly) {
  EXPECT_EQ(LastLines("a\nb\nc\n", 2), "b\nc\n");
  EXPECT_EQ(LastLines("a\nb\nc", 2), "b\nc\n");
  EXPECT_EQ(LastLines("a\nb\n", 5), "a\nb\n");
  EXPECT_EQ(LastLines("only", 1), "only\n");
  EXPECT_EQ(LastLines("", 3), "");
  EXPECT_EQ(LastLines("a\nb\n", 0), "");
}

// A stand-in for `m2drop watch`: logs the start-up line with its arguments,
// then exits 0 on SIGTERM (or `code` at once when `code` is not "wait").
class DemoDaemonTest : public ::testing::Test {
 protected:
  std::string Script(const std::string& code) {
    std::string body =
        "#!/bin/sh\necho \"m2drop watch started: $1 $2 $3\" >&2\n";
    if (code == "wait") {
      body += "trap 'echo bye; exit 0' TERM\nwhile :; do sleep 0.02; done\n";
    } else {
      body += "exit " + code + "\n";
    }
    const std::string path = dir_.WriteFile("fake-m2drop", body);
    chmod(path.c_str(), 0755);
    return path;
  }

  testing::ScopedTempDir dir_;
};

TEST_F(DemoDaemonTest, StartsWatchLogsToTheFileAndStopsOnSigterm) {
  auto daemon =
      DemoDaemon::Start(Script("wait"), "/etc/x.toml", dir_.Join("log"));
  ASSERT_OK(daemon.status());
  ASSERT_OK(
      (*daemon)->WaitForLog(kDemoDaemonStarted, std::chrono::seconds(10)));
  EXPECT_NE((*daemon)->Log().find("started: watch --config /etc/x.toml"),
            std::string::npos)
      << (*daemon)->Log();
  EXPECT_FALSE((*daemon)->ExitCode().has_value());
  Result<int> code = (*daemon)->Stop(std::chrono::seconds(10));
  ASSERT_OK(code.status());
  EXPECT_EQ(*code, 0);
  EXPECT_NE((*daemon)->Log().find("bye"), std::string::npos);
}

TEST_F(DemoDaemonTest, WaitForLogSaysWhenTheChildExitedFirst) {
  auto daemon = DemoDaemon::Start(Script("2"), "c.toml", dir_.Join("log"));
  ASSERT_OK(daemon.status());
  Status s = (*daemon)->WaitForLog("never logged", std::chrono::seconds(10));
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_NE(s.message().find("exited with code 2"), std::string::npos)
      << s.message();
}

TEST_F(DemoDaemonTest, StartNamesTheLogItCannotOpen) {
  auto daemon =
      DemoDaemon::Start(Script("0"), "c.toml", dir_.Join("missing/dir/log"));
  ASSERT_FALSE(daemon.ok());
  EXPECT_EQ(daemon.status().code(), StatusCode::kIo);
  EXPECT_NE(daemon.status().message().find("missing/dir/log"),
            std::string::npos);
}

}  // namespace
}  // namespace m2drop::app
