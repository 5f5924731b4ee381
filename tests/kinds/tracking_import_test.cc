// SPDX-License-Identifier: Apache-2.0
#include "m2drop/kinds/tracking/tracking_import.h"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <mutex>
#include <span>
#include <unordered_map>

#include "fakes/fake_api_caller.h"
#include "m2drop/base/fake_clock.h"
#include "m2drop/base/strings.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::pipeline {
namespace {

using magento::FakeApiCaller;
using nlohmann::json;

json OrderJson(int id, const std::string& number, const std::string& state,
               double shipped = 0) {
  return {{"entity_id", id},
          {"increment_id", number},
          {"state", state},
          {"items",
           {{{"item_id", id * 10},
             {"sku", "A"},
             {"product_type", "simple"},
             {"qty_ordered", 1},
             {"qty_shipped", shipped}}}}};
}

// Orders 000000101 (open), 000000102 (shipped with track T-102) and
// 000000103 (held); searches answer the orders whose number was asked.
class TrackingImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    profile_.name = "3pl";
    profile_.kind = &config::KindNamed("tracking");
    orders_ = {OrderJson(1, "000000101", "processing"),
               OrderJson(2, "000000102", "complete", 1),
               OrderJson(3, "000000103", "holded")};
    caller_.OnCall("GET", "V1/orders", [this](const magento::ApiRequest& r) {
      std::string asked;
      for (const auto& [k, v] : r.query) {
        if (k.find("[value]") != std::string::npos) asked += "," + v + ",";
      }
      json items = json::array();
      for (const json& o : orders_) {
        std::string number = o["increment_id"];
        if (asked.find("," + number + ",") != std::string::npos ||
            asked.find(number + ",") != std::string::npos) {
          items.push_back(o);
        }
      }
      return FakeApiCaller::Ok(
          {{"items", items}, {"total_count", items.size()}});
    });
    json shipment = {{"entity_id", 20},
                     {"order_id", 2},
                     {"tracks",
                      {{{"entity_id", 200},
                        {"parent_id", 20},
                        {"order_id", 2},
                        {"track_number", "T-102"}}}}};
    caller_.On(
        "GET", "V1/shipments",
        {FakeApiCaller::Ok({{"items", {shipment}}, {"total_count", 1}})});
    caller_.OnCall("POST", "V1/order/1/ship",
                   [this](const magento::ApiRequest&) { return ship_answer_; });
  }

  Result<ImportResult> Import(const std::string& csv,
                              DropImportOptions options = {}) {
    return ImportVia(caller_, csv, options);
  }

  // Imports `csv` through another shop than the fixture's.
  Result<ImportResult> ImportVia(magento::ApiCaller& shop,
                                 const std::string& csv,
                                 DropImportOptions options = {}) {
    std::string path = dir_.WriteFile("drop.csv", csv);
    return ImportTrackingDrop(path, profile_, limits_, shop, {}, clock_,
                              options);
  }

  size_t Posts() const {
    size_t n = 0;
    for (const auto& r : caller_.requests()) n += r.method == "POST";
    return n;
  }

  testing::ScopedTempDir dir_;
  FakeClock clock_;
  config::Profile profile_;
  config::LimitsConfig limits_;
  FakeApiCaller caller_;
  json orders_;
  magento::ApiResult ship_answer_ = FakeApiCaller::Ok(50);
};

constexpr char kDrop[] =
    "order_number,tracking_number,carrier_code\n"
    "101,T-101,ups\n"        // padded to 000000101, shipped
    "000000102,T-102,ups\n"  // already present
    "000000103,T-103,ups\n"  // on hold
    "999999999,T-999,ups\n"  // unknown
    "000000101,,ups\n";      // fails its local check

