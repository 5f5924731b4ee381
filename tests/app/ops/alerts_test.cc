// SPDX-License-Identifier: Apache-2.0
// Alert bodies (pure), the sender's queue and retries over a fake
// transport, and one delivery to a real loopback receiver.
#include "m2drop/app/ops/alerts.h"

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "fakes/fake_http_transport.h"
#include "m2drop/magento/curl_transport.h"
#include "magento/log_capture.h"
#include "testing/status_matchers.h"
#include "testing/webhook_receiver.h"

namespace m2drop::app {
namespace {

using magento::FakeHttpTransport;
using std::chrono::milliseconds;
using std::chrono::seconds;

const WallTime kNow{std::chrono::seconds(1'763'800'000)};

// Polls `cond` every 5 ms for up to `limit`.
bool Eventually(const std::function<bool()>& cond,
                milliseconds limit = milliseconds(5000)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!cond()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(milliseconds(5));
  }
  return true;
}

FileEvent FailedFile() {
  FileEvent e;
  e.file = "bad.csv";
  e.profile = "3pl";
  e.state = "failed";
  e.rows = 4;
  e.applied = 3;
  e.failed = 1;
  e.path = "/srv/3pl/failed/bad.csv";
  e.report = "/srv/3pl/failed/bad.csv.report.json";
  return e;
}

TEST(AlertBodyTest, FileFailedNamesTheFileTheReportAndTheCounts) {
  const Alert a = MakeFileFailedAlert(FailedFile(), kNow);
  EXPECT_EQ(a.kind(), "file_failed");
  EXPECT_EQ(a.body["time"], "2025-11-22T08:26:40Z");
  EXPECT_TRUE(a.body.contains("host"));
  EXPECT_EQ(a.body["profile"], "3pl");
  EXPECT_EQ(a.body["file"], "bad.csv");
  EXPECT_EQ(a.body["path"], "/srv/3pl/failed/bad.csv");
  EXPECT_EQ(a.body["report"], "/srv/3pl/failed/bad.csv.report.json");
  EXPECT_EQ(a.body["rows"], 4);
  EXPECT_EQ(a.body["failed"], 1);
  EXPECT_EQ(a.body["applied"], 3);
  EXPECT_NE(a.body["summary"].get<std::string>().find("bad.csv"),
            std::string::npos);
}

TEST(AlertBodyTest, BreakerSaysTheStateAndWhereFrom) {
  const Alert open = MakeBreakerAlert(magento::BreakerState::kClosed,
                                      magento::BreakerState::kOpen, kNow);
  EXPECT_EQ(open.kind(), "circuit_breaker");
  EXPECT_EQ(open.body["state"], "open");
  EXPECT_EQ(open.body["from"], "closed");
  const Alert closed = MakeBreakerAlert(magento::BreakerState::kHalfOpen,
                                        magento::BreakerState::kClosed, kNow);
  EXPECT_EQ(closed.body["state"], "closed");
  EXPECT_EQ(closed.body["from"], "half_open");
}

TEST(AlertBodyTest, NoFileExpectedCarriesTheExpectationAndLastFile) {
  const Alert never =
      MakeNoFileAlert("erp", "26h", std::nullopt, "/srv/erp/inbox", kNow);
  EXPECT_EQ(never.kind(), "no_file_expected");
  EXPECT_EQ(never.body["expect_file_every"], "26h");
  EXPECT_TRUE(never.body["last_file_time"].is_null());
  EXPECT_EQ(never.body["inbox"], "/srv/erp/inbox");
  const Alert since = MakeNoFileAlert(
      "erp", "26h", kNow - std::chrono::hours(27), "/srv/erp/inbox", kNow);
  EXPECT_EQ(since.body["last_file_time"], "2025-11-21T05:26:40Z");
}

TEST(AlertBodyTest, CredentialsRefusedCarriesTheMessage) {
  const Alert a =
      MakeCredentialsRefusedAlert("401: consumer is not authorized", kNow);
  EXPECT_EQ(a.kind(), "credentials_refused");
  EXPECT_EQ(a.body["message"], "401: consumer is not authorized");
}

TEST(AlertBodyTest, FilingFailedSaysWhereTheFileWaitsAndWhy) {
  const Alert a =
      MakeFilingFailedAlert("3pl", "drop.csv", "/srv/3pl/work/drop.csv",
                            "No space left on device", kNow);
  EXPECT_EQ(a.kind(), "filing_failed");
  EXPECT_EQ(a.body["profile"], "3pl");
  EXPECT_EQ(a.body["file"], "drop.csv");
  EXPECT_EQ(a.body["path"], "/srv/3pl/work/drop.csv");
  EXPECT_EQ(a.body["error"], "No space left on device");
  EXPECT_NE(a.body["summary"].get<std::string>().find("/srv/3pl/work"),
            std::string::npos);
}

class AlertSenderTest : public ::testing::Test {
 protected:
  AlertSender::Options Fast() const {
    AlertSender::Options o;
    o.url = "https://hooks.example.com/m2drop?token=s3cret";
    o.first_backoff = milliseconds(10);
    o.max_backoff = milliseconds(40);
    o.max_age = seconds(30);
    return o;
  }
  FakeHttpTransport transport_;
};

TEST_F(AlertSenderTest, PostsTheJsonBody) {
  transport_.Enqueue(FakeHttpTransport::Response(204));
  AlertSender sender(Fast(), transport_);
  ASSERT_TRUE(sender.Send(MakeFileFailedAlert(FailedFile(), kNow)));
  ASSERT_TRUE(Eventually([&] { return sender.delivered() == 1; }));
  const magento::HttpRequest sent = transport_.requests().at(0);
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, "https://hooks.example.com/m2drop?token=s3cret");
  EXPECT_EQ(FakeHttpTransport::HeaderOf(sent, "Content-Type"),
            "application/json");
  EXPECT_EQ(nlohmann::json::parse(sent.body)["kind"], "file_failed");
}

TEST_F(AlertSenderTest, RetriesUntilDeliveredInOrder) {
  transport_.Enqueue(FakeHttpTransport::Response(500));
  transport_.Enqueue(FakeHttpTransport::Timeout());
  transport_.Enqueue(FakeHttpTransport::Response(200));
  transport_.Enqueue(FakeHttpTransport::Response(200));
  AlertSender sender(Fast(), transport_);
  sender.Send(MakeCredentialsRefusedAlert("first", kNow));
  sender.Send(MakeCredentialsRefusedAlert("second", kNow));
  ASSERT_TRUE(Eventually([&] { return sender.delivered() == 2; }));
  const auto sent = transport_.requests();
  ASSERT_EQ(sent.size(), 4u);
  EXPECT_EQ(nlohmann::json::parse(sent[2].body)["message"], "first");
  EXPECT_EQ(nlohmann::json::parse(sent[3].body)["message"], "second");
  EXPECT_EQ(sender.dropped(), 0u);
}

TEST_F(AlertSenderTest, AFullQueueDropsWithoutBlocking) {
  // No scripted reply: every delivery fails, so the queue only grows.
  AlertSender::Options o = Fast();
  o.max_queue = 2;
  o.first_backoff = seconds(60);
  AlertSender sender(o, transport_);
  EXPECT_TRUE(sender.Send(MakeCredentialsRefusedAlert("1", kNow)));
  EXPECT_TRUE(sender.Send(MakeCredentialsRefusedAlert("2", kNow)));
  EXPECT_FALSE(sender.Send(MakeCredentialsRefusedAlert("3", kNow)));
  EXPECT_EQ(sender.dropped(), 1u);
}

TEST_F(AlertSenderTest, AnAlertPastMaxAgeIsDropped) {
  AlertSender::Options o = Fast();
  o.max_age = milliseconds(50);
  AlertSender sender(o, transport_);
  sender.Send(MakeCredentialsRefusedAlert("x", kNow));
  ASSERT_TRUE(Eventually([&] { return sender.dropped() == 1; }));
  EXPECT_EQ(sender.delivered(), 0u);
  EXPECT_GE(transport_.request_count(), 2u);
}

TEST_F(AlertSenderTest, StopTriesWhatIsQueuedWithinTheGrace) {
  transport_.Enqueue(FakeHttpTransport::Response(200));
  AlertSender::Options o = Fast();
  AlertSender sender(o, transport_);
  sender.Send(MakeCredentialsRefusedAlert("x", kNow));
  sender.Stop(seconds(5));
  EXPECT_EQ(sender.delivered(), 1u);
  EXPECT_FALSE(sender.Send(MakeCredentialsRefusedAlert("late", kNow)));
}

TEST_F(AlertSenderTest, StopGivesUpAfterTheGrace) {
  AlertSender::Options o = Fast();
  o.first_backoff = seconds(60);
  AlertSender sender(o, transport_);  // every delivery fails
  sender.Send(MakeCredentialsRefusedAlert("x", kNow));
  const auto t0 = std::chrono::steady_clock::now();
  sender.Stop(milliseconds(100));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, seconds(5));
  EXPECT_EQ(sender.dropped(), 1u);
}

// Issue 17: a webhook whose path is its secret (Slack's
// /services/T…/B…/SECRET) was logged in full on every failed delivery.
TEST_F(AlertSenderTest, FailedDeliveriesLogOnlyTheWebhooksHost) {
  magento::LogCapture logs;
  AlertSender::Options o = Fast();
  o.url =
      "https://user:pw-SECRET@hooks.slack.com:8443/services/T0/B0/"
      "path-SECRET?token=query-SECRET";
  o.max_age = milliseconds(100);
  {
    AlertSender sender(o, transport_);  // every delivery fails
    sender.Send(MakeCredentialsRefusedAlert("x", kNow));
    ASSERT_TRUE(Eventually([&] { return sender.dropped() == 1; }));
  }
  const std::string text = logs.text();
  EXPECT_NE(text.find("not delivered to https://hooks.slack.com/"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("SECRET"), std::string::npos) << text;
}

// A real receiver on loopback: 500 first, then 200.
TEST(AlertSenderLoopbackTest, AReceiverThatFailsOnceGetsTheAlertOnRetry) {
  ASSERT_OK(magento::GlobalInitCurl());
  testing::WebhookReceiver receiver({500});
  auto transport = magento::CurlTransport::Create({});
  ASSERT_OK(transport);
  AlertSender::Options o;
  o.url = receiver.url();
  o.first_backoff = milliseconds(10);
  AlertSender sender(o, **transport);
  sender.Send(MakeBreakerAlert(magento::BreakerState::kClosed,
                               magento::BreakerState::kOpen, kNow));
  EXPECT_TRUE(Eventually([&] { return sender.delivered() == 1; }));
  const std::vector<std::string> bodies = receiver.Bodies();
  ASSERT_EQ(bodies.size(), 2u);
  EXPECT_EQ(bodies[0], bodies[1]);
  EXPECT_EQ(nlohmann::json::parse(bodies[1])["state"], "open");
}

}  // namespace
}  // namespace m2drop::app
