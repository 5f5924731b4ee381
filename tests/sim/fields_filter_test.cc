// SPDX-License-Identifier: Apache-2.0
// Each case follows lib/internal/Magento/Framework/Webapi/Rest/Response/
// FieldsFilter.php (parse, applyFilter, recursiveArrayIntersectKey) and
// app/code/Magento/Webapi/Controller/Rest/SynchronousRequestProcessor.php.
#include "m2drop/sim/fields_filter.h"

#include <gtest/gtest.h>

namespace m2drop::sim {
namespace {

Json Parsed(const char* text) { return Json::parse(text); }

class FieldsFilterTest : public ::testing::Test {
 protected:
  Json Apply(const Json& response, std::string_view spec) {
    std::optional<Json> out = ApplyFieldsFilter(response, spec);
    EXPECT_TRUE(out.has_value()) << spec;
    return out.value_or(Json("<TypeError>"));
  }

  const Json response_ = {
      {"items",
       {{{"entity_id", 1},
         {"increment_id", "000000101"},
         {"state", "processing"},
         {"items", {{{"sku", "A"}, {"qty_ordered", 1}, {"item_id", 7}}}}}}},
      {"search_criteria", {{"filter_groups", Json::array()}}},
      {"total_count", 1}};
};

TEST_F(FieldsFilterTest, KeepsOnlyNamedFieldsAtEveryLevel) {
  EXPECT_EQ(
      Apply(response_, "items[entity_id,increment_id,items[sku]],total_count"),
      Parsed(R"({"items":[{"entity_id":1,"increment_id":"000000101",
                                 "items":[{"sku":"A"}]}],"total_count":1})"));
}

TEST_F(FieldsFilterTest, AnEmptyListBecomesNullAtTheTop) {
  // applyFilter starts from $arrayIntersect = null: a search that found
  // nothing.
  Json empty_search = Parsed(R"({"items":[],"search_criteria":{},
                                 "total_count":0})");
  EXPECT_EQ(Apply(empty_search, "items[entity_id],total_count"),
            Parsed(R"({"items":null,"total_count":0})"));
  // A void answer ([]) filtered is null itself.
  EXPECT_EQ(Apply(Json::array(), "entity_id"), Json(nullptr));
}

TEST_F(FieldsFilterTest, AnEmptyListBecomesNullWhenNested) {
  Json shipment = Parsed(R"({"entity_id":3,"tracks":[],"items":[],
                             "extension_attributes":{"source_code":"x"}})");
  EXPECT_EQ(Apply(shipment, "entity_id,tracks[track_number],items[sku]"),
            Parsed(R"({"entity_id":3,"tracks":null,"items":null})"));
  Json order = Parsed(R"({"items":[{"entity_id":1,"items":[]}]})");
  EXPECT_EQ(Apply(order, "items[entity_id,items[sku]]"),
            Parsed(R"({"items":[{"entity_id":1,"items":null}]})"));
}

TEST_F(FieldsFilterTest, AListNamedWithoutSubFilterStaysAList) {
  Json shipment = Parsed(R"({"entity_id":3,"tracks":[]})");
  EXPECT_EQ(Apply(shipment, "tracks"), Parsed(R"({"tracks":[]})"));
}

TEST_F(FieldsFilterTest, MalformedFilterGivesEmptyArray) {
  EXPECT_EQ(Apply(response_, "items[entity_id"), Json::array());
  EXPECT_EQ(Apply(response_, "items, total_count"), Json::array());
  EXPECT_EQ(Apply(response_, "items.entity_id"), Json::array());
  EXPECT_EQ(Apply(response_, "total_count\xC3\xA9"), Json::array());
}

TEST_F(FieldsFilterTest, AnObjectLeftWithoutFieldsRendersAsEmptyArray) {
  EXPECT_EQ(Apply(response_, "nothing"), Json::array());
  Json shipment = Parsed(R"({"entity_id":3,"extension_attributes":{"a":1}})");
  EXPECT_EQ(Apply(shipment, "entity_id,extension_attributes[source_code]"),
            Parsed(R"({"entity_id":3,"extension_attributes":[]})"));
}

TEST_F(FieldsFilterTest, AClosingBracketWithoutItsOpenerNamesNothing) {
  // parse() wraps what came before under the key "" (array_pop of an empty
  // stack is null), so nothing of the answer matches.
  EXPECT_EQ(ParseFieldsFilter("entity_id]"), Parsed(R"({"":{"entity_id":1}})"));
  EXPECT_EQ(Apply(response_, "total_count,items]"), Json::array());
  EXPECT_EQ(Apply(response_, "[total_count]"), Json::array());
}

