// SPDX-License-Identifier: Apache-2.0
#include "m2drop/kinds/tracking/tracking_apply.h"

#include <gtest/gtest.h>

#include "fakes/fake_api_caller.h"
#include "testing/status_matchers.h"

namespace m2drop::pipeline {
namespace {

using magento::FakeApiCaller;
using Kind = PackageActionKind;

class TrackingApplyTest : public ::testing::Test {
 protected:
  TrackingApplyTest() : client_(caller_, magento::ClientOptions{}) {
    plan_.order = "107";
    plan_.increment_id = "000000107";
    plan_.order_id = 7;
    plan_.known_shipment_ids = {3};
  }

  // Adds an action for one new row.
  PackageAction& Action(Kind kind, std::string tracking, bool notify = true) {
    TrackingRow row;
    row.line = rows_.size() + 2;
    row.order = plan_.order;
    row.tracking = tracking;
    rows_.push_back(row);
    PackageAction action;
    action.kind = kind;
    action.rows = {rows_.size() - 1};
    action.track = {tracking, "UPS", "ups"};
    action.notify = notify;
    plan_.actions.push_back(action);
    return plan_.actions.back();
  }

  Status Apply(bool dry_run = false) {
    outcomes_.assign(rows_.size(), RowOutcome{});
    RowOutcomes outcomes(outcomes_);
    return ApplyOrderPlan(plan_, rows_, client_, dry_run, {}, &outcomes);
  }

  size_t Posts() const {
    size_t n = 0;
    for (const auto& r : caller_.requests()) n += r.method == "POST";
    return n;
  }

