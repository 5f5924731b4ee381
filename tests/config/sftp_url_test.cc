// SPDX-License-Identifier: Apache-2.0
#include "m2drop/config/sftp_url.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace m2drop::config {
namespace {

using ::testing::HasSubstr;

TEST(SftpUrlTest, UserHostPortAndAbsoluteDir) {
  Result<SftpUrl> url =
      ParseSftpUrl("sftp://threepl@sftp.3pl.example:2222/out/");
  ASSERT_OK(url);
  EXPECT_EQ(url->user, "threepl");
  EXPECT_EQ(url->host, "sftp.3pl.example");
  EXPECT_EQ(url->port, 2222);
  EXPECT_EQ(url->dir, "/out");
}

TEST(SftpUrlTest, PortDefaultsTo22AndIpv6StandsInBrackets) {
  Result<SftpUrl> url = ParseSftpUrl("sftp://u@[::1]/data");
  ASSERT_OK(url);
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->port, 22);
  url = ParseSftpUrl("sftp://u@[::1]:2200/data");
  ASSERT_OK(url);
  EXPECT_EQ(url->port, 2200);
}

TEST(SftpUrlTest, TildeNamesTheLoginsHome) {
  EXPECT_EQ(ParseSftpUrl("sftp://u@h/~/out")->dir, "out");
  EXPECT_EQ(ParseSftpUrl("sftp://u@h/~")->dir, "");
  EXPECT_EQ(ParseSftpUrl("sftp://u@h/~/")->dir, "");
  EXPECT_EQ(ParseSftpUrl("sftp://u@h/")->dir, "/");
}

TEST(SftpUrlTest, EscapesAreDecoded) {
  Result<SftpUrl> url = ParseSftpUrl("sftp://dom%5Cuser@h/my%20out");
  ASSERT_OK(url);
  EXPECT_EQ(url->user, "dom\\user");
  EXPECT_EQ(url->dir, "/my out");
}

TEST(SftpUrlTest, RefusalsSayWhatIsWrong) {
  struct Case {
    const char* url;
    const char* says;
  } cases[] = {
      {"ftp://u@h/out", "must start with sftp://"},
      {"sftp://h/out", "names no login"},
      {"sftp://u@h", "names no directory"},
      {"sftp://u:secret@h/out", "must not hold a password"},
      {"sftp://u@/out", "has no host name"},
      {"sftp://u@h:0/out", "from 1 to 65535"},
      {"sftp://u@h:x/out", "from 1 to 65535"},
      {"sftp://u@h:/out", "from 1 to 65535"},
      {"sftp://u@[::1/out", "without its ']'"},
      {"sftp://u@h/out?x=1", "query"},
      {"sftp://u@h/my out", "spaces"},
      {"sftp://u@h/a/../b", "\"..\""},
      {"sftp://u@h/bad%zz", "broken %-escape"},
      {"sftp://u@h/nul%00", "control characters"},
  };
  for (const Case& c : cases) {
    Result<SftpUrl> url = ParseSftpUrl(c.url);
    ASSERT_FALSE(url.ok()) << c.url;
    EXPECT_EQ(url.status().code(), StatusCode::kInvalidInput) << c.url;
    EXPECT_THAT(url.status().message(), HasSubstr(c.says)) << c.url;
    EXPECT_THAT(url.status().message(), ::testing::Not(HasSubstr("secret")));
  }
}

TEST(SftpUrlTest, RemotePathsAndTheirDisplay) {
  EXPECT_EQ(*RemotePath("/out/done/"), "/out/done");
  EXPECT_EQ(*RemotePath("/~/done"), "done");
  EXPECT_FALSE(RemotePath("done").ok());
  EXPECT_EQ(DisplayRemotePath("done"), "/~/done");
  EXPECT_EQ(DisplayRemotePath(""), "/~");
  EXPECT_EQ(DisplayRemotePath("/out"), "/out");
}

}  // namespace
}  // namespace m2drop::config
