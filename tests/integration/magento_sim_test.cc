// SPDX-License-Identifier: Apache-2.0
// The real Magento connection (CurlTransport + RestCaller + Client, wired by
// app::MagentoConnection from a TOML configuration) against the simulator on
// loopback, with the simulator's faults: lost answers, an outage, a rate
// limit, input limits, and every kind of credential (issue 3's "done when").
//
// Each test starts its own simulator on an ephemeral port in this process.
// Waits are real but short (backoffs of tens of ms, Retry-After of 1 s, an
// outage of 2 s); timing assertions are lower bounds only.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "m2drop/magento/admin_token_auth.h"
#include "testing/loopback_shop.h"
#include "testing/status_matchers.h"

namespace m2drop {
namespace {

using magento::ApiRequest;
using magento::ApiResult;
using nlohmann::json;
using testing::ConnectionSettings;
using testing::GeneratedOrderNumber;
using testing::RecordedExchange;
using testing::RecordingTransport;
using testing::SeededTrackNumber;

constexpr char kShipRoute[] = "POST /V1/order/{id}/ship";
constexpr char kTrackRoute[] = "POST /V1/shipment/track";
constexpr char kSourceItemsRoute[] = "POST /V1/inventory/source-items";

// Runs fn(i) for i in [0, n) on `threads` threads sharing the work.
template <typename Fn>
void ParallelFor(int n, int threads, Fn fn) {
  std::atomic<int> next{0};
  std::vector<std::jthread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (int i = next++; i < n; i = next++) fn(i);
    });
  }
}

// How many times `track_number` appears among the tracks of `shipment`.
int TrackCopies(const json& shipment, const std::string& track_number) {
  return static_cast<int>(std::count_if(
      shipment["tracks"].begin(), shipment["tracks"].end(),
      [&](const json& t) { return t["track_number"] == track_number; }));
}

// Requests the simulator saw on `label`, whatever their status.
int64_t AllRequests(const json& counters, const std::string& label) {
  int64_t total = 0;
  if (!counters["by_route"].contains(label)) return 0;
  for (const auto& [status, count] : counters["by_route"][label].items()) {
    total += count.get<int64_t>();
  }
  return total;
}

ApiRequest GetOrderRequest(int64_t entity_id) {
  ApiRequest request;
  request.method = "GET";
  request.path = "V1/orders/" + std::to_string(entity_id);
  request.route = "GET /V1/orders/{id}";
  return request;
}

class MagentoSimTest : public testing::LoopbackShopTest {
 protected:
  // Ships `order` with the one track "TRK-<increment id>".
  static magento::ShipRequest ShipWithTrack(const magento::Order& order) {
    magento::ShipRequest request;
    request.order_id = order.entity_id;
    request.order_number = order.increment_id;
    request.tracks = {{"TRK-" + order.increment_id, "UPS", "ups"}};
    return request;
  }
};

// --- 1. Non-idempotent writes under lost answers ---------------------------

