// SPDX-License-Identifier: Apache-2.0
#include "m2drop/sim/inventory_routes.h"

#include <gtest/gtest.h>

#include "m2drop/sim/stock_items.h"
#include "sim/sim_fixture.h"

namespace m2drop::sim {
namespace {

class InventoryRoutesTest : public SimFixture {
 protected:
  static Json Item(const std::string& sku, const std::string& source,
                   const Json& qty, const Json& status = 1) {
    return {{"sku", sku},
            {"source_code", source},
            {"quantity", qty},
            {"status", status}};
  }
  std::optional<SourceItem> Saved(const std::string& sku,
                                  const std::string& source) {
    std::optional<SourceItem> found;
    sim_->WithStore([&](Store& s) {
      auto it = s.source_items.find({sku, source});
      if (it != s.source_items.end()) found = it->second;
    });
    return found;
  }
  Response Save(const Json& items) {
    return Post("/rest/all/V1/inventory/source-items",
                {{"sourceItems", items}});
  }
};

TEST_F(InventoryRoutesTest, SaveUpsertsAndAnswersEmptyArray) {
  Response r = Save(Json::array({Item("WS12-M-Blue", "warehouse_eu", 35.5),
                                 Item("NEW-SKU", "default", 3, 0)}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, "[]");
  EXPECT_EQ(Saved("WS12-M-Blue", "warehouse_eu")->quantity, 35.5);
  EXPECT_EQ(Saved("NEW-SKU", "default")->status, 0);
}

TEST_F(InventoryRoutesTest, SnakeCaseTopLevelKeyIsAccepted) {
  Response r = Post(
      "/rest/V1/inventory/source-items",
      {{"source_items", Json::array({Item("MH01-XS-Black", "default", 7)})}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Saved("MH01-XS-Black", "default")->quantity, 7);
}

TEST_F(InventoryRoutesTest, OneBadItemRejectsTheWholeBatch) {
  // A null quantity reaches MSI's validators ("abc" would not: see below).
  Response r =
      Save(Json::array({Item("MH01-XS-Black", "default", 1),
                        Item(" MH01-XS-Orange", "default", nullptr, 5)}));
  EXPECT_EQ(r.status, 400);
  Json body = Body(r);
  EXPECT_EQ(
      body["message"],
      "Validation Failed: \"sku\" can not contain leading or trailing spaces.");
  ASSERT_EQ(body["errors"].size(), 3u);
  EXPECT_EQ(body["errors"][0]["message"],
            "\"%field\" can not contain leading or trailing spaces.");
  EXPECT_EQ(body["errors"][1]["message"], "\"%field\" should be numeric.");
  EXPECT_EQ(body["errors"][1]["parameters"]["field"], "quantity");
  EXPECT_EQ(body["errors"][2]["message"], "\"%field\" should a known status.");
  EXPECT_EQ(Saved("MH01-XS-Black", "default")->quantity, 100);  // untouched
}

// ServiceInputProcessor converts each field before any validator runs; the
// message is the one InventoryApi/Test/Api/SourceItemsSave/ValidationTest.php
// expects.
TEST_F(InventoryRoutesTest, QuantityThatIsNotANumberIsATypeError) {
  Response r = Save(Json::array({Item("MH01-XS-Black", "default", "abc")}));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Body(r)["message"],
            "Error occurred during \"quantity\" processing. The \"abc\" "
            "value's type is invalid. The \"float\" type was expected. Verify "
            "and try again.");
  EXPECT_EQ(
      Save(Json::array({Item("MH01-XS-Black", "default", " 5.5 ")})).status,
      200);
}

TEST_F(InventoryRoutesTest, AnUnknownFieldIsNotSupported) {
  Json item = Item("MH01-XS-Black", "default", 5);
  item["qty"] = 5;
  Response r = Save(Json::array({item}));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Body(r)["message"],
            "\"%fieldName\" is not supported. Correct the field name and try "
            "again.");
  EXPECT_EQ(Body(r)["parameters"]["fieldName"], "Qty");
  EXPECT_EQ(Saved("MH01-XS-Black", "default")->quantity, 100);
  // camelCase names reach the same getters and are accepted.
  Json camel = {{"sku", "MH01-XS-Black"},
                {"sourceCode", "default"},
                {"quantity", 6},
                {"status", 1}};
  EXPECT_EQ(Save(Json::array({camel})).status, 200);
}

TEST_F(InventoryRoutesTest, LegacyStockItemWithAnUnknownFieldIsNotSaved) {
  Response put = Put("/rest/V1/products/MH01-XS-Black/stockItems/1",
                     {{"stockItem", {{"quantity", 3}, {"is_in_stock", true}}}});
  EXPECT_EQ(put.status, 400);
  EXPECT_EQ(Body(put)["parameters"]["fieldName"], "Quantity");
  Response path = Put("/rest/V1/products/MH01-XS-Black/stockItems/x",
                      {{"stockItem", {{"qty", 3}}}});
  EXPECT_EQ(path.status, 400);
  EXPECT_EQ(Body(path)["message"],
            "The \"x\" value's type is invalid. The \"int\" type was "
            "expected. Verify and try again.");
}

TEST_F(InventoryRoutesTest, EmptySkuAndWhitespaceSource) {
  Json body = Body(Save(Json::array({Item("", "ware house", 1)})));
  EXPECT_EQ(body["message"], "Validation Failed: \"sku\" can not be empty.");
  EXPECT_EQ(body["errors"][1]["message"],
            "\"%field\" can not contain whitespaces.");
  EXPECT_EQ(body["errors"][1]["parameters"]["field"], "source_code");
}

// Inventory/Model/Validators (NotAnEmptyString, NoSpaceBeforeAndAfterString,
// NoWhitespaceInString): every check adds its own error, so a blank SKU is
// both empty and padded, and PHP's trim() takes NUL and VT too; a numeric
// SKU is text to the setter; a status of 1.5 was truncated to 1 before the
// validators (StatusValidator compares (int) $status).
TEST_F(InventoryRoutesTest, ValidatorsAsInventoryRunsThem) {
  Json body = Body(Save(Json::array({Item("  ", "default", 1)})));
  ASSERT_EQ(body["errors"].size(), 2u) << body.dump();
  EXPECT_EQ(body["errors"][0]["message"], "\"%field\" can not be empty.");
  EXPECT_EQ(body["errors"][1]["message"],
            "\"%field\" can not contain leading or trailing spaces.");
  Json padded = Body(
      Save(Json::array({Item(std::string("MH01-XS-Black\v", 14), "default", 1),
                        Item(std::string("\0MH01-XS-Black", 14), "default", 1),
                        Item("MH01-XS-Black", "def\fault", 1)})));
  ASSERT_EQ(padded["errors"].size(), 3u) << padded.dump();
  EXPECT_EQ(padded["errors"][1]["message"],
            "\"%field\" can not contain leading or trailing spaces.");
  EXPECT_EQ(padded["errors"][2]["message"],
            "\"%field\" can not contain whitespaces.");
  sim_->WithStore([](Store& s) { s.AddProduct({99, "12345", "n", "simple"}); });
  EXPECT_EQ(
      Save(Json::array({Item("MH01-XS-Black", "default", 2, 1.5)})).status,
      200);
  EXPECT_EQ(Saved("MH01-XS-Black", "default")->status, 1);
  Json numeric_sku = Item("", "default", 2);
  numeric_sku["sku"] = 12345;
  EXPECT_EQ(Save(Json::array({numeric_sku})).status, 200);
  EXPECT_EQ(Saved("12345", "default")->quantity, 2);
}

// A missing status is not numeric, but (int) null is 0, a known status: one
// error, not two (StatusValidator.php).
TEST_F(InventoryRoutesTest, MissingStatusIsOnlyNotNumeric) {
  Json item = Item("MH01-XS-Black", "default", 1);
  item.erase("status");
  Json body = Body(Save(Json::array({item})));
  ASSERT_EQ(body["errors"].size(), 1u) << body.dump();
  EXPECT_EQ(body["errors"][0]["message"], "\"%field\" should be numeric.");
  EXPECT_EQ(body["errors"][0]["parameters"]["field"], "status");
}

TEST_F(InventoryRoutesTest, UnknownSourceAndEmptyInput) {
  Response unknown = Save(Json::array({Item("MH01-XS-Black", "nowhere", 1)}));
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(Body(unknown)["message"], "Could not save Source Item");
  Response empty = Save(Json::array());
  EXPECT_EQ(Body(empty)["message"], "Input data is empty");
  Response missing = Post("/rest/V1/inventory/source-items", Json::object());
  EXPECT_EQ(Body(missing)["parameters"]["fieldName"], "sourceItems");
}

// ExistentSkuValidator (magento/inventory 2693b95, MC-37522, unreleased):
// the lookup ignores case (Catalog ResourceModel/Product::getResultKey) and
// runs for an empty SKU too.
TEST_F(InventoryRoutesTest, UnknownSkuRejectedWhenConfigured) {
  sim_->WithStore([](Store& s) { s.flags.accept_unknown_skus = false; });
  Json body = Body(Save(Json::array({Item("NOPE-1", "default", 1)})));
  EXPECT_EQ(
      body["message"],
      "Validation Failed: Product with requested \"sku\": \"NOPE-1\" was was "
      "not found.");
  EXPECT_EQ(body["errors"][0]["parameters"]["value"], "NOPE-1");
  EXPECT_EQ(Save(Json::array({Item("mh01-xs-black", "default", 1)})).status,
            200);
  Json empty = Body(Save(Json::array({Item("", "default", 1)})));
  ASSERT_EQ(empty["errors"].size(), 2u) << empty.dump();
  EXPECT_EQ(empty["errors"][1]["parameters"]["value"], "");
}

// Released MSI has no SKU check: a source item for an unknown SKU is saved
// (SetDataToLegacyCatalogInventoryAtSourceItemsSavePlugin skips it).
TEST_F(InventoryRoutesTest, UnknownSkuSavedByDefault) {
  EXPECT_EQ(Save(Json::array({Item("NOPE-2", "default", 4)})).status, 200);
  EXPECT_EQ(Saved("NOPE-2", "default")->quantity, 4);
}

TEST_F(InventoryRoutesTest, ArrayLimitNamesTheSourceItemType) {
  sim_->WithStore([](Store& s) {
    s.flags.input_limits = true;
    s.flags.input_array_limit = 2;
  });
  Json items = Json::array();
  for (int i = 0; i < 3; ++i)
    items.push_back(Item("MH01-XS-Black", "default", i));
  Json body = Body(Save(items));
  EXPECT_EQ(body["message"], "Maximum items of type \"%type\" is %max");
  EXPECT_EQ(body["parameters"]["type"],
            "\\Magento\\InventoryApi\\Api\\Data\\SourceItemInterface");
  EXPECT_EQ(body["parameters"]["max"], 2);
}

TEST_F(InventoryRoutesTest, ListSourceItemsBySku) {
  Response r =
      Get("/rest/V1/inventory/source-items", Filter("sku", "WS12-M-Blue"));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(Body(r)["total_count"], 2);  // default and warehouse_eu
}

TEST_F(InventoryRoutesTest, LegacyStockItemReadWriteAndSync) {
  Response get = Get("/rest/V1/stockItems/MH01-XS-Black");
  ASSERT_EQ(get.status, 200);
  Json item = Body(get);
  Response put = Put("/rest/V1/products/MH01-XS-Black/stockItems/999",
                     {{"stockItem", {{"qty", "25.0000"}, {"is_in_stock", 1}}}});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(Body(put), item["item_id"]);
  EXPECT_EQ(Body(Get("/rest/V1/stockItems/MH01-XS-Black"))["qty"], 25);
  EXPECT_EQ(Saved("MH01-XS-Black", "default")->quantity, 25);  // MSI sync
}

TEST_F(InventoryRoutesTest, LegacyUnknownSkuIs404WithParameter) {
  Response r = Get("/rest/V1/stockItems/NOPE");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(Body(r)["message"],
            "The Product with the \"%1\" SKU doesn't exist.");
  EXPECT_EQ(Body(r)["parameters"][0], "NOPE");
  Response put =
      Put("/rest/V1/products/NOPE/stockItems/1", {{"stockItem", {{"qty", 1}}}});
  EXPECT_EQ(put.status, 404);
}

// CatalogInventory StockItemRepository::save / StockStateProvider::
// verifyStock: without backorders a quantity of 0 cannot be in stock.
TEST_F(InventoryRoutesTest, LegacyZeroInStockIsSavedOutOfStock) {
  Response put = Put("/rest/V1/products/MH01-XS-Black/stockItems/1",
                     {{"stockItem", {{"qty", 0}, {"is_in_stock", true}}}});
  ASSERT_EQ(put.status, 200) << put.body;
  Json item = Body(Get("/rest/V1/stockItems/MH01-XS-Black"));
  EXPECT_EQ(item["qty"], 0);
  EXPECT_EQ(item["is_in_stock"], false);
  EXPECT_EQ(item["stock_status_changed_auto"], 1);
  EXPECT_EQ(Saved("MH01-XS-Black", "default")->status, 0);
  // Once the quantity allows, Magento puts back in stock what it took out
  // itself, even when the request says out of stock.
  Put("/rest/V1/products/MH01-XS-Black/stockItems/1",
      {{"stockItem", {{"qty", 4}, {"is_in_stock", false}}}});
  item = Body(Get("/rest/V1/stockItems/MH01-XS-Black"));
  EXPECT_EQ(item["is_in_stock"], true);
}

TEST_F(InventoryRoutesTest, LegacyStockRulesFollowVerifyStock) {
  StockItem item;
  item.qty = 0.5;  // (int) 0.5 === 0
  EXPECT_FALSE(VerifyStock(item));
  item.qty = 3;
  item.min_qty = 5;
  EXPECT_FALSE(VerifyStock(item));
  item.backorders = 1;
  EXPECT_TRUE(VerifyStock(item));
  item.backorders = 0;
  item.min_qty = 0;
  EXPECT_TRUE(VerifyStock(item));
  StockItem unmanaged;
  unmanaged.manage_stock = false;
  unmanaged.qty = 0;
  unmanaged.is_in_stock = true;
  SaveStockStatus(unmanaged, true, true);
  EXPECT_TRUE(unmanaged.is_in_stock);
  StockItem parent;
  parent.qty = 5;
  SaveStockStatus(parent, true, /*holds_qty=*/false);
  EXPECT_EQ(parent.qty, 0);
}

TEST_F(InventoryRoutesTest, LegacyStatusSentAsTextIsReadAsPhpDoes) {
  Put("/rest/V1/products/MH01-XS-Black/stockItems/1",
      {{"stockItem", {{"qty", 5}, {"is_in_stock", "no"}}}});
  EXPECT_EQ(Body(Get("/rest/V1/stockItems/MH01-XS-Black"))["is_in_stock"],
            false);
  Put("/rest/V1/products/MH01-XS-Black/stockItems/1",
      {{"stockItem", {{"qty", 5}, {"is_in_stock", "yes"}}}});
  EXPECT_EQ(Body(Get("/rest/V1/stockItems/MH01-XS-Black"))["is_in_stock"],
            true);
}

TEST_F(InventoryRoutesTest, LegacySkuIsMatchedIgnoringCase) {
  Response put = Put("/rest/V1/products/mh01-xs-black/stockItems/1",
                     {{"stockItem", {{"qty", 7}}}});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(Body(Get("/rest/V1/stockItems/MH01-XS-Black"))["qty"], 7);
}

TEST_F(InventoryRoutesTest, ProductsBySkuAndPageSizeLimit) {
  Response r = Get("/rest/V1/products",
                   Filter("sku", "MH01-XS-Black,WS12-M-Green", "in"));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(Body(r)["total_count"], 2);
  sim_->WithStore([](Store& s) {
    s.flags.input_limits = true;
    s.flags.default_page_size = 5;
  });
  QueryPairs q = Filter("sku", "x");
  q.emplace_back("searchCriteria[pageSize]", "301");
  Response limited = Get("/rest/V1/products", q);
  EXPECT_EQ(limited.status, 400);
  EXPECT_EQ(Body(limited)["message"],
            "Maximum SearchCriteria pageSize is %max");
  EXPECT_EQ(Body(limited)["parameters"]["max"], 300);
  // SearchCriteriaValidator::validateEntityValue sees the key as sent: only
  // "pageSize" is held to the maximum, "page_size" reaches the same setter
  // unchecked.
  QueryPairs snake = Filter("sku", "x");
  snake.emplace_back("searchCriteria[page_size]", "301");
  EXPECT_EQ(Get("/rest/V1/products", snake).status, 200);
  Response defaulted = Get("/rest/V1/products", Filter("sku", "%", "like"));
  EXPECT_EQ(Body(defaulted)["items"].size(), 5u);  // default page size
  EXPECT_GT(Body(defaulted)["total_count"].get<int>(), 5);
}

TEST_F(InventoryRoutesTest, ProductsBySkuIgnoreCaseAndCombineWithOtherGroups) {
  // Magento compares SKUs in a case-insensitive collation; the simulator's
  // shortcut for sku searches must keep that and still apply every group.
  Response r = Get("/rest/V1/products",
                   Filter("sku", "mh01-xs-black,NOPE,ws12-m-green", "in"));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(Body(r)["total_count"], 2);
  Response one = Get("/rest/V1/products", Filter("sku", "Ws12-M-Green"));
  ASSERT_EQ(one.status, 200);
  ASSERT_EQ(Body(one)["items"].size(), 1u);
  EXPECT_EQ(Body(one)["items"][0]["sku"], "WS12-M-Green");
  QueryPairs both = Filter("sku", "MH01-XS-Black,WS12-M-Green", "in");
  both.emplace_back("searchCriteria[filter_groups][1][filters][0][field]",
                    "sku");
  both.emplace_back("searchCriteria[filter_groups][1][filters][0][value]",
                    "WS12%");
  both.emplace_back(
      "searchCriteria[filter_groups][1][filters][0][condition_type]", "like");
  Response narrowed = Get("/rest/V1/products", both);
  ASSERT_EQ(narrowed.status, 200);
  EXPECT_EQ(Body(narrowed)["total_count"], 1);
}

}  // namespace
}  // namespace m2drop::sim
