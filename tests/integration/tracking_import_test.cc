// SPDX-License-Identifier: Apache-2.0
// The tracking import against the simulator on loopback (demo seed, real
// CurlTransport + RestCaller): every tracking sample ends with the right
// Magento state and outcomes; re-importing and dry runs write nothing; lost
// write answers never duplicate a shipment or track; a file of N orders
// costs about N writes plus a handful of look-ups.
#include "m2drop/kinds/tracking/tracking_import.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "testing/loopback_shop.h"
#include "testing/status_matchers.h"

namespace m2drop {
namespace {

using nlohmann::json;
using pipeline::ImportResult;
using pipeline::RowState;
using testing::GeneratedOrderNumber;

constexpr char kShipRoute[] = "POST /V1/order/{id}/ship";
constexpr char kTrackRoute[] = "POST /V1/shipment/track";
constexpr char kEmailsRoute[] = "POST /V1/shipment/{id}/emails";

config::Profile TrackingProfile() {
  config::Profile profile;
  profile.name = "3pl";
  profile.kind = &config::KindNamed("tracking");
  return profile;
}

class TrackingImportSimTest : public testing::LoopbackShopTest {
 protected:
  void Start(int open_orders = 0, sim::FaultOptions faults = {}) {
    StartShop(testing::ShopSeed(open_orders), std::move(faults));
    connection_ = Connect();
    ASSERT_NE(connection_, nullptr);
  }

  Result<ImportResult> ImportFile(const std::string& path,
                                  const config::Profile& profile,
                                  bool dry_run = false) {
    pipeline::DropImportOptions options;
    options.dry_run = dry_run;
    options.max_parallel = 4;
    return pipeline::ImportTrackingDrop(
        path, profile, limits_, connection_->caller(), {}, clock_, options);
  }

  Result<ImportResult> ImportSample(
      const std::string& name,
      const config::Profile& profile = TrackingProfile(),
      bool dry_run = false) {
    return ImportFile(testing::FixturePath("samples/" + name), profile,
                      dry_run);
  }

  // Requests on every POST route, whatever their status.
  int64_t Posts() {
    int64_t n = 0;
    const json counters = shop_->Counters();
    for (const auto& [label, statuses] : counters["by_route"].items()) {
      if (label.rfind("POST ", 0) != 0) continue;
      for (const auto& [status, count] : statuses.items())
        n += count.get<int64_t>();
    }
    return n;
  }

  int64_t AllRequests() { return shop_->Counters()["total"].get<int64_t>(); }

  json Shipments(const std::string& order) {
    return shop_->OrderState(order)["shipments"];
  }

  static void ExpectAll(const ImportResult& result, RowState state) {
    for (const pipeline::RowOutcome& o : result.outcomes) {
      EXPECT_EQ(o.state, state) << "line " << o.line << ": " << o.message;
    }
  }

