// SPDX-License-Identifier: Apache-2.0
#include "m2drop/kinds/tracking/tracking_plan.h"

#include <gtest/gtest.h>

namespace m2drop::pipeline {
namespace {

using magento::Order;
using magento::OrderItem;
using magento::Shipment;
using Kind = PackageActionKind;

OrderItem Line(int64_t id, std::string sku, double ordered,
               double shipped = 0) {
  OrderItem item;
  item.item_id = id;
  item.sku = std::move(sku);
  item.product_type = "simple";
  item.qty_ordered = ordered;
  item.qty_shipped = shipped;
  return item;
}

// A configurable line `id` with its simple child `id + 1`, both carrying
// the simple's SKU, as Magento (and the simulator) store them.
std::vector<OrderItem> Configurable(int64_t id, const std::string& sku,
                                    double ordered, double shipped = 0) {
  OrderItem parent = Line(id, sku, ordered, shipped);
  parent.product_type = "configurable";
  OrderItem child = Line(id + 1, sku, ordered, shipped);
  child.parent_item_id = id;
  return {parent, child};
}

Order MakeOrder(std::string state, std::vector<OrderItem> items) {
  Order order;
  order.entity_id = 7;
  order.increment_id = "000000107";
  order.state = std::move(state);
  order.items = std::move(items);
  return order;
}

Shipment ShipmentWith(int64_t id, std::string track, std::string created) {
  Shipment s;
  s.entity_id = id;
  s.order_id = 7;
  s.created_at = std::move(created);
  if (!track.empty()) s.tracks.push_back({id * 10, id, 7, track, "ups", "UPS"});
  return s;
}

class TrackingPlanTest : public ::testing::Test {
 protected:
  // Adds a row for order 000000107.
  void Row(std::string tracking, std::string sku = "",
           std::optional<double> qty = std::nullopt,
           std::optional<bool> notify = std::nullopt,
           std::string order = "000000107") {
    TrackingRow row;
    row.line = rows_.size() + 2;
    row.order = std::move(order);
    row.tracking = std::move(tracking);
    row.carrier = "UPS";
    row.sku = std::move(sku);
    row.qty = qty;
    row.notify = notify;
    rows_.push_back(std::move(row));
  }

  OrderPlan Plan(const Order* order,
                 const std::vector<Shipment>& shipments = {}) {
    std::vector<OrderRows> groups = GroupTrackingRows(rows_);
    EXPECT_EQ(groups.size(), 1u);
    return PlanOrder(groups.front(), rows_, order, shipments, "", settings_);
  }

  std::vector<TrackingRow> rows_;
  PlanSettings settings_;
};

TEST_F(TrackingPlanTest, GroupsByOrderThenTrackingNumber) {
  Row("T1", "A", 1);
  Row("T2", "B", 1, std::nullopt, "000000108");
  Row("T1", "B", 1);
  Row("T3", "C", 1);
  std::vector<OrderRows> groups = GroupTrackingRows(rows_);
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].order, "000000107");
  ASSERT_EQ(groups[0].packages.size(), 2u);
  EXPECT_EQ(groups[0].packages[0].tracking, "T1");
  EXPECT_EQ(groups[0].packages[0].rows, (std::vector<size_t>{0, 2}));
  EXPECT_EQ(groups[0].packages[1].rows, (std::vector<size_t>{3}));
  EXPECT_EQ(groups[1].packages[0].rows, (std::vector<size_t>{1}));
}

TEST_F(TrackingPlanTest, TrackAlreadyOnOrderIsAlreadyPresent) {
  Order order = MakeOrder("complete", {Line(1, "A", 1, 1)});
  Row("1Z1");
  OrderPlan plan = Plan(&order, {ShipmentWith(5, "1Z1", "2026-01-01")});
  ASSERT_EQ(plan.actions.size(), 1u);
  EXPECT_EQ(plan.actions[0].kind, Kind::kAlreadyPresent);
  EXPECT_EQ(plan.actions[0].shipment_id, 5);
  EXPECT_EQ(plan.known_shipment_ids, (std::vector<int64_t>{5}));
}

