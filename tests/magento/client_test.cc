// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "fakes/fake_api_caller.h"
#include "fakes/gated_api_caller.h"
#include "m2drop/base/strings.h"
#include "m2drop/magento/fields.h"
#include "testing/status_matchers.h"

namespace m2drop::magento {
namespace {

using nlohmann::json;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

using Fake = FakeApiCaller;

std::string Query(const ApiRequest& request, const std::string& key) {
  return Fake::Query(request, key).value_or("<absent>");
}

std::string FilterValue(const ApiRequest& request, int filter = 0) {
  return Query(request, "searchCriteria[filter_groups][0][filters][" +
                            std::to_string(filter) + "][value]");
}

int CurrentPage(const ApiRequest& request) {
  return std::stoi(Query(request, "searchCriteria[currentPage]"));
}

int PageSize(const ApiRequest& request) {
  return std::stoi(Query(request, "searchCriteria[pageSize]"));
}

json OrderJson(int64_t entity_id) {
  return {{"entity_id", entity_id},
          {"increment_id", "0000" + std::to_string(entity_id)},
          {"state", "processing"},
          {"status", "processing"},
          {"items", json::array({{{"item_id", entity_id * 10},
                                  {"sku", "SKU-" + std::to_string(entity_id)},
                                  {"qty_ordered", 1}}})}};
}

json ShipmentJson(int64_t entity_id, int64_t order_id,
                  const std::string& track_number) {
  json tracks = json::array();
  if (!track_number.empty()) {
    tracks.push_back({{"entity_id", entity_id * 100},
                      {"parent_id", entity_id},
                      {"order_id", order_id},
                      {"track_number", track_number},
                      {"carrier_code", "ups"},
                      {"title", "UPS"}});
  }
  return {{"entity_id", entity_id}, {"order_id", order_id}, {"tracks", tracks}};
}

json List(std::vector<json> items, int64_t total_count) {
  return {{"items", std::move(items)}, {"total_count", total_count}};
}

std::vector<std::string> IncrementIds(int count) {
  std::vector<std::string> ids;
  for (int i = 1; i <= count; ++i) ids.push_back("0000" + std::to_string(i));
  return ids;
}

// Serves `total` orders (entity ids 1..total) page by page as Magento does,
// clamping a page past the end to the last page.
Fake::Responder ServeOrders(int total) {
  return [total](const ApiRequest& request) {
    int size = PageSize(request);
    int last_page = std::max(1, (total + size - 1) / size);
    int page = std::min(CurrentPage(request), last_page);
    std::vector<json> items;
    for (int id = (page - 1) * size + 1; id <= std::min(total, page * size);
         ++id) {
      items.push_back(OrderJson(id));
    }
    return Fake::Ok(List(std::move(items), total));
  };
}

ShipRequest ContractShipRequest() {
  ShipRequest request;
  request.order_id = 12;
  request.order_number = "000000123";
  request.items = {{101, 2}};
  request.notify = true;
  request.comment = "Shipped by 3PL";
  request.comment_visible_on_front = true;
  request.tracks = {{"1Z999AA10123456784", "UPS", "ups"}};
  request.source_code = "wh_main";
  request.known_shipment_ids = {30};
  return request;
}

AddTrackRequest TrackRequest() {
  AddTrackRequest request;
  request.order_id = 12;
  request.shipment_id = 34;
  request.order_number = "000000123";
  request.track = {"1Z999AA10123456784", "UPS", "ups"};
  return request;
}

std::vector<SourceItem> SourceItems(int count) {
  std::vector<SourceItem> items;
  for (int i = 0; i < count; ++i) {
    items.push_back({"SKU-" + std::to_string(i), "eu-1", 1.0 * i, 1});
  }
  return items;
}

ApiResult ArrayLimit(int max) {
  return Fake::Rejected(400,
                        "Maximum items of type "
                        "\"\\Magento\\InventoryApi\\Api\\Data\\"
                        "SourceItemInterface\" is " +
                            std::to_string(max),
                        "Maximum items of type \"%type\" is %max",
                        {{"type", "SourceItemInterface"}, {"max", max}});
}

const char kNothingLeft[] =
    "Shipment Document Validation Error(s):\nThe order does not allow a "
    "shipment to be created.\nYou can't create a shipment without products.";

class ClientTest : public ::testing::Test {
 protected:
  Fake fake_;
  Client client_{fake_, ClientOptions{}};
  std::stop_token stop_;
};

// --- Searches
// -----------------------------------------------------------------

TEST_F(ClientTest, OrderSearchSendsTheExactQuery) {
  fake_.On("GET", "V1/orders", {Fake::Ok(List({OrderJson(5)}, 1))});
  Result<std::vector<Order>> orders =
      client_.OrdersByIncrementIds({"000000123", "000000124"}, stop_);
  ASSERT_OK(orders);
  std::vector<ApiRequest> requests = fake_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].route, "GET /V1/orders");
  EXPECT_TRUE(requests[0].idempotent);
  EXPECT_FALSE(requests[0].body.has_value());
  EXPECT_THAT(
      requests[0].query,
      ElementsAre(
          Pair("searchCriteria[filter_groups][0][filters][0][field]",
               "increment_id"),
          Pair("searchCriteria[filter_groups][0][filters][0][value]",
               "000000123,000000124"),
          Pair("searchCriteria[filter_groups][0][filters][0][condition_type]",
               "in"),
          Pair("searchCriteria[sortOrders][0][field]", "entity_id"),
          Pair("searchCriteria[sortOrders][0][direction]", "ASC"),
          Pair("searchCriteria[pageSize]", "100"),
          Pair("searchCriteria[currentPage]", "1"),
          Pair("fields", std::string(fields::kOrderList))));
  ASSERT_EQ(orders->size(), 1u);
  EXPECT_EQ((*orders)[0].entity_id, 5);
  EXPECT_EQ((*orders)[0].items[0].sku, "SKU-5");
}

