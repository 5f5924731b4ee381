// SPDX-License-Identifier: Apache-2.0
#include "m2drop/sim/faults.h"

#include <gtest/gtest.h>

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
  EXPECT_EQ(f.Decide(clock_.Now(), "POST /V1/order/{id}/ship").kind,
            FaultKind::kLostResponse);
  EXPECT_EQ(f.Decide(clock_.Now(), "POST /V1/order/{id}/ship").kind,
            FaultKind::kNone);
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