TEST_F(TrackingPlanTest, ShipsExplicitItems) {
  Order order = MakeOrder("processing", {Line(1, "A", 3), Line(2, "B", 1)});
  Row("1Z1", "a", 2);  // SKUs match ignoring case, as in Magento
  OrderPlan plan = Plan(&order);
  const PackageAction& a = plan.actions.at(0);
  ASSERT_EQ(a.kind, Kind::kShip) << a.message;
  ASSERT_EQ(a.items.size(), 1u);
  EXPECT_EQ(a.items[0].item.order_item_id, 1);
  EXPECT_EQ(a.items[0].item.qty, 2);
  EXPECT_EQ(a.track.track_number, "1Z1");
  EXPECT_EQ(a.track.carrier_code, "ups");
  EXPECT_EQ(a.track.title, "UPS");
  EXPECT_EQ(plan.order_id, 7);
  EXPECT_EQ(DescribeItems(a.items), "2 × a");
}

TEST_F(TrackingPlanTest, SkuWithoutQuantityShipsAllLeftOfIt) {
  Order order = MakeOrder("processing", {Line(1, "A", 3, 1), Line(2, "B", 1)});
  Row("1Z1", "A");
  OrderPlan plan = Plan(&order);
  ASSERT_EQ(plan.actions.at(0).kind, Kind::kShip);
  ASSERT_EQ(plan.actions[0].items.size(), 1u);
  EXPECT_EQ(plan.actions[0].items[0].item.qty, 2);
}

TEST_F(TrackingPlanTest, ShipsAllRemainingWhenRowsNameNoItems) {
  OrderItem gift = Line(3, "GIFT", 1);
  gift.is_virtual = true;
  Order order =
      MakeOrder("processing", {Line(1, "A", 3, 1), Line(2, "B", 1, 1), gift});
  settings_.ship_source = "warehouse_eu";
  Row("1Z1");
  OrderPlan plan = Plan(&order);
  const PackageAction& a = plan.actions.at(0);
  ASSERT_EQ(a.kind, Kind::kShip);
  ASSERT_EQ(a.items.size(), 1u);
  EXPECT_EQ(a.items[0].item.order_item_id, 1);
  EXPECT_EQ(a.items[0].item.qty, 2);
  EXPECT_EQ(a.source_code, "warehouse_eu");
}

TEST_F(TrackingPlanTest, RowsNamingNoItemsFailWithoutShipRemaining) {
  Order order = MakeOrder("processing", {Line(1, "A", 1)});
  settings_.ship_remaining = false;
  Row("1Z1");
  EXPECT_EQ(Plan(&order).actions.at(0).code, "missing_value");
}

TEST_F(TrackingPlanTest, ConfigurableChildSkuShipsParentLine) {
  std::vector<OrderItem> items = Configurable(10, "MH01-XS-Black", 1);
  std::vector<OrderItem> orange = Configurable(12, "MH01-XS-Orange", 2);
  items.insert(items.end(), orange.begin(), orange.end());
  Order order = MakeOrder("processing", items);
  Row("1Z1", "MH01-XS-Orange", 2);
  OrderPlan plan = Plan(&order);
  const PackageAction& a = plan.actions.at(0);
  ASSERT_EQ(a.kind, Kind::kShip) << a.message;
  ASSERT_EQ(a.items.size(), 1u);
  EXPECT_EQ(a.items[0].item.order_item_id, 12);  // the parent line
  EXPECT_EQ(a.items[0].item.qty, 2);
}

TEST_F(TrackingPlanTest, ShipRemainingNeverNamesConfigurableChildren) {
  Order order = MakeOrder("processing", Configurable(10, "WS12-M-Blue", 1));
  Row("1Z1");
  OrderPlan plan = Plan(&order);
  const PackageAction& a = plan.actions.at(0);
  ASSERT_EQ(a.items.size(), 1u);
  EXPECT_EQ(a.items[0].item.order_item_id, 10);
}

TEST_F(TrackingPlanTest, TooMuchSaysHowManyAreLeft) {
  Order order = MakeOrder("processing", {Line(1, "A", 2, 1), Line(2, "B", 1)});
  Row("1Z1", "A", 2);
  OrderPlan plan = Plan(&order);
  const PackageAction& a = plan.actions.at(0);
  EXPECT_EQ(a.kind, Kind::kFail);
  EXPECT_EQ(a.code, "too_much");
  EXPECT_EQ(a.message,
            "only 1 left to ship of SKU A on order 000000107, the file asks "
            "for 2");
}

