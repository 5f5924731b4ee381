// SPDX-License-Identifier: Apache-2.0
#include "m2drop/sim/faults.h"

#include <gtest/gtest.h>

#include <set>

#include "m2drop/base/fake_clock.h"
#include "testing/status_matchers.h"

namespace m2drop::sim {
namespace {

class FaultsTest : public ::testing::Test {
 protected:
  std::vector<FaultKind> Kinds(FaultInjector& f, int n) {
    std::vector<FaultKind> kinds;
    for (int i = 0; i < n; ++i)
      kinds.push_back(f.Decide(clock_.Now(), "L").kind);
    return kinds;
  }
  FakeClock clock_;
};

TEST_F(FaultsTest, NoFaultsByDefault) {
  FaultInjector f({}, clock_.Now());
  FaultDecision d = f.Decide(clock_.Now(), "GET /V1/orders");
  EXPECT_EQ(d.kind, FaultKind::kNone);
  EXPECT_EQ(d.delay.count(), 0);
}

TEST_F(FaultsTest, LatencyPlusJitterStaysInRange) {
  FaultOptions o;
  o.latency = milliseconds(100);
  o.jitter = milliseconds(50);
  FaultInjector f(o, clock_.Now());
  for (int i = 0; i < 50; ++i) {
    Duration d = f.Decide(clock_.Now(), "L").delay;
    EXPECT_GE(d, milliseconds(100));
    EXPECT_LE(d, milliseconds(150));
  }
}

TEST_F(FaultsTest, SameSeedRepeatsTheSameFaults) {
  FaultOptions o;
  o.error_rate = 0.3;
  o.reset_rate = 0.2;
  o.seed = 42;
  FaultInjector a(o, clock_.Now()), b(o, clock_.Now());
  std::vector<FaultKind> ka = Kinds(a, 200);
  EXPECT_EQ(ka, Kinds(b, 200));
  int errors =
      static_cast<int>(std::count(ka.begin(), ka.end(), FaultKind::kError));
  EXPECT_GT(errors, 30);
  EXPECT_LT(errors, 90);
}

TEST_F(FaultsTest, OutageWindowIsRelativeToStart) {
  FaultOptions o;
  o.outage_windows = {{milliseconds(1000), milliseconds(3000)}};
  FaultInjector f(o, clock_.Now());
  EXPECT_EQ(f.Decide(clock_.Now(), "L").kind, FaultKind::kNone);
  clock_.Advance(milliseconds(1000));
  EXPECT_EQ(f.Decide(clock_.Now(), "L").kind, FaultKind::kOutage);
  clock_.Advance(milliseconds(1999));
  EXPECT_EQ(f.Decide(clock_.Now(), "L").kind, FaultKind::kOutage);
  clock_.Advance(milliseconds(1));
  EXPECT_EQ(f.Decide(clock_.Now(), "L").kind, FaultKind::kNone);
}

TEST_F(FaultsTest, RateLimitAnswers429AboveTheLimitPerSecond) {
  FaultOptions o;
  o.rate_limit_per_second = 2;
  FaultInjector f(o, clock_.Now());
  EXPECT_EQ(Kinds(f, 3),
            (std::vector<FaultKind>{FaultKind::kNone, FaultKind::kNone,
                                    FaultKind::kRateLimited}));
  EXPECT_EQ(f.Decide(clock_.Now(), "L").retry_after_seconds, 1);
  clock_.Advance(seconds(1));
  EXPECT_EQ(f.Decide(clock_.Now(), "L").kind, FaultKind::kNone);
}

TEST_F(FaultsTest, ScriptedFaultsHitTheirRouteOnce) {
  FaultInjector f({}, clock_.Now());
  ASSERT_OK(f.Update(Json::parse(
      R"({"next":[{"kind":"lost_response","route":"POST /V1/order/{id}/ship"}]})")));
  EXPECT_EQ(f.Decide(clock_.Now(), "GET /V1/orders").kind, FaultKind::kNone);
  EXPECT_TRUE(
      f.Decide(clock_.Now(), "POST /V1/order/{id}/ship").applied_then_lost());
  EXPECT_EQ(f.Decide(clock_.Now(), "POST /V1/order/{id}/ship").kind,
            FaultKind::kNone);
}

// A lost answer is lost as the wire loses it, each way in turn at random
// ("mixed") or one way only.
TEST_F(FaultsTest, LostResponsesComeInTheThreeWaysOfTheWire) {
  FaultOptions lose_all;
  lose_all.lost_response_rate = 1;
  FaultInjector mixed(lose_all, clock_.Now());
  std::set<FaultKind> seen;
  for (int i = 0; i < 200; ++i)
    seen.insert(mixed.Decide(clock_.Now(), "L").kind);
  EXPECT_EQ(seen, (std::set<FaultKind>{FaultKind::kLostBeforeBytes,
                                       FaultKind::kLostAfterHeaders,
                                       FaultKind::kLostReset}));
  FaultInjector one(lose_all, clock_.Now());
  ASSERT_OK(one.Update(Json::parse(R"({"lost_response_mode":"reset"})")));
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(one.Decide(clock_.Now(), "L").kind, FaultKind::kLostReset);
  }
  EXPECT_EQ(one.ToJson()["lost_response_mode"], "reset");
  EXPECT_FALSE(one.Update(Json::parse(R"({"lost_response_mode":"x"})")).ok());
  ASSERT_OK(one.Update(Json::parse(
      R"({"next":[{"kind":"lost_after_headers"},{"kind":"lost_before_bytes"}]})")));
  EXPECT_EQ(one.Decide(clock_.Now(), "L").kind, FaultKind::kLostAfterHeaders);
  EXPECT_EQ(one.Decide(clock_.Now(), "L").kind, FaultKind::kLostBeforeBytes);
}

// Half of the random 503s close the connection, as a proxy often does.
TEST_F(FaultsTest, SomeErrorsCloseTheConnection) {
  FaultOptions errors;
  errors.error_rate = 1;
  FaultInjector f(errors, clock_.Now());
  int closing = 0;
  for (int i = 0; i < 200; ++i) {
    FaultDecision d = f.Decide(clock_.Now(), "L");
    EXPECT_EQ(d.kind, FaultKind::kError);
    closing += d.close_connection ? 1 : 0;
  }
  EXPECT_GT(closing, 50);
  EXPECT_LT(closing, 150);
}

TEST_F(FaultsTest, UpdateValidatesAndLeavesSettingsOnError) {
  FaultInjector f({}, clock_.Now());
  EXPECT_FALSE(
      f.Update(Json::parse(R"({"latency_ms":5,"error_rate":1.5})")).ok());
  EXPECT_EQ(f.ToJson()["latency_ms"], 0);
  EXPECT_FALSE(
      f.Update(Json::parse(R"({"outage_windows":[{"start_ms":5,"end_ms":1}]})"))
          .ok());
  EXPECT_FALSE(f.Update(Json::parse(R"({"next":[{"kind":"explode"}]})")).ok());
  ASSERT_OK(f.Update(Json::parse(R"({"outage":true})")));
  EXPECT_EQ(f.Decide(clock_.Now(), "L").kind, FaultKind::kOutage);
  ASSERT_OK(f.Update(Json::parse(R"({"outage":false})")));
  EXPECT_EQ(f.Decide(clock_.Now(), "L").kind, FaultKind::kNone);
}

}  // namespace
}  // namespace m2drop::sim
