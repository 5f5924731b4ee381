// SPDX-License-Identifier: Apache-2.0
#include "m2drop/sim/seed.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "m2drop/base/strings.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::sim {
namespace {

class SeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Store> store =
        LoadSeedFile(testing::FixturePath("sim/demo-seed.json"));
    ASSERT_OK(store);
    demo_ = std::move(store).value();
  }
  const Order* FindOrder(const std::string& increment_id) const {
    for (const auto& [id, o] : demo_.orders) {
      if (o.increment_id == increment_id) return &o;
    }
    return nullptr;
  }
  // Every 9-digit order number in a sample file.
  static std::set<std::string> OrderNumbersIn(const std::string& sample) {
    std::string text =
        testing::ReadWholeFile(testing::FixturePath("samples/" + sample));
    std::set<std::string> found;
    std::regex number("\\b\\d{9}\\b");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), number);
         it != std::sregex_iterator(); ++it) {
      found.insert(it->str());
    }
    return found;
  }
  // Column `column` of every data row (after the header).
  static std::set<std::string> ColumnIn(const std::string& sample, char sep,
                                        size_t column) {
    std::string text =
        testing::ReadWholeFile(testing::FixturePath("samples/" + sample));
    std::set<std::string> values;
    std::vector<std::string_view> lines = Split(text, '\n');
    for (size_t i = 1; i < lines.size(); ++i) {
      if (Trim(lines[i]).empty()) continue;
      std::vector<std::string_view> cells = Split(Trim(lines[i]), sep);
      if (cells.size() > column)
        values.insert(std::string(Trim(cells[column])));
    }
    return values;
  }
  Store demo_;
};

TEST_F(SeedTest, DemoSeedKnowsEveryOrderOfTheTrackingSamples) {
  for (const char* sample :
       {"tracking_minimal.csv", "shipstation_shipments.csv",
        "excel_de_semicolon_bom.csv", "multi_package_items.csv",
        "tracking_with_errors.csv"}) {
    std::set<std::string> numbers = OrderNumbersIn(sample);
    ASSERT_FALSE(numbers.empty()) << sample;
    for (const std::string& n : numbers) {
      if (n == "999999999") {
        EXPECT_EQ(FindOrder(n), nullptr) << "must stay unknown";
        continue;
      }
      const Order* order = FindOrder(n);
      ASSERT_NE(order, nullptr) << n << " from " << sample;
      EXPECT_EQ(order->state, "processing") << n;
      EXPECT_TRUE(order->HasQtyToShip()) << n;
    }
  }
}

TEST_F(SeedTest, DemoSeedKnowsEveryStockSku) {
  std::set<std::string> skus = ColumnIn("stock_sources_msi.csv", ',', 1);
  std::set<std::string> erp = ColumnIn("stock_erp_export.tsv", '\t', 0);
  skus.insert(erp.begin(), erp.end());
  ASSERT_EQ(skus.size(), 4u);
  for (const std::string& sku : skus) {
    EXPECT_TRUE(demo_.products.count(sku)) << sku;
    EXPECT_TRUE(demo_.stock_items.count(sku)) << sku;
    EXPECT_TRUE(demo_.source_items.count({sku, "default"})) << sku;
  }
  EXPECT_TRUE(demo_.sources.count("default"));
  EXPECT_TRUE(demo_.sources.count("warehouse_eu"));
}

TEST_F(SeedTest, MultiPackageOrdersHoldTheSampleItems) {
  const Order* o111 = FindOrder("000000111");
  ASSERT_NE(o111, nullptr);
  std::map<std::string, double> children;
  for (const OrderItem& item : o111->items) {
    if (item.parent_item_id) children[item.sku] = item.qty_ordered;
  }
  EXPECT_EQ(children, (std::map<std::string, double>{{"MH01-XS-Black", 1},
                                                     {"MH01-XS-Orange", 2}}));
  const Order* o112 = FindOrder("000000112");
  ASSERT_NE(o112, nullptr);
  std::set<std::string> skus;
  for (const OrderItem& item : o112->items) skus.insert(item.sku);
  EXPECT_EQ(skus, (std::set<std::string>{"WS12-M-Blue", "WS12-M-Green"}));
}

TEST_F(SeedTest, ErrorPathOrdersAndCredentials) {
  EXPECT_EQ(FindOrder("000000115")->state, "canceled");
  EXPECT_EQ(FindOrder("000000116")->state, "holded");
  const Order* shipped = FindOrder("000000117");
  EXPECT_EQ(shipped->state, "complete");
  EXPECT_FALSE(shipped->HasQtyToShip());
  const Order* partial = FindOrder("000000118");
  EXPECT_EQ(partial->state, "processing");
  EXPECT_EQ(partial->items[0].qty_shipped, 1);
  EXPECT_NE(FindOrder("000000120"), nullptr);
  EXPECT_TRUE(demo_.static_tokens.count("demo-token"));
  ASSERT_EQ(demo_.integrations.size(), 1u);
  EXPECT_EQ(demo_.integrations[0].consumer_key.size(), 32u);
  EXPECT_EQ(demo_.integrations[0].access_token.size(), 32u);
  EXPECT_EQ(demo_.admin_users[0].username, "admin");
}

TEST_F(SeedTest, SeededShipmentsGetTracksAndIds) {
  int tracks = 0;
  for (const auto& [id, s] : demo_.shipments)
    tracks += static_cast<int>(s.tracks.size());
  EXPECT_EQ(demo_.shipments.size(), 2u);
  EXPECT_EQ(tracks, 2);
  EXPECT_EQ(demo_.next_shipment_id, 3);
}

TEST_F(SeedTest, BadSeedsNameThePlace) {
  Result<Store> not_json = ParseSeed("{");
  EXPECT_EQ(not_json.status().code(), StatusCode::kInvalidInput);
  Result<Store> no_sku =
      ParseSeed(R"({"orders":[{"increment_id":"1","items":[{"qty":1}]}]})");
  ASSERT_FALSE(no_sku.ok());
  EXPECT_NE(no_sku.status().message().find("orders[0].items[0]"),
            std::string::npos)
      << no_sku.status();
  Result<Store> wrong_type = ParseSeed(R"({"flags":{"input_limits":"yes"}})");
  EXPECT_EQ(wrong_type.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(LoadSeedFile("/nonexistent/seed.json").status().code(),
            StatusCode::kIo);
}

}  // namespace
}  // namespace m2drop::sim
