// SPDX-License-Identifier: Apache-2.0
// The simulator's ACL: each route's resource as Magento's webapi.xml files
// name it, an integration holding only the resources granted to it, and
// README's permission table ("Connect to Magento") agreeing with both the
// simulator's route table and the routes m2drop's code calls (issue 18).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "m2drop/sim/router.h"
#include "sim/sim_fixture.h"

namespace m2drop::sim {
namespace {

namespace fs = std::filesystem;

std::string ReadSource(const fs::path& relative) {
  std::ifstream in(fs::path(M2DROP_SOURCE_DIR) / relative);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct TableRow {
  std::string text;
  std::vector<std::string> routes;  // "GET /V1/orders"
  std::set<std::string> resources;  // "Magento_Sales::actions_view"
};

// The rows of the first table under README's "## Connect to Magento".
std::vector<TableRow> ReadmePermissionRows() {
  const std::string readme = ReadSource("README.md");
  size_t at = readme.find("\n## Connect to Magento");
  EXPECT_NE(at, std::string::npos) << "README lost its section";
  std::istringstream lines(readme.substr(at == std::string::npos ? 0 : at));
  std::vector<TableRow> rows;
  const std::regex route(R"(`((GET|POST|PUT|DELETE) /V1/[^`]*)`)");
  const std::regex resource(R"(`(Magento_\w+::\w+)`)");
  std::string line;
  bool in_table = false;
  while (std::getline(lines, line)) {
    if (line.rfind("| ", 0) != 0) {
      if (in_table) break;
      continue;
    }
    in_table = true;
    TableRow row{line, {}, {}};
    for (std::sregex_iterator it(line.begin(), line.end(), route), end;
         it != end; ++it) {
      row.routes.push_back((*it)[1]);
    }
    for (std::sregex_iterator it(line.begin(), line.end(), resource), end;
         it != end; ++it) {
      row.resources.insert((*it)[1]);
    }
    if (!row.routes.empty()) rows.push_back(row);
  }
  return rows;
}

// "GET /V1/orders/{id}" -> its RouteSpec in the simulator, or nullptr.
const RouteSpec* SimRoute(const std::string& label) {
  for (const RouteSpec& spec : RouteTable()) {
    if (std::string(spec.method) + " /" + std::string(spec.pattern) == label) {
      return &spec;
    }
  }
  return nullptr;
}

TEST(AclTest, ReadmePermissionTableNamesTheSimulatorsResourcePerRoute) {
  std::vector<TableRow> rows = ReadmePermissionRows();
  ASSERT_GE(rows.size(), 6u);
  for (const TableRow& row : rows) {
    for (const std::string& route : row.routes) {
      const RouteSpec* spec = SimRoute(route);
      ASSERT_NE(spec, nullptr) << route << " is not a simulated route";
      EXPECT_TRUE(row.resources.count(std::string(spec->resource)))
          << route << " needs " << spec->resource
          << "; README says: " << row.text;
    }
  }
}

TEST(AclTest, ReadmePermissionTableListsEveryRouteM2dropCalls) {
  std::set<std::string> listed;
  for (const TableRow& row : ReadmePermissionRows()) {
    listed.insert(row.routes.begin(), row.routes.end());
  }
  const std::regex literal(R"rx("((GET|POST|PUT|DELETE) /V1/[^"]*)")rx");
  std::set<std::string> called;
  for (const char* dir :
       {"src/magento", "src/app", "src/pipeline", "src/kinds"}) {
    for (const auto& entry :
         fs::recursive_directory_iterator(fs::path(M2DROP_SOURCE_DIR) / dir)) {
      if (!entry.is_regular_file()) continue;
      const std::string code =
          ReadSource(fs::relative(entry.path(), fs::path(M2DROP_SOURCE_DIR)));
      for (std::sregex_iterator it(code.begin(), code.end(), literal), end;
           it != end; ++it) {
        called.insert((*it)[1]);
      }
    }
  }
  ASSERT_GE(called.size(), 10u);
  for (const std::string& route : called) {
    const RouteSpec* spec = SimRoute(route);
    ASSERT_NE(spec, nullptr) << route;
    if (spec->resource.empty()) continue;  // anonymous
    EXPECT_TRUE(listed.count(route)) << route << " is missing from README";
  }
}

class AclRouteTest : public SimFixture {
 protected:
  // An integration allowed to use its access token as a bearer token,
  // holding `resources`.
  void SeedIntegration(const std::string& resources) {
    UseSeedText(R"({"flags": {"integration_bearer_allowed": true},
      "auth": {"integrations": [{"consumer_key": "k", "consumer_secret": "s",
        "access_token": "integration-token", "access_token_secret": "ts",
        "resources": )" +
                resources + R"(}]},
      "orders": [{"increment_id": "1", "items": [{"sku": "A", "qty": 1}]}]})");
  }
  static constexpr char kAuth[] = "Bearer integration-token";
};

// Sales/etc/webapi.xml: searching orders needs Magento_Sales::actions_view,
// shipping Magento_Sales::ship, shipments Magento_Sales::shipment.
TEST_F(AclRouteTest, AnIntegrationHoldsOnlyTheResourcesGrantedToIt) {
  SeedIntegration(R"(["Magento_Sales::actions_view", "Magento_Sales::ship"])");
  EXPECT_EQ(Get("/rest/V1/orders/1", {}, kAuth).status, 200);
  Response shipments =
      Get("/rest/V1/shipments", {{"searchCriteria", ""}}, kAuth);
  EXPECT_EQ(shipments.status, 401);
  EXPECT_EQ(Body(shipments)["parameters"]["resources"],
            "Magento_Sales::shipment");
  EXPECT_EQ(Post(ShipPath(1), Json::object(), kAuth).status, 200);
}

TEST_F(AclRouteTest, TheSalesRootAloneDoesNotGrantItsChildren) {
  // Magento saves an allow or deny rule for every resource of a role.
  SeedIntegration(R"(["Magento_Sales::sales"])");
  Response r = Post(ShipPath(1), Json::object(), kAuth);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(Body(r)["parameters"]["resources"], "Magento_Sales::ship");
}

TEST_F(AclRouteTest, AllGrantsEverything) {
  SeedIntegration(R"(["Magento_Backend::all"])");
  EXPECT_EQ(Post(ShipPath(1), Json::object(), kAuth).status, 200);
}

}  // namespace
}  // namespace m2drop::sim
