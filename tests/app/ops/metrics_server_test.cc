// SPDX-License-Identifier: Apache-2.0
// The metrics server on a loopback ephemeral port, through a real client.
#include "m2drop/app/ops/metrics_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "testing/status_matchers.h"

namespace m2drop::app {
namespace {

class MetricsServerTest : public ::testing::Test {
 protected:
  void Start() {
    auto server = MetricsServer::Start(
        "127.0.0.1:0", {.metrics = [] { return std::string("m2drop_up 1\n"); },
                        .ready =
                            [this] {
                              return ready_.load() ? Readiness{true, ""}
                                                   : Readiness{false, "why"};
                            }});
    ASSERT_OK(server);
    server_ = std::move(*server);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    client_->set_connection_timeout(std::chrono::seconds(2));
    client_->set_read_timeout(std::chrono::seconds(5));
  }

  std::atomic<bool> ready_{true};
  std::unique_ptr<MetricsServer> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(MetricsServerTest, ServesMetricsWithThePrometheusContentType) {
  Start();
  EXPECT_GT(server_->port(), 0);
  EXPECT_EQ(server_->url(),
            "http://127.0.0.1:" + std::to_string(server_->port()));
  auto res = client_->Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "m2drop_up 1\n");
  EXPECT_EQ(res->get_header_value("Content-Type"),
            "text/plain; version=0.0.4; charset=utf-8");
}

TEST_F(MetricsServerTest, HealthzIsAlwaysOkAndReadyzFollowsTheCallback) {
  Start();
  auto health = client_->Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(health->body, "ok\n");
  auto ready = client_->Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200);
  EXPECT_EQ(ready->body, "ready\n");
  ready_ = false;
  auto unready = client_->Get("/readyz");
  ASSERT_TRUE(unready);
  EXPECT_EQ(unready->status, 503);
  EXPECT_EQ(unready->body, "why\n");
  health = client_->Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

TEST_F(MetricsServerTest, UnknownPathsAre404) {
  Start();
  auto res = client_->Get("/metrics/x");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
}

TEST_F(MetricsServerTest, StopIsPromptAndIdempotent) {
  Start();
  server_->Stop();
  server_->Stop();
  client_->set_connection_timeout(std::chrono::milliseconds(300));
  EXPECT_FALSE(client_->Get("/healthz"));
}

// A scraper keeps its connection open between scrapes; Stop must not wait
// for it to go idle.
TEST_F(MetricsServerTest, StopIsPromptWithAKeptAliveConnection) {
  Start();
  client_->set_keep_alive(true);
  auto res = client_->Get("/metrics");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  const auto started = std::chrono::steady_clock::now();
  server_->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started,
            std::chrono::seconds(1));
}

// Issue 17: 16 connections that never finish their headers made /healthz
// time out and held SIGTERM for 23 s.
TEST_F(MetricsServerTest, SlowClientsStarveNeitherHealthzNorStop) {
  Start();
  std::vector<int> slow;
  for (int i = 0; i < 20; ++i) {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(server_->port()));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    const char partial[] = "GET /healthz HTTP/1.1\r\nX-Slow: a";
    (void)!send(fd, partial, sizeof partial - 1, MSG_NOSIGNAL);
    slow.push_back(fd);
  }
  auto health = client_->Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  const auto started = std::chrono::steady_clock::now();
  server_->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started,
            std::chrono::seconds(2));
  for (int fd : slow) close(fd);
}

TEST_F(MetricsServerTest, AnAddressInUseIsRefusedByName) {
  Start();
  const std::string taken = "127.0.0.1:" + std::to_string(server_->port());
  auto second = MetricsServer::Start(taken, {});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(second.status().message().find(taken), std::string::npos);
}

TEST_F(MetricsServerTest, AnAddressNotOfThisMachineIsRefusedByName) {
  // 192.0.2.0/24 is TEST-NET-1: never assigned to a local interface.
  auto foreign = MetricsServer::Start("192.0.2.1:0", {});
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(foreign.status().message().find("192.0.2.1:0"), std::string::npos)
      << foreign.status();
}

TEST_F(MetricsServerTest, AnAddressThatDoesNotParseIsInvalid) {
  auto bad = MetricsServer::Start("no-port", {});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidInput);
}

TEST(DaemonReadinessTest, ReadyOnlyWhenWatchingAndTheBreakerIsNotOpen) {
  EXPECT_TRUE(DaemonReadiness(true, magento::BreakerState::kClosed).ready);
  EXPECT_TRUE(DaemonReadiness(true, magento::BreakerState::kHalfOpen).ready);
  const Readiness open = DaemonReadiness(true, magento::BreakerState::kOpen);
  EXPECT_FALSE(open.ready);
  EXPECT_NE(open.reason.find("circuit breaker open"), std::string::npos);
  EXPECT_FALSE(DaemonReadiness(false, magento::BreakerState::kClosed).ready);
}

}  // namespace
}  // namespace m2drop::app