// Magento's ShipmentFactory::castQty ships (int) qty of a line that does
// not take decimals, so 1.5 would ship 1 while the row says 1.5.
TEST_F(TrackingPlanTest, FractionOfAWholeUnitLineIsRefusedBeforeSending) {
  Order order = MakeOrder("processing", {Line(1, "A", 3), Line(2, "B", 1)});
  Row("1Z1", "A", 1.5);
  OrderPlan plan = Plan(&order);
  const PackageAction& a = plan.actions.at(0);
  EXPECT_EQ(a.kind, Kind::kFail);
  EXPECT_EQ(a.code, "fractional_qty");
  EXPECT_EQ(a.message,
            "SKU A on order 000000107 ships in whole units, the file asks "
            "for 1.5 (Magento would ship 1)");
}

TEST_F(TrackingPlanTest, FractionsThatAddUpToWholeUnitsShip) {
  Order order = MakeOrder("processing", {Line(1, "A", 3)});
  Row("1Z1", "A", 0.5);
  Row("1Z1", "A", 1.5);
  OrderPlan plan = Plan(&order);
  ASSERT_EQ(plan.actions.at(0).kind, Kind::kShip) << plan.actions[0].message;
  EXPECT_EQ(plan.actions[0].items.at(0).item.qty, 2);
}

TEST_F(TrackingPlanTest, FractionOfADecimalLineShips) {
  OrderItem cloth = Line(1, "CLOTH-M", 3);
  cloth.is_qty_decimal = true;
  Order order = MakeOrder("processing", {cloth});
  Row("1Z1", "CLOTH-M", 1.5);
  OrderPlan plan = Plan(&order);
  ASSERT_EQ(plan.actions.at(0).kind, Kind::kShip) << plan.actions[0].message;
  EXPECT_EQ(plan.actions[0].items.at(0).item.qty, 1.5);
}

TEST_F(TrackingPlanTest, RowsOfOnePackageAddUpAgainstWhatIsLeft) {
  Order order = MakeOrder("processing", {Line(1, "A", 2)});
  Row("1Z1", "A", 1);
  Row("1Z1", "A", 2);
  EXPECT_EQ(Plan(&order).actions.at(0).code, "too_much");
}

TEST_F(TrackingPlanTest, UnknownSkuListsTheOrdersItems) {
  Order order = MakeOrder("processing", {Line(1, "A", 1), Line(2, "B", 1)});
  Row("1Z1", "A", 1);
  Row("1Z1", "X", 1);
  OrderPlan plan = Plan(&order);
  const PackageAction& a = plan.actions.at(0);
  EXPECT_EQ(a.kind, Kind::kFail);
  EXPECT_EQ(a.code, "unknown_sku");
  EXPECT_EQ(a.message, "SKU X is not on order 000000107 (items: A, B)");
  EXPECT_EQ(a.rows, (std::vector<size_t>{0, 1}));
}

TEST_F(TrackingPlanTest, PackagesOfOneOrderShareWhatIsLeft) {
  Order order = MakeOrder("processing", {Line(1, "A", 3)});
  Row("1Z1", "A", 2);
  Row("1Z2", "A", 2);  // only 1 left after package 1
  Row("1Z3", "A", 1);
  OrderPlan plan = Plan(&order);
  ASSERT_EQ(plan.actions.size(), 3u);
  EXPECT_EQ(plan.actions[0].kind, Kind::kShip);
  EXPECT_EQ(plan.actions[1].code, "too_much");
  EXPECT_NE(plan.actions[1].message.find("only 1 left"), std::string::npos);
  EXPECT_EQ(plan.actions[2].kind, Kind::kShip);
  EXPECT_EQ(plan.actions[2].items.at(0).item.qty, 1);
}

TEST_F(TrackingPlanTest, RepeatedTrackingNumberJoinsOneShipment) {
  Order order = MakeOrder("processing", {Line(1, "A", 1), Line(2, "B", 1)});
  Row("1Z1", "A", 1);
  Row("1Z1", "B", 1);
  OrderPlan plan = Plan(&order);
  ASSERT_EQ(plan.actions.size(), 1u);
  EXPECT_EQ(plan.actions[0].kind, Kind::kShip);
  EXPECT_EQ(plan.actions[0].items.size(), 2u);
}

