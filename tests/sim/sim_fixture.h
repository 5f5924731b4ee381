// SPDX-License-Identifier: Apache-2.0
// Shared set-up for the simulator's handler-level tests: a Simulator on a
// FakeClock, seeded from the demo seed or a small inline seed, and helpers
// that build Requests the way a client would send them.
#ifndef M2DROP_TESTS_SIM_SIM_FIXTURE_H_
#define M2DROP_TESTS_SIM_SIM_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "m2drop/base/fake_clock.h"
#include "m2drop/sim/seed.h"
#include "m2drop/sim/simulator.h"
#include "testing/temp_dir.h"

namespace m2drop::sim {

inline constexpr char kDemoToken[] = "Bearer demo-token";

class SimFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    UseSeedFile(testing::FixturePath("sim/demo-seed.json"));
  }

  void UseSeedFile(const std::string& path) {
    Result<Store> store = LoadSeedFile(path);
    ASSERT_TRUE(store.ok()) << store.status();
    Build(std::move(store).value());
  }
  void UseSeedText(const std::string& text) {
    Result<Store> store = ParseSeed(text);
    ASSERT_TRUE(store.ok()) << store.status();
    Build(std::move(store).value());
  }
  void Build(Store store) {
    SimulatorOptions options;
    options.jwt_secret = "test-jwt-secret";
    sim_ = std::make_unique<Simulator>(std::move(store), clock_, options);
  }

  Request MakeRequest(const std::string& method, const std::string& path,
                      QueryPairs query = {}, const std::string& body = "",
                      const std::string& auth = kDemoToken) {
    Request r;
    r.method = method;
    r.path = path;
    r.query = std::move(query);
    r.body = body;
    r.headers.emplace_back("Host", "127.0.0.1:8080");
    if (!auth.empty()) r.headers.emplace_back("Authorization", auth);
    if (method == "POST" || method == "PUT") {
      r.headers.emplace_back("Content-Type", "application/json");
    }
    return r;
  }

  Response Get(const std::string& path, QueryPairs query = {},
               const std::string& auth = kDemoToken) {
    return sim_->Handle(MakeRequest("GET", path, std::move(query), "", auth));
  }
  Response Post(const std::string& path, const Json& body,
                const std::string& auth = kDemoToken) {
    return sim_->Handle(MakeRequest("POST", path, {}, body.dump(), auth));
  }
  Response Put(const std::string& path, const Json& body) {
    return sim_->Handle(MakeRequest("PUT", path, {}, body.dump()));
  }

  static Json Body(const Response& r) { return Json::parse(r.body); }

  // The order's entity_id for an increment id (the demo seed numbers
  // entity ids 1, 2, ... in seed order, unlike the increment ids).
  int64_t EntityIdOf(const std::string& increment_id) {
    int64_t found = -1;
    sim_->WithStore([&](Store& s) {
      for (auto& [id, o] : s.orders) {
        if (o.increment_id == increment_id) found = id;
      }
    });
    return found;
  }
  Order OrderCopy(int64_t entity_id) {
    Order copy;
    sim_->WithStore([&](Store& s) { copy = s.orders.at(entity_id); });
    return copy;
  }
  std::string ShipPath(int64_t entity_id) {
    return "/rest/default/V1/order/" + std::to_string(entity_id) + "/ship";
  }

  // A query selecting `field` `condition` `value` in group 0.
  static QueryPairs Filter(const std::string& field, const std::string& value,
                           const std::string& condition = "eq") {
    std::string f = "searchCriteria[filter_groups][0][filters][0]";
    return {{f + "[field]", field},
            {f + "[value]", value},
            {f + "[condition_type]", condition}};
  }

  FakeClock clock_;
  std::unique_ptr<Simulator> sim_;
};

}  // namespace m2drop::sim

#endif  // M2DROP_TESTS_SIM_SIM_FIXTURE_H_