TEST_F(MagentoSimTest, NoDuplicateShipmentOrTrackUnderLostResponses) {
  constexpr int kOpen = 40, kShipped = 20, kAll = kOpen + kShipped;
  sim::FaultOptions faults;
  faults.lost_response_rate = 0.2;
  faults.seed = 20261120;
  StartShop(testing::ShopSeed(kOpen, kShipped), faults);
  auto connection = Connect();
  ASSERT_NE(connection, nullptr);
  magento::Client& client = connection->client();

  std::vector<std::string> numbers;
  for (int n = 1; n <= kAll; ++n) numbers.push_back(GeneratedOrderNumber(n));
  auto orders = client.OrdersByIncrementIds(numbers, {});
  ASSERT_OK(orders);
  ASSERT_EQ(orders->size(), static_cast<size_t>(kAll));
  std::vector<int64_t> order_ids;
  for (const magento::Order& o : *orders) order_ids.push_back(o.entity_id);
  auto shipments = client.ShipmentsByOrderIds(order_ids, {});
  ASSERT_OK(shipments);
  ASSERT_EQ(shipments->size(), static_cast<size_t>(kShipped));
  std::map<int64_t, int64_t> shipment_of_order;
  for (const magento::Shipment& s : *shipments) {
    shipment_of_order[s.order_id] = s.entity_id;
  }

  // Four workers share the client, as the daemon's do. Orders are sorted by
  // entity_id, i.e. generated number n is orders[n - 1].
  std::vector<Result<int64_t>> written(kAll, Status::Internal("not run"));
  ParallelFor(kAll, 4, [&](int i) {
    const magento::Order& order = (*orders)[i];
    if (i < kOpen) {
      written[i] = client.ShipOrder(ShipWithTrack(order), {});
      return;
    }
    magento::AddTrackRequest track;
    track.order_id = order.entity_id;
    track.shipment_id = shipment_of_order.at(order.entity_id);  // read-only
    track.order_number = order.increment_id;
    track.track = {"NEW-" + order.increment_id, "DHL", "dhl"};
    written[i] = client.AddTrack(track, {});
  });

  json counters = shop_->Counters();
  EXPECT_GE(counters["faults"].value("lost_response", 0), 10)
      << "the fixed fault seed loses about a fifth of the answers";
  for (int n = 1; n <= kAll; ++n) {
    SCOPED_TRACE("order " + GeneratedOrderNumber(n));
    ASSERT_OK(written[n - 1]);
    json order = shop_->OrderState(GeneratedOrderNumber(n));
    ASSERT_EQ(order["shipments"].size(), 1u);
    const json& shipment = order["shipments"][0];
    if (n <= kOpen) {
      EXPECT_EQ(shipment["entity_id"], *written[n - 1]);
      EXPECT_EQ(shipment["tracks"].size(), 1u);
      EXPECT_EQ(TrackCopies(shipment, "TRK-" + GeneratedOrderNumber(n)), 1);
    } else {
      EXPECT_EQ(shipment["tracks"].size(), 2u);
      EXPECT_EQ(TrackCopies(shipment, SeededTrackNumber(n)), 1);
      EXPECT_EQ(TrackCopies(shipment, "NEW-" + GeneratedOrderNumber(n)), 1);
    }
  }
  // Every write was applied exactly once; none was refused as a repeat.
  EXPECT_EQ(shop_->Count(kShipRoute, 200), kOpen);
  EXPECT_EQ(AllRequests(counters, kShipRoute), kOpen);
  EXPECT_EQ(shop_->Count(kTrackRoute, 200), kShipped);
  EXPECT_EQ(AllRequests(counters, kTrackRoute), kShipped);
}

TEST_F(MagentoSimTest, LostShipAnswerIsRecoveredByRereadingNotResending) {
  StartShop(testing::ShopSeed());
  auto connection = Connect();
  ASSERT_NE(connection, nullptr);
  magento::Client& client = connection->client();
  auto orders = client.OrdersByIncrementIds({"000000101"}, {});
  ASSERT_OK(orders);
  ASSERT_EQ(orders->size(), 1u);

  ASSERT_OK(shop_->UpdateFaults(
      {{"next", {{{"kind", "lost_response"}, {"route", kShipRoute}}}}}));
  Result<int64_t> shipment_id =
      client.ShipOrder(ShipWithTrack(orders->at(0)), {});
  ASSERT_OK(shipment_id);

  json counters = shop_->Counters();
  EXPECT_EQ(counters["faults"]["lost_response"], 1);
  EXPECT_EQ(AllRequests(counters, kShipRoute), 1) << counters.dump();
  EXPECT_GE(shop_->Count("GET /V1/shipments", 200), 1) << "no re-read";
  json order = shop_->OrderState("000000101");
  ASSERT_EQ(order["shipments"].size(), 1u);
  EXPECT_EQ(order["shipments"][0]["entity_id"], *shipment_id);
  EXPECT_EQ(TrackCopies(order["shipments"][0], "TRK-000000101"), 1);
}

TEST_F(MagentoSimTest, LostTrackAnswerIsRecoveredByRereadingNotResending) {
  StartShop(testing::ShopSeed());
  auto connection = Connect();
  ASSERT_NE(connection, nullptr);
  json before = shop_->OrderState("000000117");  // complete, one shipment
  ASSERT_EQ(before["shipments"].size(), 1u);

  ASSERT_OK(shop_->UpdateFaults(
      {{"next", {{{"kind", "lost_response"}, {"route", kTrackRoute}}}}}));
  magento::AddTrackRequest request;
  request.order_id = before["entity_id"];
  request.shipment_id = before["shipments"][0]["entity_id"];
  request.order_number = "000000117";
  request.track = {"EXTRA-117", "DHL", "dhl"};
  Result<int64_t> track_id = connection->client().AddTrack(request, {});
  ASSERT_OK(track_id);

  json counters = shop_->Counters();
  EXPECT_EQ(counters["faults"]["lost_response"], 1);
  EXPECT_EQ(AllRequests(counters, kTrackRoute), 1) << counters.dump();
  EXPECT_GE(shop_->Count("GET /V1/shipment/{id}", 200), 1) << "no re-read";
  json shipment = shop_->OrderState("000000117")["shipments"][0];
  ASSERT_EQ(TrackCopies(shipment, "EXTRA-117"), 1);
  for (const json& track : shipment["tracks"]) {
    if (track["track_number"] == "EXTRA-117") {
      EXPECT_EQ(track["entity_id"], *track_id);
    }
  }
}

