// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/ops/metrics.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace m2drop::app {
namespace {

using Type = MetricsRegistry::Type;

TEST(MetricsRegistryTest, RendersCountersAndGaugesSortedWithHelpAndType) {
  MetricsRegistry r;
  r.Describe("b_total", Type::kCounter, "B things.");
  r.Describe("a_gauge", Type::kGauge, "A level.");
  r.Add("b_total", {{"z", "1"}, {"a", "x"}}, 2);
  r.Add("b_total", {{"a", "w"}}, 1);
  r.Add("b_total", {{"z", "1"}, {"a", "x"}}, 3);
  r.Set("a_gauge", {}, 0.25);
  EXPECT_EQ(r.Render(),
            "# HELP a_gauge A level.\n"
            "# TYPE a_gauge gauge\n"
            "a_gauge 0.25\n"
            "# HELP b_total B things.\n"
            "# TYPE b_total counter\n"
            "b_total{a=\"w\"} 1\n"
            "b_total{a=\"x\",z=\"1\"} 5\n");
}

TEST(MetricsRegistryTest, EscapesLabelValuesAndHelp) {
  MetricsRegistry r;
  r.Describe("x", Type::kGauge, "line\\one\nline two");
  r.Set("x", {{"path", "C:\\in \"q\"\nnext"}}, 1);
  EXPECT_EQ(r.Render(),
            "# HELP x line\\\\one\\nline two\n"
            "# TYPE x gauge\n"
            "x{path=\"C:\\\\in \\\"q\\\"\\nnext\"} 1\n");
}

TEST(MetricsRegistryTest, HistogramBucketsAreCumulativeWithSumAndCount) {
  MetricsRegistry r;
  r.Describe("t_seconds", Type::kHistogram, "T.", {0.1, 1});
  r.Observe("t_seconds", {{"route", "GET /V1/x"}}, 0.05);
  r.Observe("t_seconds", {{"route", "GET /V1/x"}}, 0.1);  // le is inclusive
  r.Observe("t_seconds", {{"route", "GET /V1/x"}}, 0.5);
  r.Observe("t_seconds", {{"route", "GET /V1/x"}}, 3);
  EXPECT_EQ(r.Render(),
            "# HELP t_seconds T.\n"
            "# TYPE t_seconds histogram\n"
            "t_seconds_bucket{route=\"GET /V1/x\",le=\"0.1\"} 2\n"
            "t_seconds_bucket{route=\"GET /V1/x\",le=\"1\"} 3\n"
            "t_seconds_bucket{route=\"GET /V1/x\",le=\"+Inf\"} 4\n"
            "t_seconds_sum{route=\"GET /V1/x\"} 3.65\n"
            "t_seconds_count{route=\"GET /V1/x\"} 4\n");
}

TEST(MetricsRegistryTest, RemoveDropsOneSeries) {
  MetricsRegistry r;
  r.Describe("g", Type::kGauge, "G.");
  r.Set("g", {{"profile", "a"}}, 1);
  r.Set("g", {{"profile", "b"}}, 2);
  r.Remove("g", {{"profile", "a"}});
  EXPECT_EQ(r.Render(), "# HELP g G.\n# TYPE g gauge\ng{profile=\"b\"} 2\n");
  EXPECT_EQ(r.Value("g", {{"profile", "b"}}), 2);
  EXPECT_EQ(r.Value("g", {{"profile", "a"}}), 0);
}

TEST(MetricsRegistryTest, ConcurrentIncrementsAreAllCounted) {
  MetricsRegistry r;
  r.Describe("c_total", Type::kCounter, "C.");
  r.Describe("h", Type::kHistogram, "H.", {1});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&r] {
      for (int i = 0; i < 10000; ++i) {
        r.Add("c_total", {{"k", "v"}}, 1);
        r.Observe("h", {}, 0.5);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(r.Value("c_total", {{"k", "v"}}), 40000);
  EXPECT_NE(r.Render().find("h_count 40000\n"), std::string::npos);
}

TEST(MetricsRegistryTest, SampleValuesReadBackExactly) {
  EXPECT_EQ(FormatSampleValue(0), "0");
  EXPECT_EQ(FormatSampleValue(1763800000), "1763800000");
  EXPECT_EQ(FormatSampleValue(0.005), "0.005");
  EXPECT_EQ(FormatSampleValue(1.5e20), "1.5e+20");
  EXPECT_EQ(FormatSampleValue(1.0 / 0.0), "+Inf");
}

class DaemonMetricsTest : public ::testing::Test {
 protected:
  double Files(const std::string& outcome) const {
    return m_.registry().Value("m2drop_files_total",
                               {{"profile", "3pl"}, {"outcome", outcome}});
  }
  double Rows(const std::string& outcome) const {
    return m_.registry().Value("m2drop_rows_total",
                               {{"profile", "3pl"}, {"outcome", outcome}});
  }
  static FileEvent Event(std::string state) {
    FileEvent e;
    e.file = "drop-000000042.csv";
    e.profile = "3pl";
    e.state = std::move(state);
    return e;
  }

  DaemonMetrics m_{"1.2.3", 1763800000};
};

TEST_F(DaemonMetricsTest, AProfileShowsAtZeroBeforeItsFirstFile) {
  m_.AddProfile("3pl");
  const std::string text = m_.Render();
  EXPECT_NE(
      text.find("m2drop_files_total{outcome=\"processed\",profile=\"3pl\"}"
                " 0\n"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find("m2drop_rows_total{outcome=\"stale\",profile=\"3pl\"} 0\n"),
      std::string::npos);
  EXPECT_NE(text.find("m2drop_inbox_files_waiting{profile=\"3pl\"} 0\n"),
            std::string::npos);
  EXPECT_NE(text.find("m2drop_build_info{version=\"1.2.3\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("m2drop_start_time_seconds 1763800000\n"),
            std::string::npos);
  EXPECT_NE(text.find("m2drop_circuit_breaker_state 0\n"), std::string::npos);
}

TEST_F(DaemonMetricsTest, FinishedFilesCountTheFileAndItsRows) {
  FileEvent processed = Event("processed");
  processed.applied = 3;
  processed.already_present = 1;
  FileEvent failed = Event("failed");
  failed.applied = 2;
  failed.failed = 1;
  failed.stale = 4;
  m_.OnFileEvent(Event("claimed"), 1);  // not a finish
  m_.OnFileEvent(processed, 1763800100);
  m_.OnFileEvent(failed, 1763800200);
  EXPECT_EQ(Files("processed"), 1);
  EXPECT_EQ(Files("failed"), 1);
  EXPECT_EQ(Rows("applied"), 5);
  EXPECT_EQ(Rows("already_present"), 1);
  EXPECT_EQ(Rows("failed"), 1);
  EXPECT_EQ(Rows("stale"), 4);
  EXPECT_EQ(m_.registry().Value("m2drop_last_success_timestamp_seconds",
                                {{"profile", "3pl"}}),
            1763800100);
  // The file's name never becomes a label.
  EXPECT_EQ(m_.Render().find("000000042"), std::string::npos);
}

TEST_F(DaemonMetricsTest, AWaitCountsTheWaitAndTheDeferredRows) {
  FileEvent waiting = Event("waiting");
  waiting.deferred = 7;
  m_.OnFileEvent(waiting, 1);
  EXPECT_EQ(Files("waiting"), 1);
  EXPECT_EQ(Rows("deferred"), 7);
  EXPECT_EQ(Rows("applied"), 0);
}

TEST_F(DaemonMetricsTest, RequestsCountByRouteAndStatusAndRetries) {
  m_.ObserveRequest({"POST /V1/order/{id}/ship", 503, 0.02, 1});
  m_.ObserveRequest({"POST /V1/order/{id}/ship", 0, 5, 2});
  m_.ObserveRequest({"POST /V1/order/{id}/ship", 200, 0.03, 3});
  const MetricsRegistry& r = m_.registry();
  const std::string route = "POST /V1/order/{id}/ship";
  EXPECT_EQ(r.Value("m2drop_magento_requests_total",
                    {{"route", route}, {"status", "503"}}),
            1);
  EXPECT_EQ(r.Value("m2drop_magento_requests_total",
                    {{"route", route}, {"status", "error"}}),
            1);
  EXPECT_EQ(r.Value("m2drop_magento_retries_total", {{"route", route}}), 2);
  EXPECT_NE(m_.Render().find("m2drop_magento_request_seconds_count{route=\"" +
                             route + "\"} 3\n"),
            std::string::npos);
}

TEST_F(DaemonMetricsTest, BreakerStateIsANumberAndTransitionsCount) {
  m_.BreakerState(magento::BreakerState::kOpen);
  EXPECT_EQ(m_.registry().Value("m2drop_circuit_breaker_state", {}), 2);
  m_.BreakerState(magento::BreakerState::kHalfOpen);
  EXPECT_EQ(m_.registry().Value("m2drop_circuit_breaker_state", {}), 1);
  m_.BreakerState(magento::BreakerState::kClosed);
  EXPECT_EQ(m_.registry().Value("m2drop_circuit_breaker_state", {}), 0);
  EXPECT_EQ(m_.registry().Value("m2drop_circuit_breaker_transitions_total",
                                {{"to", "open"}}),
            1);
}

TEST_F(DaemonMetricsTest, ForgetProfileDropsEverySeriesOfTheProfile) {
  m_.AddProfile("3pl");
  m_.AddProfile("erp");
  m_.InboxBacklog("3pl", 4, 12.5);
  m_.FileFinished("3pl", "processed");
  m_.LastSuccess("3pl", 1763800100);
  EXPECT_NE(m_.Render().find(
                "m2drop_inbox_oldest_file_age_seconds{profile=\"3pl\"} 12.5\n"),
            std::string::npos);
  m_.ForgetProfile("3pl");
  const std::string text = m_.Render();
  EXPECT_EQ(text.find("profile=\"3pl\""), std::string::npos) << text;
  EXPECT_NE(
      text.find(
          "m2drop_files_total{outcome=\"processed\",profile=\"erp\"} 0\n"),
      std::string::npos)
      << text;
}

TEST_F(DaemonMetricsTest, TypedMethodsTouchOnlyTheirSeries) {
  m_.FileFinished("3pl", "duplicate");
  m_.RowsCounted("3pl", "already_present", 12);
  m_.RowsCounted("3pl", "already_present", 3);
  m_.LastSuccess("3pl", 1763800300);
  EXPECT_EQ(Files("duplicate"), 1);
  EXPECT_EQ(Rows("already_present"), 15);
  // Without AddProfile nothing else was created.
  const std::string text = m_.Render();
  EXPECT_EQ(text.find("outcome=\"processed\""), std::string::npos) << text;
  EXPECT_NE(text.find("m2drop_last_success_timestamp_seconds{profile=\"3pl\"} "
                      "1763800300\n"),
            std::string::npos)
      << text;
}

TEST_F(DaemonMetricsTest, RequestLatencyUsesTheDocumentedBuckets) {
  m_.ObserveRequest({"GET /V1/orders", 200, 0.03, 1});
  m_.ObserveRequest({"GET /V1/orders", 200, 12, 1});
  const std::string text = m_.Render();
  const std::string family =
      "# HELP m2drop_magento_request_seconds Time of each Magento request on "
      "the wire, by route template.\n"
      "# TYPE m2drop_magento_request_seconds histogram\n";
  const std::string prefix =
      "m2drop_magento_request_seconds_bucket{route=\"GET /V1/orders\",le=";
  const std::string expected =
      family + prefix + "\"0.005\"} 0\n" + prefix + "\"0.01\"} 0\n" + prefix +
      "\"0.025\"} 0\n" + prefix + "\"0.05\"} 1\n" + prefix + "\"0.1\"} 1\n" +
      prefix + "\"0.25\"} 1\n" + prefix + "\"0.5\"} 1\n" + prefix +
      "\"1\"} 1\n" + prefix + "\"2.5\"} 1\n" + prefix + "\"5\"} 1\n" + prefix +
      "\"10\"} 1\n" + prefix + "\"+Inf\"} 2\n" +
      "m2drop_magento_request_seconds_sum{route=\"GET /V1/orders\"} 12.03\n"
      "m2drop_magento_request_seconds_count{route=\"GET /V1/orders\"} 2\n";
  EXPECT_NE(text.find(expected), std::string::npos) << text;
  // No retry series until a retry happens.
  EXPECT_EQ(text.find("m2drop_magento_retries_total{"), std::string::npos);
}

TEST_F(DaemonMetricsTest, ConcurrentRequestsAreAllCounted) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([this, t] {
      for (int i = 0; i < 5000; ++i) {
        m_.ObserveRequest({"POST /V1/shipment/track", 200, 0.01, 1 + t % 2});
      }
    });
  }
  for (std::thread& t : threads) t.join();
  const MetricsRegistry& r = m_.registry();
  EXPECT_EQ(r.Value("m2drop_magento_requests_total",
                    {{"route", "POST /V1/shipment/track"}, {"status", "200"}}),
            20000);
  EXPECT_EQ(r.Value("m2drop_magento_retries_total",
                    {{"route", "POST /V1/shipment/track"}}),
            10000);
}

}  // namespace
}  // namespace m2drop::app