TEST_F(ClientTest, SearchesOncePerPageSizeIds) {
  fake_.OnCall("GET", "V1/orders",
               [](const ApiRequest&) { return Fake::Ok(List({}, 0)); });
  ASSERT_OK(client_.OrdersByIncrementIds(IncrementIds(250), stop_));
  std::vector<ApiRequest> requests = fake_.requests();
  ASSERT_EQ(requests.size(), 3u);
  std::vector<size_t> batch_sizes;
  for (const ApiRequest& request : requests) {
    batch_sizes.push_back(Split(FilterValue(request), ',').size());
    EXPECT_EQ(CurrentPage(request), 1);
  }
  EXPECT_THAT(batch_sizes, ElementsAre(100, 100, 50));
  EXPECT_EQ(Split(FilterValue(requests[2]), ',').front(), "0000201");
}

TEST_F(ClientTest, ParallelSearchesOverlapAndKeepEveryResult) {
  // 250 ids at page size 50: five searches, up to five at once.
  fake_.OnCall("GET", "V1/orders", [](const ApiRequest& r) {
    std::vector<json> items;
    const std::string ids = FilterValue(r);
    for (std::string_view id : Split(ids, ',')) {
      items.push_back(OrderJson(std::stoi(std::string(id))));
    }
    const int64_t total = static_cast<int64_t>(items.size());
    return Fake::Ok(List(std::move(items), total));
  });
  GatedApiCaller gated(fake_, 5);
  Client client(gated, {.page_size = 50, .max_parallel_searches = 5});
  Result<std::vector<Order>> orders =
      client.OrdersByIncrementIds(IncrementIds(250), stop_);
  ASSERT_OK(orders);
  EXPECT_EQ(gated.peak(), 5);
  ASSERT_EQ(orders->size(), 250u);
  for (size_t i = 0; i < orders->size(); ++i) {
    ASSERT_EQ((*orders)[i].entity_id, static_cast<int64_t>(i + 1));
  }
}

TEST_F(ClientTest, OneFailedParallelSearchFailsTheLookUpWithItsReason) {
  fake_.On("GET", "V1/orders",
           {Fake::Rejected(400, "\"increment_id\" is not a valid filter")},
           [](const ApiRequest& r) {
             const std::string ids = FilterValue(r);
             return Split(ids, ',').front() == "0000101";
           });
  fake_.OnCall("GET", "V1/orders",
               [](const ApiRequest&) { return Fake::Ok(List({}, 0)); });
  Client client(fake_, {.page_size = 50, .max_parallel_searches = 3});
  Result<std::vector<Order>> orders =
      client.OrdersByIncrementIds(IncrementIds(500), stop_);
  ASSERT_FALSE(orders.ok());
  EXPECT_EQ(orders.status().code(), StatusCode::kRejected);
  EXPECT_THAT(orders.status().message(), HasSubstr("not a valid filter"));
  // The searches not started when it failed are not sent: one at a time,
  // the third fails and the seven after it never go out.
  const size_t before = fake_.requests().size();
  Client serial(fake_, {.page_size = 50, .max_parallel_searches = 1});
  EXPECT_FALSE(serial.OrdersByIncrementIds(IncrementIds(500), stop_).ok());
  EXPECT_EQ(fake_.requests().size() - before, 3u);
}