// --- 2. Outage: work waits, the breaker opens and probes -------------------

TEST_F(MagentoSimTest, SearchWaitsThroughOutageBehindTheBreaker) {
  const SteadyTime before_start = clock_.Now();
  StartShop(testing::ShopSeed());
  ConnectionSettings settings;
  settings.breaker_failures = 2;
  settings.breaker_cooldown = "400ms";
  settings.max_attempts = 100;
  settings.initial_backoff = "20ms";
  settings.max_backoff = "50ms";
  RecordingTransport* recorder = nullptr;
  auto connection = ConnectRecording(settings, &recorder);
  ASSERT_NE(connection, nullptr);

  // The window is measured from the simulator's start, which is no earlier
  // than before_start: so the outage lasts at least 2 s from now.
  const SteadyTime now = clock_.Now();
  const auto since_start =
      std::chrono::duration_cast<milliseconds>(now - before_start);
  const SteadyTime outage_over_at_earliest = now + seconds(2);
  ASSERT_OK(shop_->UpdateFaults(
      {{"outage_windows",
        {{{"start_ms", 0}, {"end_ms", since_start.count() + 2000}}}}}));

  auto orders = connection->client().OrdersByIncrementIds({"000000101"}, {});
  ASSERT_OK(orders);
  ASSERT_EQ(orders->size(), 1u);
  EXPECT_EQ(orders->at(0).increment_id, "000000101");

  std::vector<RecordedExchange> sent = recorder->exchanges();
  ASSERT_GT(sent.size(), 2u) << "the search should have been retried";
  EXPECT_EQ(sent.back().status, 200);
  EXPECT_GE(sent.back().sent, outage_over_at_earliest);
  for (size_t i = 0; i + 1 < sent.size(); ++i) {
    EXPECT_EQ(sent[i].status, 503) << "attempt " << i + 1;
  }
  // From the second consecutive failure on the breaker is open: the next
  // request (the probe) waits out the cooldown, not just the backoff.
  for (size_t i = 1; i + 1 < sent.size(); ++i) {
    EXPECT_GE(sent[i + 1].sent - sent[i].answered, milliseconds(400))
        << "request " << i + 2 << " did not wait for the breaker's cooldown";
  }
  EXPECT_EQ(connection->caller().breaker_state(),
            magento::BreakerState::kClosed);
}

// --- 3. 429 + Retry-After -------------------------------------------------

TEST_F(MagentoSimTest, RateLimitRetryAfterSlowsTheClientDown) {
  constexpr int kThreads = 3, kPerThread = 4, kCalls = kThreads * kPerThread;
  sim::FaultOptions faults;
  faults.rate_limit_per_second = 4;
  StartShop(testing::ShopSeed(), faults);
  ConnectionSettings settings;
  settings.max_attempts = 20;
  auto connection = Connect(settings);
  ASSERT_NE(connection, nullptr);

  struct Call {
    ApiResult result;
    Duration elapsed{0};
  };
  std::vector<Call> calls(kCalls);
  const SteadyTime started = clock_.Now();
  ParallelFor(kCalls, kThreads, [&](int i) {
    SteadyTime t0 = clock_.Now();
    calls[i].result = connection->caller().Call(GetOrderRequest(1 + i), {});
    calls[i].elapsed = clock_.Now() - t0;
  });
  const Duration total = clock_.Now() - started;

  int retried = 0;
  for (int i = 0; i < kCalls; ++i) {
    SCOPED_TRACE("call " + std::to_string(i));
    ASSERT_OK(calls[i].result.status);
    EXPECT_EQ(calls[i].result.http_status, 200);
    // Each 429 said Retry-After: 1, and each was waited out in full.
    EXPECT_GE(calls[i].elapsed, seconds(calls[i].result.attempts - 1));
    if (calls[i].result.attempts > 1) ++retried;
  }
  EXPECT_GT(retried, 0);
  EXPECT_GT(shop_->Count("GET /V1/orders/{id}", 429), 0);
  EXPECT_EQ(shop_->Count("GET /V1/orders/{id}", 200), kCalls);
  // 12 answers at 4 per one-second window take three windows: over 1 s.
  EXPECT_GT(total, seconds(1));
}

