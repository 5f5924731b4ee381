// SPDX-License-Identifier: Apache-2.0
// DaemonOps with a real metrics server and a loopback alert receiver: file
// events reach /metrics, readiness follows the breaker, credentials
// refused is alerted once until a file goes through.
#include "m2drop/app/daemon_ops.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "m2drop/config/loader.h"
#include "m2drop/magento/curl_transport.h"
#include "testing/status_matchers.h"

namespace m2drop::app {
namespace {

using std::chrono::milliseconds;

class DaemonOpsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK(magento::GlobalInitCurl());
    receiver_.Post(
        "/hook", [this](const httplib::Request& req, httplib::Response& res) {
          std::lock_guard lock(mu_);
          kinds_.push_back(nlohmann::json::parse(req.body).value("kind", ""));
          res.status = 200;
        });
    port_ = receiver_.bind_to_any_port("127.0.0.1");
    serving_ = std::thread([this] { receiver_.listen_after_bind(); });
  }
  void TearDown() override {
    ops_.reset();
    receiver_.stop();
    serving_.join();
  }

  void Create() {
    const std::string toml =
        "[daemon]\nmetrics_listen = \"127.0.0.1:0\"\nalert_webhook = "
        "\"http://127.0.0.1:" +
        std::to_string(port_) +
        "/hook\"\n[[profile]]\nname = \"3pl\"\nkind = \"tracking\"\n"
        "inbox = \"/srv/3pl/inbox\"\n";
    auto config = config::LoadString(toml, "<test>");
    ASSERT_OK(config);
    auto ops = DaemonOps::Create(*config, RealClock::Instance());
    ASSERT_OK(ops);
    ops_ = std::move(*ops);
    ASSERT_OK(ops_->Start([this] { return breaker_.load(); }));
    const std::string url = ops_->metrics_url();
    client_ = std::make_unique<httplib::Client>(url);
  }

  // Kinds received, waiting (bounded) until there are `n`.
  std::vector<std::string> Kinds(size_t n) {
    const auto deadline = std::chrono::steady_clock::now() + milliseconds(5000);
    for (;;) {
      {
        std::lock_guard lock(mu_);
        if (kinds_.size() >= n || std::chrono::steady_clock::now() > deadline) {
          return kinds_;
        }
      }
      std::this_thread::sleep_for(milliseconds(5));
    }
  }

  static JobResult Refused() {
    JobResult r;
    r.end = JobEnd::kWaiting;
    r.why = Status::Unauthenticated("401 from Magento");
    return r;
  }

  httplib::Server receiver_;
  int port_ = 0;
  std::thread serving_;
  std::mutex mu_;
  std::vector<std::string> kinds_;
  std::atomic<magento::BreakerState> breaker_{magento::BreakerState::kClosed};
  std::unique_ptr<DaemonOps> ops_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(DaemonOpsTest, FileEventsReachMetricsAndAFailedFileIsAlerted) {
  Create();
  FileEvent e;
  e.file = "bad.csv";
  e.profile = "3pl";
  e.state = "failed";
  e.failed = 2;
  ops_->OnFileEvent(e);
  auto res = client_->Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_NE(res->body.find("m2drop_files_total{outcome=\"failed\",profile="
                           "\"3pl\"} 1\n"),
            std::string::npos)
      << res->body;
  EXPECT_NE(res->body.find("m2drop_rows_total{outcome=\"failed\",profile="
                           "\"3pl\"} 2\n"),
            std::string::npos);
  EXPECT_EQ(Kinds(1), std::vector<std::string>{"file_failed"});
}

TEST_F(DaemonOpsTest, ReadinessFollowsTheBreakerAndShutdown) {
  Create();
  auto res = client_->Get("/readyz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  breaker_ = magento::BreakerState::kOpen;
  res = client_->Get("/readyz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  breaker_ = magento::BreakerState::kHalfOpen;
  res = client_->Get("/readyz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  ops_->Shutdown();
  client_->set_connection_timeout(milliseconds(300));
  EXPECT_FALSE(client_->Get("/healthz"));
}

TEST_F(DaemonOpsTest, CredentialsRefusedIsAlertedOnceUntilAFileGoesThrough) {
  Create();
  ops_->OnJobResult(Refused());
  ops_->OnJobResult(Refused());
  EXPECT_EQ(Kinds(1), std::vector<std::string>{"credentials_refused"});
  FileEvent ok;
  ok.profile = "3pl";
  ok.state = "processed";
  ops_->OnFileEvent(ok);
  ops_->OnJobResult(Refused());
  EXPECT_EQ(Kinds(2), (std::vector<std::string>{"credentials_refused",
                                                "credentials_refused"}));
}

}  // namespace
}  // namespace m2drop::app