TEST_F(ClientTest, PagesByTotalCountAndStopsAtTheLastPage) {
  // Page 4 of 3 would repeat page 3 (Magento clamps): the client must not
  // ask for it, or it would loop "until empty" for ever.
  fake_.OnCall("GET", "V1/orders", ServeOrders(250));
  Result<std::vector<Order>> orders =
      client_.OrdersByIncrementIds({"any"}, stop_);
  ASSERT_OK(orders);
  std::vector<ApiRequest> requests = fake_.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(CurrentPage(requests[0]), 1);
  EXPECT_EQ(CurrentPage(requests[1]), 2);
  EXPECT_EQ(CurrentPage(requests[2]), 3);
  ASSERT_EQ(orders->size(), 250u);
  EXPECT_EQ(orders->front().entity_id, 1);
  EXPECT_EQ(orders->back().entity_id, 250);
}

TEST_F(ClientTest, DedupesOrdersByEntityIdAndSortsThem) {
  // The same order twice (e.g. a page shifted by a concurrent change) and
  // out of order.
  fake_.On("GET", "V1/orders",
           {Fake::Ok(List({OrderJson(9), OrderJson(3)}, 3)),
            Fake::Ok(List({OrderJson(3)}, 3))});
  Client client(fake_, ClientOptions{.page_size = 2});
  Result<std::vector<Order>> orders =
      client.OrdersByIncrementIds({"a", "b"}, stop_);
  ASSERT_OK(orders);
  EXPECT_EQ(fake_.requests().size(), 2u);
  ASSERT_EQ(orders->size(), 2u);
  EXPECT_EQ((*orders)[0].entity_id, 3);
  EXPECT_EQ((*orders)[1].entity_id, 9);
}

TEST_F(ClientTest, AnEmptyArrayAnswerIsAnErrorNotNoOrders) {
  fake_.On("GET", "V1/orders", {Fake::Ok(json::array())});
  Result<std::vector<Order>> orders =
      client_.OrdersByIncrementIds({"1"}, stop_);
  ASSERT_FALSE(orders.ok());
  EXPECT_EQ(orders.status().code(), StatusCode::kInternal);
  EXPECT_THAT(orders.status().message(),
              HasSubstr("unexpected Magento response"));
}

// A search that finds nothing, as Magento's FieldsFilter renders it: the
// usual file of fresh orders has no shipment yet (issue 16).
TEST_F(ClientTest, NullItemsMeansNothingFound) {
  fake_.On("GET", "V1/shipments",
           {Fake::Ok(json::parse(R"({"items":null,"total_count":0})"))});
  fake_.On("GET", "V1/orders",
           {Fake::Ok(json::parse(R"({"items":null,"total_count":"0"})"))});
  Result<std::vector<Shipment>> shipments =
      client_.ShipmentsByOrderIds({12}, stop_);
  ASSERT_OK(shipments);
  EXPECT_TRUE(shipments->empty());
  Result<std::vector<Order>> orders =
      client_.OrdersByIncrementIds({"000000404"}, stop_);
  ASSERT_OK(orders);
  EXPECT_TRUE(orders->empty());
}

TEST_F(ClientTest, NoIdsMeansNoRequest) {
  Result<std::vector<Order>> orders = client_.OrdersByIncrementIds({}, stop_);
  ASSERT_OK(orders);
  EXPECT_TRUE(orders->empty());
  EXPECT_TRUE(fake_.requests().empty());
}

TEST_F(ClientTest, SearchFailureCarriesMagentosMessageAndContext) {
  fake_.On("GET", "V1/orders",
           {Fake::Rejected(401,
                           "The consumer isn't authorized to access "
                           "Magento_Sales::sales.")});
  fake_.On("GET", "V1/orders", {Fake::Ok(List({}, 0))});
  Result<std::vector<Order>> orders =
      client_.OrdersByIncrementIds({"1"}, stop_);
  ASSERT_FALSE(orders.ok());
  EXPECT_EQ(orders.status().message(),
            "orders search: The consumer isn't authorized to access "
            "Magento_Sales::sales.");
}

TEST_F(ClientTest, PageSizeLimitLowersThePageSizeAndRedoesTheSearch) {
  fake_.On("GET", "V1/orders",
           {Fake::Rejected(400, "Maximum SearchCriteria pageSize is 100",
                           "Maximum SearchCriteria pageSize is %max",
                           {{"max", 100}})},
           [](const ApiRequest& r) { return PageSize(r) > 100; });
  fake_.OnCall("GET", "V1/orders", ServeOrders(150));
  Client client(fake_, ClientOptions{.page_size = 300});
  Result<std::vector<Order>> orders =
      client.OrdersByIncrementIds({"any"}, stop_);
  ASSERT_OK(orders);
  EXPECT_EQ(orders->size(), 150u);
  EXPECT_EQ(client.page_size(), 100);
  std::vector<ApiRequest> requests = fake_.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(PageSize(requests[0]), 300);
  EXPECT_EQ(PageSize(requests[1]), 100);
  EXPECT_EQ(CurrentPage(requests[1]), 1);
  EXPECT_EQ(CurrentPage(requests[2]), 2);
  // Remembered for the next search.
  ASSERT_OK(client.OrdersByIncrementIds({"any"}, stop_));
  EXPECT_EQ(PageSize(fake_.requests().back()), 100);
}