// --- 4. Input limits -------------------------------------------------------

TEST_F(MagentoSimTest, ArrayLimitIsLearntAndTheRestResplit) {
  StartShop(testing::ShopSeed());
  ASSERT_OK(
      shop_->UpdateFlags({{"input_limits", true}, {"input_array_limit", 20}}));
  auto connection = Connect();
  ASSERT_NE(connection, nullptr);
  // As a stock import does: its profile's batch_size, above the shop's limit.
  magento::Client client(connection->caller(), {.array_limit = 100});
  std::vector<magento::SourceItem> items;
  for (int i = 1; i <= 50; ++i) {
    items.push_back({"BULK-" + std::to_string(100 + i), "default",
                     static_cast<double>(i), 1});
  }

  magento::SaveSourceItemsOutcome outcome = client.SaveSourceItems(items, {});

  ASSERT_OK(outcome.FirstError());
  ASSERT_EQ(outcome.chunks.size(), 3u);
  const std::pair<size_t, size_t> expected[] = {{0, 20}, {20, 40}, {40, 50}};
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(outcome.chunks[i].begin, expected[i].first);
    EXPECT_EQ(outcome.chunks[i].end, expected[i].second);
  }
  EXPECT_EQ(client.array_limit(), 20);
  EXPECT_EQ(shop_->Count(kSourceItemsRoute, 400), 1);
  EXPECT_EQ(shop_->Count(kSourceItemsRoute, 200), 3);
  const json state = shop_->State();
  std::map<std::string, double> saved;
  for (const json& item : state["source_items"]) {
    saved[item["sku"].get<std::string>()] = item["quantity"].get<double>();
  }
  for (const magento::SourceItem& item : items) {
    EXPECT_EQ(saved[item.sku], item.quantity) << item.sku;
  }
}

TEST_F(MagentoSimTest, PageSizeLimitIsLearntAndEveryOrderReturned) {
  constexpr int kOrders = 60;
  StartShop(testing::ShopSeed(kOrders));
  ASSERT_OK(
      shop_->UpdateFlags({{"input_limits", true}, {"max_page_size", 50}}));
  ConnectionSettings settings;
  settings.page_size = 300;
  auto connection = Connect(settings);
  ASSERT_NE(connection, nullptr);
  std::vector<std::string> numbers;
  for (int n = 1; n <= kOrders; ++n) numbers.push_back(GeneratedOrderNumber(n));

  auto orders = connection->client().OrdersByIncrementIds(numbers, {});

  ASSERT_OK(orders);
  std::vector<std::string> found;
  for (const magento::Order& o : *orders) found.push_back(o.increment_id);
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, numbers);
  EXPECT_EQ(connection->client().page_size(), 50);
  EXPECT_EQ(shop_->Count("GET /V1/orders", 400), 1);
  EXPECT_EQ(shop_->Count("GET /V1/orders", 200), 2);  // 50 + 10
}

// --- 5. Credentials --------------------------------------------------------

TEST_F(MagentoSimTest, BearerTokenIsAccepted) {
  StartShop(testing::ShopSeed());
  auto connection = Connect();
  ASSERT_NE(connection, nullptr);
  auto order = connection->client().GetOrder(1, {});
  ASSERT_OK(order);
  EXPECT_EQ(order->increment_id, "000000101");
}

