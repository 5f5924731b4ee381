// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/url.h"

#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace m2drop::magento {
namespace {

TEST(PercentEncodeTest, KeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(PercentEncode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(PercentEncode("a b,c[0]"), "a%20b%2Cc%5B0%5D");
  EXPECT_EQ(PercentEncode("+/=&%"), "%2B%2F%3D%26%25");
  EXPECT_EQ(PercentEncode("\xc3\xa4"), "%C3%A4");
}

TEST(EncodeQueryTest, EncodesKeysAndValuesInOrder) {
  EXPECT_EQ(EncodeQuery({}), "");
  EXPECT_EQ(EncodeQuery({{"searchCriteria[pageSize]", "100"},
                         {"fields", "items[sku],total_count"}}),
            "searchCriteria%5BpageSize%5D=100&"
            "fields=items%5Bsku%5D%2Ctotal_count");
}

TEST(ParseHttpUrlTest, SplitsSchemeHostPortPathAndQuery) {
  auto url = ParseHttpUrl("HTTPS://Shop.Example.com:8443/rest/V1/orders?a=b");
  ASSERT_OK(url);
  EXPECT_EQ(url->scheme, "https");
  EXPECT_EQ(url->host, "shop.example.com");
  EXPECT_EQ(url->port, 8443);
  EXPECT_EQ(url->path, "/rest/V1/orders");
  EXPECT_EQ(url->query, "a=b");
  EXPECT_EQ(url->EffectivePort(), 8443);
}

TEST(ParseHttpUrlTest, DefaultsPathAndPort) {
  auto url = ParseHttpUrl("http://127.0.0.1");
  ASSERT_OK(url);
  EXPECT_EQ(url->path, "/");
  EXPECT_EQ(url->port, 0);
  EXPECT_EQ(url->EffectivePort(), 80);
  auto v6 = ParseHttpUrl("https://[::1]:9000/x#frag");
  ASSERT_OK(v6);
  EXPECT_EQ(v6->host, "[::1]");
  EXPECT_EQ(v6->port, 9000);
  EXPECT_EQ(v6->path, "/x");
}

TEST(ParseHttpUrlTest, RefusesWhatIsNotAnHttpUrl) {
  EXPECT_EQ(ParseHttpUrl("shop.example.com").status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(ParseHttpUrl("ftp://shop").status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(ParseHttpUrl("https://:80/").status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(ParseHttpUrl("https://shop:99999/").status().code(),
            StatusCode::kInvalidInput);
  auto with_user = ParseHttpUrl("https://admin:secret@shop/");
  EXPECT_EQ(with_user.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(with_user.status().message().find("secret"), std::string::npos);
}

TEST(BuildRestUrlTest, PutsStoreCodeBetweenRestAndPath) {
  EXPECT_EQ(BuildRestUrl("https://shop.example.com/", "default", "V1/orders"),
            "https://shop.example.com/rest/default/V1/orders");
  EXPECT_EQ(BuildRestUrl("https://shop.example.com", "", "/V1/orders"),
            "https://shop.example.com/rest/V1/orders");
  EXPECT_EQ(BuildRestUrl("http://h/index.php", "all", "V1/orders",
                         {{"searchCriteria[pageSize]", "1"}}),
            "http://h/index.php/rest/all/V1/orders?"
            "searchCriteria%5BpageSize%5D=1");
}

TEST(StripQueryTest, DropsQueryAndFragment) {
  EXPECT_EQ(StripQuery("http://h/p?a=1#f"), "http://h/p");
  EXPECT_EQ(StripQuery("http://h/p#f"), "http://h/p");
  EXPECT_EQ(StripQuery("http://h/p"), "http://h/p");
}

}  // namespace
}  // namespace m2drop::magento