TEST_F(ClientTest, ShipmentsByOrderIdsSearchesOrderIdWithTracks) {
  fake_.On("GET", "V1/shipments",
           {Fake::Ok(List({ShipmentJson(34, 12, "1Z1")}, 1))});
  Result<std::vector<Shipment>> shipments =
      client_.ShipmentsByOrderIds({12, 13}, stop_);
  ASSERT_OK(shipments);
  ApiRequest request = fake_.requests().at(0);
  EXPECT_EQ(
      Query(request, "searchCriteria[filter_groups][0][filters][0][field]"),
      "order_id");
  EXPECT_EQ(FilterValue(request), "12,13");
  EXPECT_EQ(Query(request, "fields"), fields::kShipmentList);
  ASSERT_EQ(shipments->size(), 1u);
  ASSERT_EQ((*shipments)[0].tracks.size(), 1u);
  EXPECT_EQ((*shipments)[0].tracks[0].track_number, "1Z1");
}

TEST_F(ClientTest, ProductsBySkusMatchesCommaSkusWithEqFilters) {
  fake_.On("GET", "V1/products",
           {Fake::Ok(List({{{"id", "7"}, {"sku", "A,B"}, {"type_id", "simple"}},
                           {{"id", 3}, {"sku", "C"}}},
                          2))});
  Result<std::vector<Product>> products =
      client_.ProductsBySkus({"C", "A,B"}, stop_);
  ASSERT_OK(products);
  ApiRequest request = fake_.requests().at(0);
  EXPECT_EQ(FilterValue(request, 0), "C");
  EXPECT_EQ(
      Query(request,
            "searchCriteria[filter_groups][0][filters][0][condition_type]"),
      "in");
  EXPECT_EQ(FilterValue(request, 1), "A,B");
  EXPECT_EQ(
      Query(request,
            "searchCriteria[filter_groups][0][filters][1][condition_type]"),
      "eq");
  ASSERT_EQ(products->size(), 2u);
  EXPECT_EQ((*products)[0].id, 3);
  EXPECT_EQ((*products)[1].sku, "A,B");
}

// --- Single entities
// ------------------------------------------------------------

TEST_F(ClientTest, ForEachProductHandsOverEachSearchAsItEnds) {
  fake_.OnCall("GET", "V1/products", [](const ApiRequest& r) {
    std::vector<json> items;
    const std::string skus = FilterValue(r);
    for (std::string_view sku : Split(skus, ',')) {
      if (sku == "GONE") continue;
      items.push_back({{"id", static_cast<int>(items.size()) + 1},
                       {"sku", std::string(sku)}});
    }
    const int64_t total = static_cast<int64_t>(items.size());
    return Fake::Ok(List(std::move(items), total));
  });
  Client client(fake_, {.page_size = 2, .max_parallel_searches = 2});
  std::vector<std::string> found;
  int calls = 0;
  ASSERT_OK(client.ForEachProductBySkus(
      {"A", "B", "GONE", "D", "E"},
      [&](std::vector<Product> products) {
        ++calls;
        for (const Product& p : products) found.push_back(p.sku);
      },
      stop_));
  EXPECT_EQ(calls, 3);  // one per search, none kept by the client
  std::sort(found.begin(), found.end());
  EXPECT_THAT(found, ElementsAre("A", "B", "D", "E"));
  // A product Magento answers in a shape the client cannot read fails it.
  Fake broken;
  broken.On("GET", "V1/products", {Fake::Ok(List({{{"sku", "A"}}}, 1))});
  Client strict(broken, {});
  Status status = strict.ForEachProductBySkus(
      {"A"}, [](std::vector<Product>) {}, stop_);
  EXPECT_FALSE(status.ok());
}

TEST_F(ClientTest, GetOrderReadsOneOrderWithFields) {
  fake_.On("GET", "V1/orders/42", {Fake::Ok(OrderJson(42))});
  Result<Order> order = client_.GetOrder(42, stop_);
  ASSERT_OK(order);
  EXPECT_EQ(order->entity_id, 42);
  EXPECT_EQ(Query(fake_.requests().at(0), "fields"), fields::kOrder);
}