TEST_F(MagentoSimTest, WrongTokenIsUnauthenticatedWithAnExplanation) {
  StartShop(testing::ShopSeed());
  ConnectionSettings settings;
  settings.token = "not-the-shop-token-4711";
  auto connection = Connect(settings);
  ASSERT_NE(connection, nullptr);

  auto order = connection->client().GetOrder(1, {});

  ASSERT_EQ(order.status().code(), StatusCode::kUnauthenticated)
      << order.status();
  const std::string message = order.status().message();
  EXPECT_NE(message.find("integration tokens as bearer tokens"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("auth = \"oauth1\""), std::string::npos) << message;
  EXPECT_EQ(message.find(settings.token), std::string::npos) << message;
  EXPECT_EQ(shop_->Count("GET /V1/orders/{id}", 401), 1) << "not retried";
}

TEST_F(MagentoSimTest, AdminTokenIsFetchedOnceAndReused) {
  StartShop(testing::ShopSeed());
  ConnectionSettings settings;
  settings.auth = "admin";
  auto connection = Connect(settings);
  ASSERT_NE(connection, nullptr);

  for (int id = 1; id <= 10; ++id) {
    ASSERT_OK(connection->client().GetOrder(id, {}));
  }

  EXPECT_EQ(shop_->Count("POST /V1/integration/admin/token", 200), 1);
  EXPECT_EQ(shop_->Count("GET /V1/orders/{id}", 200), 10);
  auto* admin =
      dynamic_cast<magento::AdminTokenAuthenticator*>(&connection->auth());
  ASSERT_NE(admin, nullptr);
  EXPECT_EQ(admin->tokens_fetched(), 1);
}

TEST_F(MagentoSimTest, OAuth1SignedSearchAndJsonPostAreAccepted) {
  StartShop(testing::ShopSeed());
  ConnectionSettings settings;
  settings.auth = "oauth1";
  auto connection = Connect(settings);
  ASSERT_NE(connection, nullptr);

  // A GET whose bracketed searchCriteria[...] parameters are signed.
  auto orders = connection->client().OrdersByIncrementIds(
      {"000000101", "000000102", "999999999"}, {});
  ASSERT_OK(orders);
  EXPECT_EQ(orders->size(), 2u);
  // A POST with a JSON body (not signed, per Magento).
  std::vector<magento::SourceItem> items = {{"24-MB01", "default", 42, 1}};
  ASSERT_OK(connection->client().SaveSourceItems(items, {}).FirstError());

  EXPECT_EQ(shop_->Count("GET /V1/orders", 200), 1);
  EXPECT_EQ(shop_->Count(kSourceItemsRoute, 200), 1);
  const json state = shop_->State();
  int saved = 0;
  for (const json& item : state["source_items"]) {
    if (item["sku"] == "24-MB01" && item["source_code"] == "default") {
      EXPECT_EQ(item["quantity"], 42);
      ++saved;
    }
  }
  EXPECT_EQ(saved, 1);
}

TEST_F(MagentoSimTest, OAuth1WithWrongSecretIsRefused) {
  StartShop(testing::ShopSeed());
  ConnectionSettings settings;
  settings.auth = "oauth1";
  settings.consumer_secret = "wrongwrongwrongwrongwrongwrong12";
  auto connection = Connect(settings);
  ASSERT_NE(connection, nullptr);

  auto order = connection->client().GetOrder(1, {});

  ASSERT_EQ(order.status().code(), StatusCode::kUnauthenticated)
      << order.status();
  const std::string message = order.status().message();
  EXPECT_NE(message.find("OAuth 1.0a"), std::string::npos) << message;
  EXPECT_NE(message.find("signature"), std::string::npos) << message;
  EXPECT_EQ(message.find(settings.consumer_secret), std::string::npos);
}

// Magento answers 400 (OauthInputException, Framework/Oauth/Oauth.php) to
// a token of the wrong length; m2drop takes it as refused credentials.
TEST_F(MagentoSimTest, OAuth1TokenOfTheWrongLengthIsRefusedCredentials) {
  StartShop(testing::ShopSeed());
  ConnectionSettings settings;
  settings.auth = "oauth1";
  settings.access_token = "tq9w8e7r6t5y4u3i2o1p0a9s8d7f6g5";  // 31 characters
  auto connection = Connect(settings);
  ASSERT_NE(connection, nullptr);

  auto order = connection->client().GetOrder(1, {});

  ASSERT_EQ(order.status().code(), StatusCode::kUnauthenticated)
      << order.status();
  const std::string message = order.status().message();
  EXPECT_NE(message.find("token length"), std::string::npos) << message;
  EXPECT_EQ(message.find(settings.access_token), std::string::npos);
  EXPECT_EQ(shop_->Count("GET /V1/orders/{id}", 400), 1);
}

}  // namespace
}  // namespace m2drop