TEST_F(FieldsFilterTest, ALaterMentionReplacesAnEarlierOne) {
  EXPECT_EQ(ParseFieldsFilter("items[sku],items"), Parsed(R"({"items":1})"));
  EXPECT_EQ(ParseFieldsFilter("items,items[sku]"),
            Parsed(R"({"items":{"sku":1}})"));
  EXPECT_EQ(ParseFieldsFilter("items[sku],items[name]"),
            Parsed(R"({"items":{"name":1}})"));
}

TEST_F(FieldsFilterTest, ABracketAfterACommaOpensTheFieldBeforeIt) {
  EXPECT_EQ(ParseFieldsFilter("items,[sku]"), ParseFieldsFilter("items[sku]"));
}

TEST_F(FieldsFilterTest, AnEmptySubFilterKeepsNothingOfEachElement) {
  EXPECT_EQ(
      Apply(Parsed(R"({"items":[{"sku":"A"}],"total_count":1})"), "items[]"),
      Parsed(R"({"items":[[]]})"));
}

TEST_F(FieldsFilterTest, AnObjectWithIntegerKeysIsWalkedAsAList) {
  EXPECT_EQ(Apply(Parsed(R"({"0":{"a":1,"b":2},"1":{"a":3}})"), "a"),
            Parsed(R"([{"a":1},{"a":3}])"));
  EXPECT_EQ(Apply(Parsed(R"({"01":{"a":1}})"), "01"),
            Parsed(R"({"01":{"a":1}})"));
}

TEST_F(FieldsFilterTest, ASubFilterOnAListOfScalarsIsAPhpTypeError) {
  EXPECT_FALSE(
      ApplyFieldsFilter(Parsed(R"({"items":[1,2]})"), "items[a]").has_value());
}

TEST_F(FieldsFilterTest, CustomAttributesAreFilteredByAttributeCode) {
  Json product = Parsed(R"({"sku":"A","custom_attributes":[
      {"attribute_code":"color","value":"red"},
      {"attribute_code":"size","value":"L"}]})");
  EXPECT_EQ(Apply(product, "custom_attributes[color]"),
            Parsed(R"({"custom_attributes":[
                {"attribute_code":"color","value":"red"}]})"));
  EXPECT_EQ(Apply(product, "custom_attributes[attribute_code]"),
            Parsed(R"({"custom_attributes":[{"attribute_code":"color"},
                                             {"attribute_code":"size"}]})"));
  // A key left out of a list makes json_encode write an object.
  EXPECT_EQ(Apply(product, "custom_attributes[size]"),
            Parsed(R"({"custom_attributes":{
                "1":{"attribute_code":"size","value":"L"}}})"));
}

TEST(FilterOutputTest, AnEmptyOrZeroFieldsParameterIsNoFilter) {
  Json body = Parsed(R"({"entity_id":1,"state":"new"})");
  EXPECT_EQ(FilterOutput({{"fields", ""}}, body), body);
  EXPECT_EQ(FilterOutput({{"fields", "0"}}, body), body);
  EXPECT_EQ(FilterOutput({}, body), body);
  EXPECT_EQ(FilterOutput({{"fields", "state"}}, body),
            Parsed(R"({"state":"new"})"));
}

TEST(FilterOutputTest, TheLastFieldsParameterWins) {
  Json body = Parsed(R"({"entity_id":1,"state":"new"})");
  EXPECT_EQ(FilterOutput({{"fields", "state"}, {"fields", "entity_id"}}, body),
            Parsed(R"({"entity_id":1})"));
}

TEST(FilterOutputTest, AnArrayFieldsParameterGivesEmptyArray) {
  Json body = Parsed(R"({"entity_id":1})");
  EXPECT_EQ(FilterOutput({{"fields[]", "entity_id"}}, body), Json::array());
}

TEST(FilterOutputTest, ScalarAnswersAreNeverFiltered) {
  EXPECT_EQ(FilterOutput({{"fields", "x[y"}}, Json(42)), Json(42));
  EXPECT_EQ(FilterOutput({{"fields", "x"}}, Json(true)), Json(true));
  EXPECT_EQ(FilterOutput({{"fields", "x"}}, Json("token")), Json("token"));
}

}  // namespace
}  // namespace m2drop::sim