TEST_F(ClientTest, UnknownEntityIsNotFoundButAMissingRouteIsNot) {
  fake_.On("GET", "V1/shipment/9",
           {Fake::NotFound("The entity that was requested doesn't exist. "
                           "Verify the entity and try again.")});
  fake_.On("GET", "V1/orders/9",
           {Fake::NotFound("Request does not match any route.")});
  Result<Shipment> shipment = client_.GetShipment(9, stop_);
  ASSERT_FALSE(shipment.ok());
  EXPECT_EQ(shipment.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(shipment.status().message(),
            "shipment 9: The entity that was requested doesn't exist. Verify "
            "the entity and try again.");
  Result<Order> order = client_.GetOrder(9, stop_);
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.status().code(), StatusCode::kRejected);
}

// --- Ship
// ------------------------------------------------------------------------

TEST_F(ClientTest, ShipSendsTheContractsBodyOnce) {
  fake_.On("POST", "V1/order/12/ship", {Fake::Ok(json(77))});
  Result<int64_t> id = client_.ShipOrder(ContractShipRequest(), stop_);
  ASSERT_OK(id);
  EXPECT_EQ(*id, 77);
  std::vector<ApiRequest> requests = fake_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_FALSE(requests[0].idempotent);
  EXPECT_EQ(requests[0].route, "POST /V1/order/{id}/ship");
  ASSERT_TRUE(requests[0].body.has_value());
  EXPECT_EQ(requests[0].body->dump(), json::parse(R"({
    "items":[{"order_item_id":101,"qty":2}], "notify":true,
    "appendComment":true,
    "comment":{"comment":"Shipped by 3PL","is_visible_on_front":1},
    "tracks":[{"track_number":"1Z999AA10123456784","title":"UPS",
               "carrier_code":"ups"}],
    "arguments":{"extension_attributes":{"source_code":"wh_main"}}})")
                                          .dump());
}

TEST_F(ClientTest, ShipWithoutItemsCommentOrSourceOmitsThem) {
  fake_.On("POST", "V1/order/12/ship", {Fake::Ok(json("78"))});
  ShipRequest request;
  request.order_id = 12;
  request.tracks = {{"T1", "DHL", "dhl"}};
  Result<int64_t> id = client_.ShipOrder(request, stop_);
  ASSERT_OK(id);
  EXPECT_EQ(*id, 78);  // the id as a string is accepted
  EXPECT_EQ(*fake_.requests().at(0).body,
            json::parse(R"({"notify":false,"tracks":[
              {"track_number":"T1","title":"DHL","carrier_code":"dhl"}]})"));
}

TEST_F(ClientTest, ShipLostAnswerFoundOnRereadIsNotSentAgain) {
  fake_.On("POST", "V1/order/12/ship", {Fake::Unavailable(504, "timeout")});
  fake_.On("GET", "V1/shipments",
           {Fake::Ok(List({ShipmentJson(30, 12, "OLD"),
                           ShipmentJson(35, 12, "1Z999AA10123456784")},
                          2))});
  Result<int64_t> id = client_.ShipOrder(ContractShipRequest(), stop_);
  ASSERT_OK(id);
  EXPECT_EQ(*id, 35);
  EXPECT_EQ(fake_.RequestsTo("POST", "V1/order/12/ship").size(), 1u);
  ApiRequest reread = fake_.RequestsTo("GET", "V1/shipments").at(0);
  EXPECT_EQ(FilterValue(reread), "12");
}

TEST_F(ClientTest, ShipLostAnswerNotFoundOnRereadIsSentOnceMore) {
  fake_.On("POST", "V1/order/12/ship",
           {Fake::Unavailable(0, "connection reset"), Fake::Ok(json(36))});
  // Shipment 30 carries the same track but the caller knew it beforehand.
  fake_.On("GET", "V1/shipments",
           {Fake::Ok(List({ShipmentJson(30, 12, "1Z999AA10123456784")}, 1))});
  Result<int64_t> id = client_.ShipOrder(ContractShipRequest(), stop_);
  ASSERT_OK(id);
  EXPECT_EQ(*id, 36);
  EXPECT_EQ(fake_.RequestsTo("POST", "V1/order/12/ship").size(), 2u);
  EXPECT_EQ(fake_.RequestsTo("GET", "V1/shipments").size(), 1u);
}

TEST_F(ClientTest, ShipNothingLeftAfterALostAnswerRereadsAndFindsIt) {
  // The first send created shipment 35 but its answer was lost; the reread
  // raced with Magento's commit and saw nothing, so the resend is refused.
  fake_.On("POST", "V1/order/12/ship",
           {Fake::Unavailable(), Fake::Rejected(400, kNothingLeft)});
  fake_.On("GET", "V1/shipments",
           {Fake::Ok(List({}, 0)),
            Fake::Ok(List({ShipmentJson(35, 12, "1Z999AA10123456784")}, 1))});
  Result<int64_t> id = client_.ShipOrder(ContractShipRequest(), stop_);
  ASSERT_OK(id);
  EXPECT_EQ(*id, 35);
  EXPECT_EQ(fake_.RequestsTo("POST", "V1/order/12/ship").size(), 2u);
}

