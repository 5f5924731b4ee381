// SPDX-License-Identifier: Apache-2.0
#include "m2drop/sim/simulator.h"

#include <gtest/gtest.h>

#include "m2drop/sim/rest_request.h"
#include "sim/sim_fixture.h"

namespace m2drop::sim {
namespace {

class SimulatorTest : public SimFixture {
 protected:
  Response PostRaw(const std::string& path, const std::string& body,
                   const std::string& content_type) {
    Request r = MakeRequest("GET", path, {}, body);
    r.method = "POST";
    if (!content_type.empty())
      r.headers.emplace_back("Content-Type", content_type);
    return sim_->Handle(r);
  }
};

TEST_F(SimulatorTest, UnknownRouteWrongMethodAndUnknownStoreAre404) {
  for (const Response& r :
       {Get("/rest/V1/nothing"), Post("/rest/V1/orders", Json::object()),
        Get("/rest/deflt/V1/orders", Filter("entity_id", "1")),
        Get("/V1/orders")}) {
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(Body(r)["message"], "Request does not match any route.");
  }
}

TEST_F(SimulatorTest, KnownStoreCodesAndNoStoreCodeAllWork) {
  for (const char* prefix :
       {"/rest/V1", "/rest/default/V1", "/rest/all/V1", "/rest/de/V1"}) {
    EXPECT_EQ(
        Get(std::string(prefix) + "/orders", Filter("entity_id", "1")).status,
        200)
        << prefix;
  }
}

TEST_F(SimulatorTest, ContentTypeChecksOnPost) {
  const std::string path = "/rest/V1/inventory/source-items";
  Response empty = PostRaw(path, "{}", "");
  EXPECT_EQ(Body(empty)["message"], "Content-Type header is empty.");
  EXPECT_EQ(Body(PostRaw(path, "{}", "application json"))["message"],
            "Content-Type header is invalid.");
  EXPECT_EQ(
      Body(PostRaw(path, "{}", "application/json; charset=latin1"))["message"],
      "UTF-8 is the only supported charset.");
  Response form = PostRaw(path, "{}", "application/x-www-form-urlencoded");
  EXPECT_EQ(form.status, 400);
  EXPECT_EQ(Body(form)["message"],
            "Server cannot understand Content-Type HTTP header media type %1");
  EXPECT_EQ(Body(form)["parameters"][0], "application/x-www-form-urlencoded");
  EXPECT_EQ(
      PostRaw(path, "{\"sourceItems\":[]}", "application/json; charset=UTF-8")
          .status,
      400);  // accepted header; "Input data is empty"
}

// Rest/Request/DeserializerFactory.php compares the media type exactly.
TEST_F(SimulatorTest, ContentTypeMediaTypeIsCaseSensitive) {
  Response r = PostRaw("/rest/V1/inventory/source-items",
                       "{\"sourceItems\":[]}", "Application/JSON");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Body(r)["parameters"][0], "Application/JSON");
}

TEST_F(SimulatorTest, AnEmptyBodyIsADecodingError) {
  Response r =
      PostRaw("/rest/V1/inventory/source-items", "", "application/json");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Body(r)["message"], "Decoding error.");
}

// Rest/Request.php getHttpMethod, asked before any route is matched.
TEST_F(SimulatorTest, PatchIsAnInvalidMethodOnAnyPath) {
  for (const char* path : {"/rest/V1/orders/1", "/rest/V1/nothing"}) {
    Request r = MakeRequest("PATCH", path, {}, "{}");
    Response answer = sim_->Handle(r);
    EXPECT_EQ(answer.status, 400) << path;
    EXPECT_EQ(Body(answer)["message"], "Request method is invalid.");
  }
}

// Rest/Response/RendererFactory.php with app/etc/di.xml's renderers.
TEST_F(SimulatorTest, AnAcceptNoRendererTakesIs406) {
  Request r = MakeRequest("GET", "/rest/V1/orders/1");
  r.headers.emplace_back("Accept", "text/html");
  Response answer = sim_->Handle(r);
  EXPECT_EQ(answer.status, 406);
  EXPECT_EQ(Body(answer)["messages"]["error"][0]["message"],
            "Server cannot match any of the given Accept HTTP header media "
            "type(s) from the request: \"text/html\" with media types from "
            "the config of response renderer.");
  for (const char* accept :
       {"application/json", "*/*", "application/*", "text/html, */*;q=0.1",
        "text/html,application/xhtml+xml,application/xml;q=0.9"}) {
    Request ok = MakeRequest("GET", "/rest/V1/orders/1");
    ok.headers.emplace_back("Accept", accept);
    EXPECT_EQ(sim_->Handle(ok).status, 200) << accept;
  }
}

TEST(AcceptTypesTest, OrdersByQualityThenAsSent) {
  EXPECT_EQ(AcceptTypes("text/html;q=0.5, application/json, x/y;q=0.9"),
            (std::vector<std::string>{"application/json", "x/y", "text/html"}));
  EXPECT_EQ(AcceptTypes(""), std::vector<std::string>{"*/*"});
  EXPECT_EQ(AcceptTypes("not a type"), std::vector<std::string>{"*/*"});
}

