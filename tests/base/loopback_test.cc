// SPDX-License-Identifier: Apache-2.0
#include "m2drop/base/loopback.h"

#include <gtest/gtest.h>

namespace m2drop {
namespace {

TEST(LoopbackTest, LoopbackAddressesAndLocalhost) {
  for (const char* host :
       {"127.0.0.1", "127.1.2.3", "127.255.255.254", "localhost", "LocalHost",
        "localhost.", "::1", "[::1]", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"}) {
    EXPECT_TRUE(IsLoopbackHost(host)) << host;
  }
}

// Issue 17: any name starting "127." passed, and DNS may point such a name
// anywhere.
TEST(LoopbackTest, NamesAndOtherAddressesAreNot) {
  for (const char* host :
       {"127.evil", "127.0.0.1.example.com", "127.1", "127.0.0.1:80",
        "128.0.0.1", "0.0.0.0", "10.0.0.1", "::", "::2", "::ffff:10.0.0.1",
        "localhost.example.com", "mylocalhost", "", "[127.0.0.1]x",
        "shop.example.com"}) {
    EXPECT_FALSE(IsLoopbackHost(host)) << host;
  }
}

}  // namespace
}  // namespace m2drop