TEST_F(TrackingImportTest, PlansThenAppliesEveryRow) {
  auto result = Import(kDrop);
  ASSERT_OK(result);
  const std::vector<RowOutcome>& o = result->outcomes;
  ASSERT_EQ(o.size(), 5u);
  EXPECT_EQ(o[0].state, RowState::kApplied) << o[0].message;
  EXPECT_EQ(
      o[0].message.rfind("order number 101 read as 000000101; shipped", 0), 0u)
      << o[0].message;
  EXPECT_EQ(o[1].state, RowState::kAlreadyPresent);
  EXPECT_EQ(o[2].code, "order_on_hold");
  EXPECT_EQ(o[3].code, "unknown_order");
  EXPECT_EQ(o[4].code, "missing_value");
  EXPECT_EQ(o[4].line, 6u);
  EXPECT_EQ(result->summary.mode, "import");
  EXPECT_EQ(result->summary.rows_total, 5u);
  EXPECT_EQ(result->summary.valid, 4u);
  EXPECT_EQ(result->summary.applied, 1u);
  EXPECT_EQ(result->summary.already_present, 1u);
  EXPECT_EQ(result->summary.failed, 3u);
  EXPECT_EQ(result->summary.api_calls, caller_.requests().size());
  // One search as written, one for the padded number, one for shipments.
  EXPECT_EQ(caller_.RequestsTo("GET", "V1/orders").size(), 2u);
  EXPECT_EQ(caller_.RequestsTo("GET", "V1/shipments").size(), 1u);
  EXPECT_EQ(Posts(), 1u);
  EXPECT_EQ(result->header_raw, "order_number,tracking_number,carrier_code");
  ASSERT_EQ(result->failed_rows.size(), 3u);
  EXPECT_EQ(result->failed_rows[0].text, "000000103,T-103,ups");
  EXPECT_EQ(result->failed_rows[2].line, 6u);
}

TEST_F(TrackingImportTest, MalformedRecordKeepsItsTextForTheErrorReport) {
  std::string path = testing::FixturePath("samples/tracking_with_errors.csv");
  auto result =
      ImportTrackingDrop(path, profile_, limits_, caller_, {}, clock_, {});
  ASSERT_OK(result);
  ASSERT_EQ(result->failed_rows.size(), 4u);
  // Line 4's quote never closes: the reader skips the line, and its text
  // still reaches errors.csv exactly as the 3PL wrote it.
  EXPECT_EQ(result->failed_rows[2].line, 4u);
  EXPECT_EQ(result->failed_rows[2].text,
            "000000113,\"1Z999AA1012345679,ups,UPS");
  EXPECT_EQ(result->outcomes[2].code, "malformed_record");
  EXPECT_EQ(result->failed_rows[3].text, "000000114,1Z999AA10123456790,,");
}

TEST_F(TrackingImportTest, HeaderIsKeptAsItCame) {
  auto result = Import(
      "\"order_number\", tracking_number ,\"carrier_code\"\r\n"
      "000000101,,ups\r\n");
  ASSERT_OK(result);
  EXPECT_EQ(result->header_raw,
            "\"order_number\", tracking_number ,\"carrier_code\"");
  ASSERT_EQ(result->failed_rows.size(), 1u);
  EXPECT_EQ(result->failed_rows[0].text, "000000101,,ups");
}

TEST_F(TrackingImportTest, DryRunMakesNoPost) {
  DropImportOptions options;
  options.dry_run = true;
  auto result = Import(kDrop, options);
  ASSERT_OK(result);
  EXPECT_EQ(Posts(), 0u);
  EXPECT_EQ(result->summary.mode, "dry-run");
  EXPECT_EQ(result->outcomes[0].state, RowState::kWouldApply);
  EXPECT_EQ(result->summary.applied, 1u);
}

TEST_F(TrackingImportTest, NotifyColumnOverridesProfilePerRow) {
  profile_.tracking.notify_customer = true;
  auto result = Import(
      "order_number,tracking_number,carrier_code,notify\n"
      "000000101,T-101,ups,no\n");
  ASSERT_OK(result);
  auto sent = caller_.RequestsTo("POST", "V1/order/1/ship");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ((*sent[0].body)["notify"], false);
}

TEST_F(TrackingImportTest, UnreachableMagentoDefersEveryCheckedRow) {
  FakeApiCaller down;
  down.On("GET", "V1/orders", {FakeApiCaller::Unavailable(503)});
  auto result = ImportVia(down, kDrop);
  ASSERT_OK(result);
  EXPECT_EQ(result->interrupted.code(), StatusCode::kUnavailable);
  EXPECT_EQ(result->summary.deferred, 4u);
  EXPECT_EQ(result->summary.failed, 1u);
}

TEST_F(TrackingImportTest, RefusedCredentialsFailTheImport) {
  FakeApiCaller refused;
  magento::ApiResult answer;
  answer.status = Status::Unauthenticated("The consumer isn't authorized");
  refused.On("GET", "V1/orders", {answer});
  auto result = ImportVia(refused, kDrop);
  EXPECT_EQ(result.status().code(), StatusCode::kUnauthenticated);
}

TEST_F(TrackingImportTest, MissingColumnIsInvalidInput) {
  auto result = Import("order_number,carrier_code\n000000101,ups\n");
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidInput);
}