TEST_F(SimulatorTest, BadJsonIsDecodingError) {
  Response r = PostRaw("/rest/V1/inventory/source-items", "{\"sourceItems\": [",
                       "application/json");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Body(r)["message"], "Decoding error.");
}

TEST_F(SimulatorTest, AuthIsCheckedBeforeTheBody) {
  Request r =
      MakeRequest("POST", "/rest/V1/inventory/source-items", {}, "{", "");
  EXPECT_EQ(sim_->Handle(r).status, 401);
}

TEST_F(SimulatorTest, FieldsFilterAppliesToGetResponsesAndTrapsMalformed) {
  QueryPairs q = Filter("increment_id", "000000101");
  q.emplace_back("fields", "items[entity_id,increment_id],total_count");
  Json body = Body(Get("/rest/V1/orders", q));
  EXPECT_EQ(
      body,
      Json({{"items", {{{"entity_id", 1}, {"increment_id", "000000101"}}}},
            {"total_count", 1}}));
  q.back().second = "items[entity_id";
  Response trap = Get("/rest/V1/orders", q);
  EXPECT_EQ(trap.status, 200);
  EXPECT_EQ(trap.body, "[]");
}

TEST_F(SimulatorTest, ASearchThatFindsNothingHasNullItemsWhenFiltered) {
  QueryPairs q = Filter("increment_id", "no-such-order");
  q.emplace_back("fields", "items[entity_id],total_count");
  Response r = Get("/rest/V1/orders", q);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(Body(r), Json::parse(R"({"items":null,"total_count":0})"));
}

TEST_F(SimulatorTest, AnEmptyFieldsParameterIsNoFilter) {
  Response whole = Get("/rest/V1/orders/1");
  Response empty = Get("/rest/V1/orders/1", {{"fields", ""}});
  EXPECT_EQ(empty.status, 200);
  EXPECT_EQ(Body(empty), Body(whole));
}

TEST_F(SimulatorTest, FieldsFilterAppliesToPostResponses) {
  int64_t order = EntityIdOf("000000117");
  int64_t shipment = 0;
  sim_->WithStore(
      [&](Store& s) { shipment = s.ShipmentsOfOrder(order)[0]->entity_id; });
  Request r = MakeRequest("POST", "/rest/V1/shipment/track",
                          {{"fields", "entity_id,track_number"}},
                          Json({{"entity",
                                 {{"order_id", order},
                                  {"parent_id", shipment},
                                  {"track_number", "F1"},
                                  {"carrier_code", "ups"}}}})
                              .dump());
  Json body = Body(sim_->Handle(r));
  EXPECT_EQ(body.size(), 2u);
  EXPECT_EQ(body["track_number"], "F1");
}

TEST_F(SimulatorTest, IntrospectionCountsRequestsPerRouteAndStatus) {
  Get("/rest/V1/orders/1");
  Get("/rest/V1/orders/99999");
  Get("/rest/V1/nowhere");
  Json counts =
      Body(sim_->Handle(MakeRequest("GET", "/_sim/requests", {}, "", "")));
  EXPECT_EQ(counts["total"], 3);
  EXPECT_EQ(counts["by_route"]["GET /V1/orders/{id}"]["200"], 1);
  EXPECT_EQ(counts["by_route"]["GET /V1/orders/{id}"]["404"], 1);
  EXPECT_EQ(counts["by_route"]["unmatched"]["404"], 1);
  EXPECT_EQ(counts["by_status"]["404"], 2);
  sim_->Handle(MakeRequest("POST", "/_sim/reset-counters", {}, "", ""));
  EXPECT_EQ(sim_->CountersForTesting().total(), 0);
}

TEST_F(SimulatorTest, IntrospectionStateShowsOrdersShipmentsAndStock) {
  Json state =
      Body(sim_->Handle(MakeRequest("GET", "/_sim/state", {}, "", "")));
  const Json* shipped = nullptr;
  for (const Json& o : state["orders"]) {
    if (o["increment_id"] == "000000117") shipped = &o;
  }
  ASSERT_NE(shipped, nullptr);
  EXPECT_EQ((*shipped)["shipments"][0]["tracks"][0]["track_number"],
            "1Z999AA10000000117");
  EXPECT_FALSE(state["source_items"].empty());
  EXPECT_FALSE(state["stock_items"].empty());
}

TEST_F(SimulatorTest, FaultsAndFlagsChangeAtRunTime) {
  Request faults =
      MakeRequest("POST", "/_sim/faults", {}, R"({"outage":true})", "");
  ASSERT_EQ(sim_->Handle(faults).status, 200);
  EXPECT_EQ(sim_->faults().Decide(clock_.Now(), "GET /V1/orders").kind,
            FaultKind::kOutage);
  Request bad =
      MakeRequest("POST", "/_sim/faults", {}, R"({"error_rate":2})", "");
  EXPECT_EQ(sim_->Handle(bad).status, 400);
  Request flags =
      MakeRequest("POST", "/_sim/flags", {}, R"({"input_limits":true})", "");
  ASSERT_EQ(sim_->Handle(flags).status, 200);
  bool limits = false;
  sim_->WithStore([&](Store& s) { limits = s.flags.input_limits; });
  EXPECT_TRUE(limits);
}

}  // namespace
}  // namespace m2drop::sim