TEST_F(ClientTest, ShipNothingLeftOnAFirstAttemptIsARejection) {
  fake_.On("POST", "V1/order/12/ship", {Fake::Rejected(400, kNothingLeft)});
  Result<int64_t> id = client_.ShipOrder(ContractShipRequest(), stop_);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().code(), StatusCode::kRejected);
  EXPECT_EQ(id.status().message(),
            std::string("order 000000123: ") + kNothingLeft);
  EXPECT_EQ(fake_.requests().size(), 1u);  // no reread
}

TEST_F(ClientTest, ShipGivesUpWhenTheRetryBudgetIsSpent) {
  fake_.On("POST", "V1/order/12/ship", {Fake::Unavailable(503, "busy")});
  fake_.On("GET", "V1/shipments", {Fake::Ok(List({}, 0))});
  fake_.set_resend_limit(1);
  Result<int64_t> id = client_.ShipOrder(ContractShipRequest(), stop_);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(id.status().message(), HasSubstr("order 000000123: "));
  EXPECT_THAT(id.status().message(), HasSubstr("busy"));
  EXPECT_EQ(fake_.RequestsTo("POST", "V1/order/12/ship").size(), 2u);
  // Magento was read after every lost answer, the last one included.
  EXPECT_EQ(fake_.RequestsTo("GET", "V1/shipments").size(), 2u);
}

// Writes back off like reads: every resend waits on the caller's retry
// policy first, and Magento is read only after that wait.
TEST_F(ClientTest, ShipWaitsBeforeEveryRereadAndResend) {
  fake_.On("POST", "V1/order/12/ship",
           {Fake::Unavailable(503, "busy"), Fake::Unavailable(0, "lost"),
            Fake::Ok(99)});
  fake_.On("GET", "V1/shipments", {Fake::Ok(List({}, 0))});
  Result<int64_t> id = client_.ShipOrder(ContractShipRequest(), stop_);
  ASSERT_OK(id);
  EXPECT_EQ(*id, 99);
  EXPECT_EQ(fake_.resend_waits(),
            (std::vector<std::string>{"POST /V1/order/{id}/ship",
                                      "POST /V1/order/{id}/ship"}));
  std::vector<std::string> order;
  for (const ApiRequest& r : fake_.requests()) order.push_back(r.path);
  EXPECT_EQ(order, (std::vector<std::string>{
                       "V1/order/12/ship", "V1/shipments", "V1/order/12/ship",
                       "V1/shipments", "V1/order/12/ship"}));
}

TEST_F(ClientTest, ShipRereadFailureLeavesTheOutcomeUnknown) {
  fake_.On("POST", "V1/order/12/ship", {Fake::Unavailable(0, "timeout")});
  fake_.On("GET", "V1/shipments", {Fake::Unavailable(503, "down")});
  Result<int64_t> id = client_.ShipOrder(ContractShipRequest(), stop_);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(id.status().message(), HasSubstr("unknown"));
  EXPECT_EQ(fake_.RequestsTo("POST", "V1/order/12/ship").size(), 1u);
}

TEST_F(ClientTest, ShipDoesNotResendAfterStopIsRequested) {
  std::stop_source source;
  fake_.On("POST", "V1/order/12/ship", {Fake::Unavailable()});
  fake_.OnCall("GET", "V1/shipments", [&source](const ApiRequest&) {
    source.request_stop();
    return Fake::Ok(List({}, 0));
  });
  Result<int64_t> id =
      client_.ShipOrder(ContractShipRequest(), source.get_token());
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().code(), StatusCode::kCancelled);
  EXPECT_EQ(fake_.RequestsTo("POST", "V1/order/12/ship").size(), 1u);
}

// --- Tracks and emails
// ---------------------------------------------------------

TEST_F(ClientTest, AddTrackSendsTheEntityAndReadsTheNewId) {
  fake_.On("POST", "V1/shipment/track",
           {Fake::Ok({{"entity_id", 501}, {"parent_id", 34}})});
  Result<int64_t> id = client_.AddTrack(TrackRequest(), stop_);
  ASSERT_OK(id);
  EXPECT_EQ(*id, 501);
  ApiRequest request = fake_.requests().at(0);
  EXPECT_FALSE(request.idempotent);
  EXPECT_EQ(*request.body, json::parse(R"({"entity":{"order_id":12,
      "parent_id":34,"track_number":"1Z999AA10123456784",
      "carrier_code":"ups","title":"UPS"}})"));
}