  FakeApiCaller caller_;
  magento::Client client_;
  OrderPlan plan_;
  std::vector<TrackingRow> rows_;
  std::vector<RowOutcome> outcomes_;
};

TEST_F(TrackingApplyTest, ShipSendsItemsTrackNotifyAndSource) {
  PackageAction& a = Action(Kind::kShip, "1Z1");
  a.items = {{{11, 2}, "A"}};
  a.source_code = "warehouse_eu";
  caller_.On("POST", "V1/order/7/ship", {FakeApiCaller::Ok(42)});
  ASSERT_OK(Apply());
  auto sent = caller_.RequestsTo("POST", "V1/order/7/ship");
  ASSERT_EQ(sent.size(), 1u);
  const nlohmann::json& body = *sent[0].body;
  EXPECT_EQ(body["items"][0]["order_item_id"], 11);
  EXPECT_EQ(body["items"][0]["qty"], 2);
  EXPECT_EQ(body["tracks"][0]["track_number"], "1Z1");
  EXPECT_EQ(body["tracks"][0]["carrier_code"], "ups");
  EXPECT_EQ(body["notify"], true);
  EXPECT_EQ(body["arguments"]["extension_attributes"]["source_code"],
            "warehouse_eu");
  EXPECT_EQ(outcomes_[0].state, RowState::kApplied);
  EXPECT_EQ(outcomes_[0].line, 2u);
  EXPECT_EQ(outcomes_[0].message,
            "shipped 2 × A as shipment 42 with track 1Z1 (ups, UPS); customer "
            "notified");
}

TEST_F(TrackingApplyTest, AddTrackThenNotifies) {
  Action(Kind::kAddTrack, "1Z2").shipment_id = 3;
  caller_.On("POST", "V1/shipment/track",
             {FakeApiCaller::Ok({{"entity_id", 9}})});
  caller_.On("POST", "V1/shipment/3/emails", {FakeApiCaller::Ok(true)});
  ASSERT_OK(Apply());
  auto sent = caller_.RequestsTo("POST", "V1/shipment/track");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ((*sent[0].body)["entity"]["parent_id"], 3);
  EXPECT_EQ(caller_.RequestsTo("POST", "V1/shipment/3/emails").size(), 1u);
  EXPECT_EQ(outcomes_[0].state, RowState::kApplied);
  EXPECT_NE(outcomes_[0].message.find("customer notified"), std::string::npos);
}

TEST_F(TrackingApplyTest, AddTrackWithoutNotifySendsNoEmail) {
  Action(Kind::kAddTrack, "1Z2", false).shipment_id = 3;
  caller_.On("POST", "V1/shipment/track",
             {FakeApiCaller::Ok({{"entity_id", 9}})});
  ASSERT_OK(Apply());
  EXPECT_EQ(Posts(), 1u);
}

TEST_F(TrackingApplyTest, AddTrackAfterShipUsesTheNewShipment) {
  Action(Kind::kShip, "1Z1").items = {{{11, 1}, "A"}};
  Action(Kind::kAddTrack, "1Z2", false).shipment_id = 0;
  caller_.On("POST", "V1/order/7/ship", {FakeApiCaller::Ok(42)});
  caller_.On("POST", "V1/shipment/track",
             {FakeApiCaller::Ok({{"entity_id", 9}})});
  ASSERT_OK(Apply());
  auto sent = caller_.RequestsTo("POST", "V1/shipment/track");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ((*sent[0].body)["entity"]["parent_id"], 42);
}

TEST_F(TrackingApplyTest, MagentoRejectionFailsRowWithItsMessage) {
  Action(Kind::kShip, "1Z1").items = {{{11, 1}, "A"}};
  caller_.On("POST", "V1/order/7/ship",
             {FakeApiCaller::Rejected(
                 400, "The order does not allow a shipment to be created.")});
  ASSERT_OK(Apply());
  EXPECT_EQ(outcomes_[0].state, RowState::kFailed);
  EXPECT_NE(outcomes_[0].message.find("does not allow a shipment"),
            std::string::npos);
}

TEST_F(TrackingApplyTest, UnavailableDefersThisAndLaterPackages) {
  Action(Kind::kShip, "1Z1").items = {{{11, 1}, "A"}};
  Action(Kind::kShip, "1Z2").items = {{{12, 1}, "B"}};
  Action(Kind::kFail, "1Z3").message = "SKU X is not on order";
  caller_.On("POST", "V1/order/7/ship", {FakeApiCaller::Unavailable(503)});
  caller_.On("GET", "V1/shipments",
             {FakeApiCaller::Unavailable(503)});  // the re-read fails too
  ASSERT_OK(Apply());
  EXPECT_EQ(outcomes_[0].state, RowState::kDeferred);
  EXPECT_NE(outcomes_[0].message.find("nothing lost, try again"),
            std::string::npos);
  EXPECT_EQ(outcomes_[1].state, RowState::kDeferred);
  EXPECT_EQ(outcomes_[2].state, RowState::kFailed);
  for (const auto& r : caller_.RequestsTo("POST", "V1/order/7/ship")) {
    EXPECT_EQ((*r.body)["tracks"][0]["track_number"], "1Z1");
  }
}

TEST_F(TrackingApplyTest, UnauthenticatedStopsTheImport) {
  Action(Kind::kShip, "1Z1").items = {{{11, 1}, "A"}};
  magento::ApiResult refused;
  refused.status = Status::Unauthenticated("The consumer isn't authorized");
  refused.http_status = 401;
  caller_.On("POST", "V1/order/7/ship", {refused});
  Status status = Apply();
  EXPECT_EQ(status.code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(outcomes_[0].state, RowState::kDeferred);
}

TEST_F(TrackingApplyTest, DryRunWritesNothing) {
  Action(Kind::kShip, "1Z1").items = {{{11, 2}, "A"}};
  Action(Kind::kAddTrack, "1Z2").shipment_id = 3;
  Action(Kind::kAlreadyPresent, "1Z3").message = "already there";
  ASSERT_OK(Apply(/*dry_run=*/true));
  EXPECT_TRUE(caller_.requests().empty());
  EXPECT_EQ(outcomes_[0].state, RowState::kWouldApply);
  EXPECT_EQ(outcomes_[0].message,
            "would ship 2 × A with track 1Z1 (ups, UPS), notifying the "
            "customer");
  EXPECT_EQ(outcomes_[1].state, RowState::kWouldApply);
  EXPECT_EQ(outcomes_[2].state, RowState::kAlreadyPresent);
}

TEST_F(TrackingApplyTest, NoteOnOrderNumberPrefixesEveryMessage) {
  plan_.note = "order number 107 read as 000000107";
  Action(Kind::kAlreadyPresent, "1Z3").message = "already there";
  ASSERT_OK(Apply());
  EXPECT_EQ(outcomes_[0].message,
            "order number 107 read as 000000107; already there");
}

TEST_F(TrackingApplyTest, DeferOrderPlanKeepsDecisionsThatNeedNoWrite) {
  Action(Kind::kShip, "1Z1");
  Action(Kind::kAlreadyPresent, "1Z2");
  Action(Kind::kFail, "1Z3").code = "unknown_sku";
  outcomes_.assign(rows_.size(), RowOutcome{});
  RowOutcomes outcomes(outcomes_);
  DeferOrderPlan(plan_, rows_, "stopped", &outcomes);
  EXPECT_EQ(outcomes_[0].state, RowState::kDeferred);
  EXPECT_EQ(outcomes_[0].message, "stopped");
  EXPECT_EQ(outcomes_[1].state, RowState::kAlreadyPresent);
  EXPECT_EQ(outcomes_[2].code, "unknown_sku");
}

}  // namespace
}  // namespace m2drop::pipeline