  config::LimitsConfig limits_;
  std::unique_ptr<app::MagentoConnection> connection_;
};

TEST_F(TrackingImportSimTest, MinimalSampleShipsEachOrderWithItsTrack) {
  Start();
  auto result = ImportSample("tracking_minimal.csv");
  ASSERT_OK(result);
  ExpectAll(*result, RowState::kApplied);
  EXPECT_EQ(result->summary.applied, 3u);
  const std::pair<const char*, const char*> expected[] = {
      {"000000101", "ups"}, {"000000102", "usps"}, {"000000103", "fedex"}};
  for (const auto& [order, carrier] : expected) {
    json shipments = Shipments(order);
    ASSERT_EQ(shipments.size(), 1u) << order;
    ASSERT_EQ(shipments[0]["tracks"].size(), 1u);
    EXPECT_EQ(shipments[0]["tracks"][0]["carrier_code"], carrier);
    // Keep the order alive: a range-for over a temporary's member
    // would iterate freed memory.
    const json order_state = shop_->OrderState(order);
    for (const json& item : order_state["items"]) {
      EXPECT_EQ(item["qty_shipped"], item["qty_ordered"]) << order;
    }
  }
  EXPECT_EQ(shop_->Count(kShipRoute, 200), 3);
  EXPECT_EQ(shop_->Count(kTrackRoute, 200), 0);
}

TEST_F(TrackingImportSimTest, ShipStationFreeTextCarriersMapToCodes) {
  Start();
  auto result = ImportSample("shipstation_shipments.csv");
  ASSERT_OK(result);
  ExpectAll(*result, RowState::kApplied);
  const std::pair<const char*, const char*> expected[] = {
      {"000000104", "ups"},
      {"000000105", "usps"},
      {"000000106", "fedex"},
      {"000000107", "dhl"}};
  for (const auto& [order, carrier] : expected) {
    json shipments = Shipments(order);
    ASSERT_EQ(shipments.size(), 1u) << order;
    EXPECT_EQ(shipments[0]["tracks"][0]["carrier_code"], carrier) << order;
  }
}

TEST_F(TrackingImportSimTest, GermanExcelSampleWithColumnMapping) {
  Start();
  config::Profile german = TrackingProfile();
  german.columns = {{"order", {"Bestellnummer"}},
                    {"tracking", {"Sendungsnummer"}},
                    {"carrier", {"Versanddienstleister"}}};
  auto result = ImportSample("excel_de_semicolon_bom.csv", german);
  ASSERT_OK(result);
  ExpectAll(*result, RowState::kApplied);
  EXPECT_EQ(result->delimiter, ';');
  json track = Shipments("000000108")[0]["tracks"][0];
  EXPECT_EQ(track["track_number"], "00340434161094042557");
  EXPECT_EQ(track["carrier_code"], "dhl");
  EXPECT_EQ(Shipments("000000110")[0]["tracks"][0]["carrier_code"], "ups");
}

TEST_F(TrackingImportSimTest, MultiPackageItemsShipTheirConfigurableLines) {
  Start();
  auto result = ImportSample("multi_package_items.csv");
  ASSERT_OK(result);
  ExpectAll(*result, RowState::kApplied);
  json shipments111 = Shipments("000000111");
  ASSERT_EQ(shipments111.size(), 2u);  // one per tracking number
  json shipments112 = Shipments("000000112");
  ASSERT_EQ(shipments112.size(), 1u);  // one tracking number, two items
  EXPECT_EQ(shipments112[0]["tracks"].size(), 1u);
  std::set<std::string> skus;  // parent lines and their children
  for (const json& item : shipments112[0]["items"]) skus.insert(item["sku"]);
  EXPECT_EQ(skus, (std::set<std::string>{"WS12-M-Blue", "WS12-M-Green"}));
  for (const char* order : {"000000111", "000000112"}) {
    // Keep the order alive: a range-for over a temporary's member
    // would iterate freed memory.
    const json order_state = shop_->OrderState(order);
    for (const json& item : order_state["items"]) {
      EXPECT_EQ(item["qty_shipped"], item["qty_ordered"])
          << order << " " << item["sku"];
    }
  }
}

TEST_F(TrackingImportSimTest, RowsWithErrorsAreExplainedAndNothingWritten) {
  Start();
  auto result = ImportSample("tracking_with_errors.csv");
  ASSERT_OK(result);
  const auto& o = result->outcomes;
  ASSERT_EQ(o.size(), 4u);
  EXPECT_EQ(o[0].code, "missing_value");  // empty tracking number
  EXPECT_EQ(o[1].code, "unknown_order");
  EXPECT_EQ(o[1].message, "order 999999999 does not exist in Magento");
  EXPECT_EQ(o[2].code, "malformed_record");
  EXPECT_EQ(o[3].code, "missing_value");  // empty carrier
  ExpectAll(*result, RowState::kFailed);
  EXPECT_EQ(result->failed_rows.size(), 4u);
  EXPECT_EQ(result->failed_rows[1].text,
            "999999999,1Z999AA10123456789,ups,UPS");
  EXPECT_EQ(Posts(), 0);
}

TEST_F(TrackingImportSimTest, ShopStatesDecideEachRow) {
  Start();
  std::string path = dir_.WriteFile(
      "states.csv",
      "order_number,tracking_number,carrier_code\n"
      "000000115,T-115,ups\n"    // canceled
      "000000116,T-116,ups\n"    // holded
      "000000117,T-117,dhl\n"    // complete: track added, e-mailed
      "000000118,T-118,ups\n"    // partially shipped: the rest ships
      "120,T-120,ups\n"          // Excel stripped the zeros
      "000000121,T-121,ups\n");  // virtual only
  auto result = ImportFile(path, TrackingProfile());
  ASSERT_OK(result);
  const auto& o = result->outcomes;
  ASSERT_EQ(o.size(), 6u);
  EXPECT_EQ(o[0].code, "order_canceled");
  EXPECT_EQ(o[1].message,
            "order 000000116 is on hold in Magento (state holded): release "
            "it, then drop the row again");
  EXPECT_EQ(o[2].state, RowState::kApplied) << o[2].message;
  json shipment117 = Shipments("000000117")[0];
  ASSERT_EQ(shipment117["tracks"].size(), 2u);
  EXPECT_EQ(shipment117["tracks"][1]["carrier_code"], "dhl");
  EXPECT_EQ(shop_->Count(kEmailsRoute, 200), 1);
  EXPECT_EQ(o[3].state, RowState::kApplied) << o[3].message;
  // Keep the order alive: a range-for over a temporary's member
  // would iterate freed memory.
  const json order_state = shop_->OrderState("000000118");
  for (const json& item : order_state["items"]) {
    EXPECT_EQ(item["qty_shipped"], item["qty_ordered"]) << item["sku"];
  }
  EXPECT_EQ(o[4].state, RowState::kApplied);
  EXPECT_EQ(o[4].message.rfind("order number 120 read as 000000120; ", 0), 0u)
      << o[4].message;
  EXPECT_EQ(Shipments("000000120").size(), 1u);
  EXPECT_EQ(o[5].code, "nothing_to_ship");
}

TEST_F(TrackingImportSimTest, ReimportWritesNothing) {
  Start();
  ASSERT_OK(ImportSample("multi_package_items.csv"));
  ASSERT_OK(ImportSample("tracking_minimal.csv"));
  const int64_t posts = Posts();
  for (const char* sample :
       {"multi_package_items.csv", "tracking_minimal.csv"}) {
    auto again = ImportSample(sample);
    ASSERT_OK(again);
    ExpectAll(*again, RowState::kAlreadyPresent);
  }
  EXPECT_EQ(Posts(), posts);
}

TEST_F(TrackingImportSimTest, DryRunWritesNothing) {
  Start();
  auto result = ImportSample("multi_package_items.csv", TrackingProfile(),
                             /*dry_run=*/true);
  ASSERT_OK(result);
  ExpectAll(*result, RowState::kWouldApply);
  EXPECT_EQ(result->summary.mode, "dry-run");
  EXPECT_EQ(Posts(), 0);
  EXPECT_EQ(Shipments("000000111").size(), 0u);
}

std::string GeneratedDrop(int orders) {
  std::string csv = "order_number,tracking_number,carrier_code\n";
  for (int n = 1; n <= orders; ++n) {
    csv +=
        GeneratedOrderNumber(n) + ",TRK-" + GeneratedOrderNumber(n) + ",ups\n";
  }
  return csv;
}

TEST_F(TrackingImportSimTest, SixtyOrdersCostAboutOneCallPerRow) {
  constexpr int kOrders = 60;
  Start(kOrders);
  auto result = ImportFile(dir_.WriteFile("sixty.csv", GeneratedDrop(kOrders)),
                           TrackingProfile());
  ASSERT_OK(result);
  ExpectAll(*result, RowState::kApplied);
  const int64_t calls = AllRequests() - shop_->Count(kEmailsRoute, 200);
  EXPECT_LE(calls, kOrders * 11 / 10) << shop_->Counters().dump();
  EXPECT_EQ(shop_->Count(kShipRoute, 200), kOrders);
  EXPECT_EQ(result->summary.api_calls, static_cast<uint64_t>(AllRequests()));
}

TEST_F(TrackingImportSimTest, LostWriteAnswersNeverDuplicate) {
  constexpr int kOrders = 40;
  sim::FaultOptions faults;
  faults.lost_response_rate = 0.2;
  faults.seed = 42;
  Start(kOrders, faults);
  auto result = ImportFile(dir_.WriteFile("lossy.csv", GeneratedDrop(kOrders)),
                           TrackingProfile());
  ASSERT_OK(result);
  ExpectAll(*result, RowState::kApplied);
  EXPECT_GT(shop_->Counters()["faults"].value("lost_response", 0), 0)
      << shop_->Counters().dump();
  for (int n = 1; n <= kOrders; ++n) {
    json shipments = Shipments(GeneratedOrderNumber(n));
    ASSERT_EQ(shipments.size(), 1u) << GeneratedOrderNumber(n);
    EXPECT_EQ(shipments[0]["tracks"].size(), 1u) << GeneratedOrderNumber(n);
  }
}

}  // namespace
}  // namespace m2drop
