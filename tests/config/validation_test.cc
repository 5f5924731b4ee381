// SPDX-License-Identifier: Apache-2.0
#include "m2drop/config/validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace m2drop::config {
namespace {

using ::testing::HasSubstr;

class ValidationTest : public ::testing::Test {};

TEST_F(ValidationTest, HttpUrls) {
  EXPECT_OK(CheckHttpUrl("https://shop.example.com"));
  EXPECT_OK(CheckHttpUrl("http://127.0.0.1:8080/magento"));
  EXPECT_THAT(CheckHttpUrl("ftp://x").message(), HasSubstr("http://"));
  EXPECT_THAT(CheckHttpUrl("shop.example.com").message(), HasSubstr("http"));
  EXPECT_THAT(CheckHttpUrl("https://").message(), HasSubstr("no host"));
  EXPECT_THAT(CheckHttpUrl("https://:80/").message(), HasSubstr("no host"));
  EXPECT_THAT(CheckHttpUrl("https://a b").message(), HasSubstr("spaces"));
  EXPECT_THAT(CheckHttpUrl("https://a/?x=1").message(), HasSubstr("query"));
  EXPECT_OK(CheckHttpUrl("https://a/hook?token=x", /*allow_query=*/true));
  EXPECT_OK(CheckHttpUrl("https://a?token=x", /*allow_query=*/true));
  EXPECT_THAT(CheckHttpUrl("https://?token=x", true).message(),
              HasSubstr("no host"));
  EXPECT_THAT(CheckHttpUrl("https://a/#x", true).message(),
              HasSubstr("fragment"));
}

TEST_F(ValidationTest, UrlHost) {
  EXPECT_EQ(UrlHost("https://shop.example.com/rest"), "shop.example.com");
  EXPECT_EQ(UrlHost("http://u:p@127.0.0.1:8080/x?y"), "127.0.0.1");
  EXPECT_EQ(UrlHost("http://[::1]:9464/metrics"), "[::1]");
  EXPECT_EQ(UrlHost("https://hooks.example.com?token=a@b"),
            "hooks.example.com");
  EXPECT_EQ(UrlHost("no-scheme"), "");
}

TEST_F(ValidationTest, HostPort) {
  Result<HostPort> v4 = ParseHostPort("127.0.0.1:9464");
  ASSERT_OK(v4);
  EXPECT_EQ(v4->host, "127.0.0.1");
  EXPECT_EQ(v4->port, 9464);
  Result<HostPort> v6 = ParseHostPort("[::1]:0");
  ASSERT_OK(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 0);
  Result<HostPort> name = ParseHostPort("localhost:65535");
  ASSERT_OK(name);
  EXPECT_EQ(name->host, "localhost");

  for (std::string_view bad : {"9464", ":9464", "host:", "host:65536",
                               "host:12x", "::1:9464", "[::1]9464", "[::1]"}) {
    Result<HostPort> parsed = ParseHostPort(bad);
    EXPECT_FALSE(parsed.ok()) << bad;
    if (!parsed.ok()) {
      EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidInput) << bad;
    }
  }
  EXPECT_THAT(ParseHostPort("::1:9464").status().message(),
              HasSubstr("[::1]:9464"));
  EXPECT_THAT(ParseHostPort("h:70000").status().message(),
              HasSubstr("0 to 65535"));
}

TEST_F(ValidationTest, AbsolutePaths) {
  EXPECT_OK(CheckAbsolutePath("/srv/inbox"));
  EXPECT_THAT(CheckAbsolutePath("srv/inbox").message(), HasSubstr("absolute"));
  EXPECT_FALSE(CheckAbsolutePath("").ok());
}

TEST_F(ValidationTest, ProfileNames) {
  EXPECT_TRUE(IsValidProfileName("3pl-tracking"));
  EXPECT_TRUE(IsValidProfileName("erp.stock_v2"));
  EXPECT_FALSE(IsValidProfileName(""));
  EXPECT_FALSE(IsValidProfileName("a b"));
  EXPECT_FALSE(IsValidProfileName("a/b"));
  EXPECT_FALSE(IsValidProfileName("bücher"));
}

}  // namespace
}  // namespace m2drop::config