TEST_F(ClientTest, AddTrackLostAnswerFoundOnRereadIsNotSentAgain) {
  fake_.On("POST", "V1/shipment/track", {Fake::Unavailable()});
  fake_.On("GET", "V1/shipment/34",
           {Fake::Ok(ShipmentJson(34, 12, "1Z999AA10123456784"))});
  Result<int64_t> id = client_.AddTrack(TrackRequest(), stop_);
  ASSERT_OK(id);
  EXPECT_EQ(*id, 3400);
  EXPECT_EQ(fake_.RequestsTo("POST", "V1/shipment/track").size(), 1u);
}

TEST_F(ClientTest, AddTrackLostAnswerNotFoundOnRereadIsSentOnceMore) {
  fake_.On("POST", "V1/shipment/track",
           {Fake::Unavailable(), Fake::Ok({{"entity_id", "502"}})});
  fake_.On("GET", "V1/shipment/34", {Fake::Ok(ShipmentJson(34, 12, "OTHER"))});
  Result<int64_t> id = client_.AddTrack(TrackRequest(), stop_);
  ASSERT_OK(id);
  EXPECT_EQ(*id, 502);
  EXPECT_EQ(fake_.RequestsTo("POST", "V1/shipment/track").size(), 2u);
  EXPECT_EQ(fake_.RequestsTo("GET", "V1/shipment/34").size(), 1u);
}

TEST_F(ClientTest, AddTrackRejectionIsReportedWithContext) {
  fake_.On("POST", "V1/shipment/track",
           {Fake::Rejected(400, "Could not save the shipment tracking.")});
  Result<int64_t> id = client_.AddTrack(TrackRequest(), stop_);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().code(), StatusCode::kRejected);
  EXPECT_EQ(id.status().message(),
            "order 000000123, shipment 34: Could not save the shipment "
            "tracking.");
}

TEST_F(ClientTest, NotifyShipmentIsSentOnceEvenWhenAmbiguous) {
  fake_.On("POST", "V1/shipment/7/emails", {Fake::Ok(json(true))});
  fake_.On("POST", "V1/shipment/8/emails", {Fake::Ok(json(false))});
  fake_.On("POST", "V1/shipment/9/emails", {Fake::Unavailable()});
  EXPECT_TRUE(*client_.NotifyShipment(7, stop_));
  EXPECT_FALSE(*client_.NotifyShipment(8, stop_));
  Result<bool> lost = client_.NotifyShipment(9, stop_);
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(fake_.RequestsTo("POST", "V1/shipment/9/emails").size(), 1u);
  EXPECT_FALSE(fake_.requests().at(0).idempotent);
}

// --- Stock
// ----------------------------------------------------------------------

TEST_F(ClientTest, SaveSourceItemsSendsChunksOfTheArrayLimit) {
  fake_.On("POST", "V1/inventory/source-items", {Fake::Ok(json::array())});
  std::vector<SourceItem> items = SourceItems(45);
  SaveSourceItemsOutcome outcome = client_.SaveSourceItems(items, stop_);
  ASSERT_OK(outcome.FirstError());
  ASSERT_EQ(outcome.chunks.size(), 3u);
  EXPECT_EQ(outcome.chunks[2].begin, 40u);
  EXPECT_EQ(outcome.chunks[2].end, 45u);
  std::vector<ApiRequest> requests = fake_.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].body->at("sourceItems").size(), 20u);
  EXPECT_EQ(requests[0].body->at("sourceItems")[1],
            json::parse(R"({"sku":"SKU-1","source_code":"eu-1",
                            "quantity":1.0,"status":1})"));
  EXPECT_EQ(requests[2].body->at("sourceItems").back().at("sku"), "SKU-44");
}

TEST_F(ClientTest, ArrayLimitErrorResplitsAndIsRemembered) {
  fake_.On("POST", "V1/inventory/source-items", {ArrayLimit(20)},
           [](const ApiRequest& r) {
             return r.body->at("sourceItems").size() > 20;
           });
  fake_.On("POST", "V1/inventory/source-items", {Fake::Ok(json::array())});
  Client client(fake_, ClientOptions{.array_limit = 50});
  std::vector<SourceItem> items = SourceItems(50);
  SaveSourceItemsOutcome outcome = client.SaveSourceItems(items, stop_);
  ASSERT_OK(outcome.FirstError());
  EXPECT_EQ(client.array_limit(), 20);
  std::vector<size_t> sizes;
  for (const ApiRequest& r : fake_.requests()) {
    sizes.push_back(r.body->at("sourceItems").size());
  }
  EXPECT_THAT(sizes, ElementsAre(50, 20, 20, 10));
  ASSERT_EQ(outcome.chunks.size(), 3u);
  EXPECT_EQ(outcome.chunks[0].begin, 0u);
  EXPECT_EQ(outcome.chunks[0].end, 20u);
  EXPECT_EQ(outcome.chunks[2].end, 50u);
}