TEST_F(TrackingImportTest, ProgressReachesTheTotal) {
  std::mutex mu;
  std::vector<std::pair<uint64_t, uint64_t>> calls;
  DropImportOptions options;
  options.max_parallel = 3;
  options.progress = [&](uint64_t done, uint64_t total) {
    std::lock_guard lock(mu);
    calls.emplace_back(done, total);
  };
  ASSERT_OK(Import(kDrop, options));
  ASSERT_EQ(calls.size(), 4u);  // one per order
  EXPECT_EQ(calls.back(), (std::pair<uint64_t, uint64_t>{4, 4}));
}

// Collects what on_rows_done hands over, by line, counting repeats.
struct RowsDoneLog {
  std::mutex mu;
  std::map<uint64_t, RowOutcome> rows;
  int repeats = 0;
  int calls = 0;

  std::function<void(std::span<const RowOutcome>)> Callback() {
    return [this](std::span<const RowOutcome> done) {
      std::lock_guard lock(mu);
      ++calls;
      for (const RowOutcome& o : done) {
        if (!rows.emplace(o.line, o).second) ++repeats;
      }
    };
  }
};

RowOutcome Recorded(uint64_t line, RowState state, std::string message) {
  RowOutcome o;
  o.line = line;
  o.state = state;
  o.message = std::move(message);
  return o;
}

TEST_F(TrackingImportTest, RowsDecidedBeforeAreNotSentAgain) {
  const std::unordered_map<uint64_t, RowOutcome> before = {
      {2, Recorded(2, RowState::kApplied, "shipped in the first attempt")}};
  DropImportOptions options;
  options.done_before = &before;
  auto result = Import(kDrop, options);
  ASSERT_OK(result);
  EXPECT_EQ(Posts(), 0u);
  EXPECT_EQ(result->outcomes[0].state, RowState::kApplied);
  EXPECT_EQ(result->outcomes[0].message, "shipped in the first attempt");
  EXPECT_EQ(result->summary.applied, 1u);
  EXPECT_EQ(result->summary.valid, 4u);
  // The other rows were decided now, as without done_before.
  EXPECT_EQ(result->outcomes[1].state, RowState::kAlreadyPresent);
  EXPECT_EQ(result->outcomes[3].code, "unknown_order");
}

TEST_F(TrackingImportTest, DeferredRowsDoneBeforeAreImportedAgain) {
  const std::unordered_map<uint64_t, RowOutcome> before = {
      {2, Recorded(2, RowState::kDeferred, "Magento unavailable")},
      {6, Recorded(6, RowState::kFailed, "the tracking number is empty")}};
  DropImportOptions options;
  options.done_before = &before;
  auto result = Import(kDrop, options);
  ASSERT_OK(result);
  EXPECT_EQ(Posts(), 1u);
  EXPECT_EQ(result->outcomes[0].state, RowState::kApplied);
  EXPECT_EQ(result->outcomes[4].message, "the tracking number is empty");
  ASSERT_EQ(result->failed_rows.size(), 3u);
  EXPECT_EQ(result->failed_rows[2].text, "000000101,,ups");
}

TEST_F(TrackingImportTest, OnRowsDoneReceivesEveryFinalRowOnce) {
  const std::unordered_map<uint64_t, RowOutcome> before = {
      {3, Recorded(3, RowState::kAlreadyPresent, "already there")}};
  RowsDoneLog log;
  DropImportOptions options;
  options.max_parallel = 3;
  options.done_before = &before;
  options.on_rows_done = log.Callback();
  auto result = Import(kDrop, options);
  ASSERT_OK(result);
  EXPECT_EQ(log.repeats, 0);
  std::vector<uint64_t> lines;
  for (const auto& [line, o] : log.rows) lines.push_back(line);
  // Line 3 came from done_before; every other row was decided now.
  EXPECT_EQ(lines, (std::vector<uint64_t>{2, 4, 5, 6}));
  EXPECT_EQ(log.rows[2].state, RowState::kApplied);
  EXPECT_EQ(log.rows[6].code, "missing_value");
  // The local failure once read, then one hand-over per order applied.
  EXPECT_EQ(log.calls, 4);
}

TEST_F(TrackingImportTest, OnRowsDoneLeavesOutDeferredRows) {
  ship_answer_ = FakeApiCaller::Unavailable(503);
  RowsDoneLog log;
  DropImportOptions options;
  options.on_rows_done = log.Callback();
  auto result = Import(kDrop, options);
  ASSERT_OK(result);
  EXPECT_EQ(result->outcomes[0].state, RowState::kDeferred);
  EXPECT_EQ(log.rows.count(2), 0u);
  EXPECT_EQ(log.rows.size(), 4u);
}