TEST_F(TrackingPlanTest, NothingLeftAddsTrackToLatestShipment) {
  Order order = MakeOrder("complete", {Line(1, "A", 2, 2)});
  Row("1Z9");
  OrderPlan plan =
      Plan(&order, {ShipmentWith(8, "1Z1", "2026-01-02 10:00:00"),
                    ShipmentWith(5, "1Z2", "2026-01-01 10:00:00")});
  const PackageAction& a = plan.actions.at(0);
  EXPECT_EQ(a.kind, Kind::kAddTrack);
  EXPECT_EQ(a.shipment_id, 8);
}

TEST_F(TrackingPlanTest, PackageAfterShipAddsTrackToTheNewShipment) {
  Order order = MakeOrder("processing", {Line(1, "A", 1)});
  Row("1Z1");
  Row("1Z2");
  OrderPlan plan = Plan(&order);
  ASSERT_EQ(plan.actions.size(), 2u);
  EXPECT_EQ(plan.actions[0].kind, Kind::kShip);
  EXPECT_EQ(plan.actions[1].kind, Kind::kAddTrack);
  EXPECT_EQ(plan.actions[1].shipment_id, 0);  // the one package 1 creates
}

TEST_F(TrackingPlanTest, VirtualOnlyOrderHasNothingToShip) {
  OrderItem gift = Line(1, "GIFT", 1);
  gift.is_virtual = true;
  Order order = MakeOrder("processing", {gift});
  Row("1Z1");
  EXPECT_EQ(Plan(&order).actions.at(0).code, "nothing_to_ship");
}

TEST_F(TrackingPlanTest, OrdersMagentoWillNotShipFailWithTheirState) {
  struct Case {
    const char* state;
    const char* code;
    const char* message;
  };
  for (const Case& c :
       {Case{"canceled", "order_canceled",
             "order 000000107 is canceled in Magento (state canceled): a "
             "canceled order cannot be shipped"},
        Case{"holded", "order_on_hold",
             "order 000000107 is on hold in Magento (state holded): release "
             "it, then drop the row again"},
        Case{"closed", "order_closed",
             "order 000000107 is closed in Magento (state closed): it was "
             "refunded and can no longer be shipped"},
        Case{"payment_review", "order_payment_review", nullptr}}) {
    Order order = MakeOrder(c.state, {Line(1, "A", 1)});
    rows_.clear();
    Row("1Z1");
    OrderPlan plan = Plan(&order);
    const PackageAction& a = plan.actions.at(0);
    EXPECT_EQ(a.kind, Kind::kFail) << c.state;
    EXPECT_EQ(a.code, c.code);
    if (c.message != nullptr) {
      EXPECT_EQ(a.message, c.message);
    }
  }
}

TEST_F(TrackingPlanTest, UnknownOrderFailsEveryPackage) {
  Row("1Z1", "", std::nullopt, std::nullopt, "999999999");
  Row("1Z2", "", std::nullopt, std::nullopt, "999999999");
  OrderPlan plan = Plan(nullptr);
  ASSERT_EQ(plan.actions.size(), 2u);
  for (const PackageAction& a : plan.actions) {
    EXPECT_EQ(a.kind, Kind::kFail);
    EXPECT_EQ(a.code, "unknown_order");
    EXPECT_EQ(a.message, "order 999999999 does not exist in Magento");
  }
  EXPECT_EQ(plan.order_id, 0);
}

TEST_F(TrackingPlanTest, NotifyColumnOverridesProfile) {
  Order order = MakeOrder("processing", {Line(1, "A", 1), Line(2, "B", 1)});
  settings_.notify_customer = true;
  Row("1Z1", "A", 1, false);
  Row("1Z2", "B", 1);
  OrderPlan plan = Plan(&order);
  EXPECT_FALSE(plan.actions.at(0).notify);
  EXPECT_TRUE(plan.actions.at(1).notify);

  settings_.notify_customer = false;
  rows_.clear();
  Row("1Z1", "A", 1, true);
  Row("1Z2", "B", 1);
  plan = Plan(&order);
  EXPECT_TRUE(plan.actions.at(0).notify);
  EXPECT_FALSE(plan.actions.at(1).notify);
}

TEST_F(TrackingPlanTest, CarrierPatternsFromProfileApply) {
  Order order = MakeOrder("processing", {Line(1, "A", 1)});
  settings_.carriers = {{"UP*", "custom_ups"}};
  Row("1Z1");
  EXPECT_EQ(Plan(&order).actions.at(0).track.carrier_code, "custom_ups");
}

}  // namespace
}  // namespace m2drop::pipeline
