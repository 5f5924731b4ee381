// SPDX-License-Identifier: Apache-2.0
// DaemonOps and the pulls' events: /metrics counts listings, files, bytes
// and failures; /readyz names each pull's last listing and turns unready
// while a pull is past its alert_after; pull_failing and pull_recovered
// reach the webhook.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "m2drop/app/ops/daemon_ops.h"
#include "m2drop/config/loader.h"
#include "m2drop/magento/curl_transport.h"
#include "testing/status_matchers.h"
#include "testing/webhook_receiver.h"

namespace m2drop::app {
namespace {

using ::testing::HasSubstr;

class DaemonOpsPullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK(magento::GlobalInitCurl());
    const std::string toml =
        "[daemon]\nmetrics_listen = \"127.0.0.1:0\"\nalert_webhook = \"" +
        receiver_.url() +
        "\"\n[[profile]]\nname = \"3pl\"\nkind = \"tracking\"\n"
        "inbox = \"/srv/3pl/inbox\"\n[profile.pull]\n"
        "url = \"sftp://u@sftp.example.net/out\"\nkey_file = \"/k\"\n"
        "known_hosts = \"/kh\"\nalert_after = \"10m\"\n";
    auto config = config::LoadString(toml, "<test>");
    ASSERT_OK(config);
    config_ = *config;
    auto ops = DaemonOps::Create(config_, RealClock::Instance());
    ASSERT_OK(ops);
    ops_ = std::move(*ops);
    ASSERT_OK(ops_->Start([] { return magento::BreakerState::kClosed; }));
    client_ = std::make_unique<httplib::Client>(ops_->metrics_url());
  }

  std::string Get(const std::string& path, int* status = nullptr) {
    auto res = client_->Get(path);
    if (status) *status = res ? res->status : 0;
    return res ? res->body : "";
  }

  static pull::PullStatus Listed(int64_t unix_s) {
    pull::PullStatus s;
    s.profile = "3pl";
    s.server = "sftp://u@sftp.example.net:22/out";
    s.last_listing = WallTime{std::chrono::seconds(unix_s)};
    s.listed_files = 2;
    return s;
  }

  testing::WebhookReceiver receiver_;
  config::Config config_;
  std::unique_ptr<DaemonOps> ops_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(DaemonOpsPullTest, MetricsCountListingsFilesBytesAndFailures) {
  pull::PullEvents events = ops_->PullEventsFor(config_.profiles[0]);
  std::string m = Get("/metrics");
  EXPECT_THAT(m, HasSubstr("m2drop_pull_listings_total{profile=\"3pl\"} 0\n"));
  events.on_turn(Listed(1'700'000'000));
  events.on_turn(Listed(1'700'000'000));  // the same listing again: once
  events.on_turn(Listed(1'700'000'060));
  events.on_fetched("a.csv", 1000);
  events.on_fetched("b.csv", 24);
  events.on_failure(Status::Unavailable("connection refused"));
  m = Get("/metrics");
  EXPECT_THAT(m, HasSubstr("m2drop_pull_listings_total{profile=\"3pl\"} 2\n"));
  EXPECT_THAT(m, HasSubstr("m2drop_pull_last_listing_timestamp_seconds{"
                           "profile=\"3pl\"} 1700000060\n"));
  EXPECT_THAT(m, HasSubstr("m2drop_pull_files_total{profile=\"3pl\"} 2\n"));
  EXPECT_THAT(m, HasSubstr("m2drop_pull_bytes_total{profile=\"3pl\"} 1024\n"));
  EXPECT_THAT(m, HasSubstr("m2drop_pull_failures_total{profile=\"3pl\"} 1\n"));
  ops_->ForgetPull("3pl");
  EXPECT_THAT(Get("/metrics"), ::testing::Not(HasSubstr("m2drop_pull_files_"
                                                        "total{")));
}

TEST_F(DaemonOpsPullTest, ReadinessShowsTheLastListingAndAnAlertedOutage) {
  pull::PullEvents events = ops_->PullEventsFor(config_.profiles[0]);
  events.on_turn(Listed(1'700'000'000));
  int status = 0;
  std::string body = Get("/readyz", &status);
  EXPECT_EQ(status, 200);
  EXPECT_THAT(body, HasSubstr("ready\npull profile=3pl server=sftp://u@"
                              "sftp.example.net:22/out last_listing="
                              "2023-11-14T22:13:20Z listed_files=2\n"));

  pull::PullStatus failing = Listed(1'700'000'000);
  failing.last_error = "connection refused";
  failing.failing_since = WallTime{std::chrono::seconds(1'700'000'100)};
  events.on_turn(failing);
  Get("/readyz", &status);
  EXPECT_EQ(status, 200);  // failing, not yet for alert_after
  failing.alerted = true;
  events.on_alert(failing);
  events.on_turn(failing);
  body = Get("/readyz", &status);
  EXPECT_EQ(status, 503);
  EXPECT_THAT(body, HasSubstr("not ready: profile 3pl cannot list "
                              "sftp://u@sftp.example.net:22/out since "
                              "2023-11-14T22:15:00Z"));
  EXPECT_THAT(body, HasSubstr("error=\"connection refused\""));
  events.on_recovered(Listed(1'700'000'900));
  events.on_turn(Listed(1'700'000'900));
  Get("/readyz", &status);
  EXPECT_EQ(status, 200);

  std::vector<std::string> bodies = receiver_.WaitForBodies(2);
  ASSERT_EQ(bodies.size(), 2u);
  nlohmann::json alert = nlohmann::json::parse(bodies[0]);
  EXPECT_EQ(alert["kind"], "pull_failing");
  EXPECT_EQ(alert["profile"], "3pl");
  EXPECT_EQ(alert["failing_since"], "2023-11-14T22:15:00Z");
  EXPECT_EQ(alert["last_listing_time"], "2023-11-14T22:13:20Z");
  EXPECT_EQ(alert["error"], "connection refused");
  EXPECT_THAT(alert["summary"].get<std::string>(),
              HasSubstr("has not been able to list sftp://u@sftp.example.net"
                        ":22/out for 10m"));
  EXPECT_EQ(nlohmann::json::parse(bodies[1])["kind"], "pull_recovered");
}

}  // namespace
}  // namespace m2drop::app
