// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/commands/acl_probes.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "m2drop/sim/router.h"

namespace m2drop::app {
namespace {

config::Config WithProfiles(std::vector<config::Profile> profiles) {
  config::Config config;
  config.profiles = std::move(profiles);
  return config;
}

config::Profile Tracking() {
  config::Profile p;
  p.kind = &config::KindNamed("tracking");
  return p;
}

config::Profile Stock(config::StockApi api) {
  config::Profile p;
  p.kind = &config::KindNamed("stock");
  p.stock.stock_api = api;
  return p;
}

std::vector<std::string> Resources(const std::vector<AclProbe>& probes) {
  std::vector<std::string> out;
  for (const AclProbe& p : probes) out.push_back(p.resource);
  return out;
}

TEST(AclProbesTest, TrackingProbesOrdersShipmentsAndShipping) {
  EXPECT_EQ(Resources(AclProbesFor(WithProfiles({Tracking(), Tracking()}))),
            (std::vector<std::string>{"Magento_Sales::actions_view",
                                      "Magento_Sales::shipment",
                                      "Magento_Sales::ship"}));
}

TEST(AclProbesTest, StockProbesProductsAndItsApi) {
  EXPECT_EQ(
      Resources(AclProbesFor(WithProfiles({Stock(config::StockApi::kMsi)}))),
      (std::vector<std::string>{
          "Magento_Catalog::products",
          "Magento_InventoryApi::stock_source_item_assign"}));
  EXPECT_EQ(
      Resources(AclProbesFor(WithProfiles({Stock(config::StockApi::kLegacy)}))),
      (std::vector<std::string>{"Magento_Catalog::products",
                                "Magento_CatalogInventory::cataloginventory"}));
}

TEST(AclProbesTest, ProbesThatReachARouteCannotWrite) {
  for (const AclProbe& p : AclProbesFor(
           WithProfiles({Tracking(), Stock(config::StockApi::kMsi)}))) {
    if (p.request.method == "GET") continue;
    EXPECT_FALSE(p.request.idempotent) << p.request.route;
    EXPECT_NE(p.held_status, 0) << p.request.route;
  }
}

// Each probe's route needs exactly the resource it names: the simulator's
// route table follows Magento's webapi.xml files.
TEST(AclProbesTest, EachProbeNamesTheResourceItsRouteNeeds) {
  config::Config all = WithProfiles({Tracking(), Stock(config::StockApi::kMsi),
                                     Stock(config::StockApi::kLegacy)});
  for (const AclProbe& probe : AclProbesFor(all)) {
    bool found = false;
    for (const sim::RouteSpec& spec : sim::RouteTable()) {
      if (std::string(spec.method) + " /" + std::string(spec.pattern) !=
          probe.request.route) {
        continue;
      }
      found = true;
      EXPECT_EQ(spec.resource, probe.resource) << probe.request.route;
    }
    EXPECT_TRUE(found) << probe.request.route;
  }
}

}  // namespace
}  // namespace m2drop::app
