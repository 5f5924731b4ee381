// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/paths.h"

#include <gtest/gtest.h>

namespace m2drop::magento {
namespace {

TEST(PathsTest, BuildsEntityPaths) {
  EXPECT_EQ(OrderPath(42), "V1/orders/42");
  EXPECT_EQ(ShipOrderPath(42), "V1/order/42/ship");
  EXPECT_EQ(ShipmentPath(7), "V1/shipment/7");
  EXPECT_EQ(ShipmentEmailsPath(7), "V1/shipment/7/emails");
}

TEST(PathsTest, EncodesSkusThatWouldChangeTheRoute) {
  EXPECT_EQ(StockItemPath("A/B C#1%?"), "V1/stockItems/A%2FB%20C%231%25%3F");
  EXPECT_EQ(UpdateStockItemPath("a/b c"), "V1/products/a%2Fb%20c/stockItems/1");
  EXPECT_EQ(StockItemPath("plain-SKU_1.2~x"), "V1/stockItems/plain-SKU_1.2~x");
}

TEST(PathsTest, EncodesBytesBeyondAsciiOneByOne) {
  EXPECT_EQ(StockItemPath("\xC3\xA9"), "V1/stockItems/%C3%A9");  // "é"
}

}  // namespace
}  // namespace m2drop::magento