TEST_F(ClientTest, ARejectedChunkDoesNotStopTheOthers) {
  fake_.On("POST", "V1/inventory/source-items",
           {Fake::Rejected(400,
                           "Validation Failed: \"sku\" can not be "
                           "empty.")},
           [](const ApiRequest& r) {
             return r.body->at("sourceItems")[0].at("sku") == "SKU-20";
           });
  fake_.On("POST", "V1/inventory/source-items", {Fake::Ok(json::array())});
  std::vector<SourceItem> items = SourceItems(60);
  SaveSourceItemsOutcome outcome = client_.SaveSourceItems(items, stop_);
  ASSERT_EQ(outcome.chunks.size(), 3u);
  EXPECT_OK(outcome.chunks[0].status);
  EXPECT_EQ(outcome.chunks[1].status.code(), StatusCode::kRejected);
  EXPECT_OK(outcome.chunks[2].status);
  EXPECT_EQ(outcome.FirstError(), outcome.chunks[1].status);
  EXPECT_EQ(fake_.requests().size(), 3u);
}

TEST_F(ClientTest, AnUnavailableChunkStopsTheRest) {
  fake_.On("POST", "V1/inventory/source-items",
           {Fake::Ok(json::array()), Fake::Unavailable(503, "down")});
  std::vector<SourceItem> items = SourceItems(60);
  SaveSourceItemsOutcome outcome = client_.SaveSourceItems(items, stop_);
  ASSERT_EQ(outcome.chunks.size(), 3u);
  EXPECT_OK(outcome.chunks[0].status);
  EXPECT_EQ(outcome.chunks[1].status.code(), StatusCode::kUnavailable);
  EXPECT_EQ(outcome.chunks[2].status.code(), StatusCode::kUnavailable);
  EXPECT_THAT(outcome.chunks[2].status.message(), HasSubstr("not sent"));
  EXPECT_EQ(fake_.requests().size(), 2u);
}

TEST_F(ClientTest, NoSourceItemsMeansNoRequest) {
  SaveSourceItemsOutcome outcome =
      client_.SaveSourceItems(std::vector<SourceItem>(), stop_);
  EXPECT_TRUE(outcome.chunks.empty());
  EXPECT_TRUE(fake_.requests().empty());
}

TEST_F(ClientTest, UpdateStockItemEncodesTheSkuAndSendsTheBody) {
  fake_.On("PUT", "V1/products/A%2FB%20C/stockItems/1", {Fake::Ok(json("5"))});
  Result<int64_t> id = client_.UpdateStockItem("A/B C", 25, true, stop_);
  ASSERT_OK(id);
  EXPECT_EQ(*id, 5);
  EXPECT_EQ(*fake_.requests().at(0).body,
            json::parse(R"({"stockItem":{"qty":25,"is_in_stock":true}})"));
}

TEST_F(ClientTest, UpdateStockItemOfAnUnknownSkuIsNotFound) {
  fake_.On(
      "PUT", "V1/products/NOPE/stockItems/1",
      {Fake::NotFound("The Product with the \"NOPE\" SKU doesn't exist.")});
  Result<int64_t> id = client_.UpdateStockItem("NOPE", 1, true, stop_);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(id.status().message(),
            "SKU \"NOPE\": The Product with the \"NOPE\" SKU doesn't exist.");
}

TEST_F(ClientTest, GetStockItemEncodesTheSku) {
  fake_.On("GET", "V1/stockItems/a%23b",
           {Fake::Ok({{"item_id", 1}, {"qty", "3.5"}, {"is_in_stock", true}})});
  Result<StockItem> item = client_.GetStockItem("a#b", stop_);
  ASSERT_OK(item);
  EXPECT_DOUBLE_EQ(item->qty, 3.5);
  EXPECT_EQ(Query(fake_.requests().at(0), "fields"), fields::kStockItem);
}

// --- Threads
// ---------------------------------------------------------------------

TEST_F(ClientTest, WorkersShareOneClient) {
  fake_.OnCall("GET", "V1/orders", ServeOrders(3));
  fake_.On("POST", "V1/inventory/source-items", {ArrayLimit(10)},
           [](const ApiRequest& r) {
             return r.body->at("sourceItems").size() > 10;
           });
  fake_.On("POST", "V1/inventory/source-items", {Fake::Ok(json::array())});
  std::vector<SourceItem> items = SourceItems(30);
  std::vector<std::jthread> workers;
  std::atomic<int> failures{0};
  for (int i = 0; i < 4; ++i) {
    workers.emplace_back([&] {
      if (!client_.OrdersByIncrementIds({"x"}, stop_).ok()) ++failures;
      if (!client_.SaveSourceItems(items, stop_).FirstError().ok()) ++failures;
    });
  }
  workers.clear();  // joins
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(client_.array_limit(), 10);
}

}  // namespace
}  // namespace m2drop::magento