TEST_F(TrackingImportTest, DryRunHandsNoRowsOver) {
  RowsDoneLog log;
  DropImportOptions options;
  options.dry_run = true;
  options.on_rows_done = log.Callback();
  ASSERT_OK(Import(kDrop, options));
  EXPECT_EQ(log.calls, 0);
}

// --- Large files: orders in windows ---------------------------------------

// A shop of `orders` open orders numbered 100000001...; each searched order
// is answered, shipments are none yet, every ship succeeds. Order searches
// after `searches_before_outage` (when >= 0) meet an outage.
class LargeShop final : public magento::ApiCaller {
 public:
  explicit LargeShop(int orders) : orders_(orders) {}

  Status WaitToResend(const magento::ApiRequest&, const magento::ApiResult&,
                      magento::ResendBudget&, std::stop_token) override {
    return Status::Unavailable("LargeShop never loses a write");
  }

  magento::ApiResult Call(const magento::ApiRequest& r,
                          std::stop_token) override {
    std::lock_guard lock(mu_);
    if (r.method == "GET" && r.path == "V1/orders") {
      if (searches_before_outage >= 0 &&
          order_searches >= searches_before_outage) {
        return FakeApiCaller::Unavailable(503);
      }
      ++order_searches;
      const std::string asked =
          FakeApiCaller::Query(r,
                               "searchCriteria[filter_groups][0][filters]"
                               "[0][value]")
              .value_or("");
      json items = json::array();
      for (std::string_view number : Split(asked, ',')) {
        const int id = std::stoi(std::string(number)) - 100000000;
        if (id >= 1 && id <= orders_) {
          items.push_back(OrderJson(id, std::string(number), "processing"));
        }
      }
      return FakeApiCaller::Ok(
          {{"items", items}, {"total_count", items.size()}});
    }
    if (r.method == "GET" && r.path == "V1/shipments") {
      return FakeApiCaller::Ok({{"items", json::array()}, {"total_count", 0}});
    }
    if (r.method == "POST" && r.path.ends_with("/ship")) {
      ++ships;
      return FakeApiCaller::Ok(100000 + ships);
    }
    return FakeApiCaller::Unavailable(0, "LargeShop: no such route " + r.path);
  }

  int searches_before_outage = -1;
  int order_searches = 0;
  int ships = 0;

 private:
  const int orders_;
  std::mutex mu_;
};

std::string LargeDrop(int rows) {
  std::string csv = "order_number,tracking_number,carrier_code\n";
  for (int i = 1; i <= rows; ++i) {
    csv += std::to_string(100000000 + i) + ",T-" + std::to_string(i) + ",ups\n";
  }
  return csv;
}

// 2,500 orders are more than one window (2,400): looked up, planned and
// applied in two rounds, every row once, progress counted across both.
TEST_F(TrackingImportTest, ALargeFileIsImportedInWindowsOfOrders) {
  LargeShop shop(2500);
  std::mutex mu;
  std::vector<uint64_t> done;
  DropImportOptions options;
  options.max_parallel = 4;
  options.progress = [&](uint64_t rows_done, uint64_t total) {
    std::lock_guard lock(mu);
    EXPECT_EQ(total, 2500u);
    done.push_back(rows_done);
  };
  auto result = ImportVia(shop, LargeDrop(2500), options);
  ASSERT_OK(result);
  EXPECT_EQ(result->summary.applied, 2500u);
  EXPECT_EQ(shop.ships, 2500);
  // Page size 100: 24 searches for the first window, 1 for the second.
  EXPECT_EQ(shop.order_searches, 25);
  ASSERT_EQ(done.size(), 2500u);
  EXPECT_TRUE(std::is_sorted(done.begin(), done.end()));
  EXPECT_EQ(done.back(), 2500u);
}

// Magento goes away after the first window: its rows stay applied, the
// rest wait for the next attempt.
TEST_F(TrackingImportTest, AnOutageBetweenWindowsDefersOnlyTheRowsNotWritten) {
  LargeShop shop(2500);
  shop.searches_before_outage = 24;
  auto result = ImportVia(shop, LargeDrop(2500));
  ASSERT_OK(result);
  EXPECT_EQ(result->interrupted.code(), StatusCode::kUnavailable);
  EXPECT_EQ(result->summary.applied, 2400u);
  EXPECT_EQ(result->summary.deferred, 100u);
  EXPECT_EQ(shop.ships, 2400);
  for (size_t i = 2400; i < 2500; ++i) {
    ASSERT_EQ(result->outcomes[i].state, RowState::kDeferred) << i;
    EXPECT_EQ(result->outcomes[i].code, "magento_unavailable");
    EXPECT_EQ(result->outcomes[i].line, i + 2);
  }
}

}  // namespace
}  // namespace m2drop::pipeline
