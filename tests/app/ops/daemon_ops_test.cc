// SPDX-License-Identifier: Apache-2.0
// DaemonOps with a real metrics server and a loopback alert receiver: file
// events reach /metrics, readiness follows the breaker, credentials
// refused is alerted once until a file goes through.
#include "m2drop/app/ops/daemon_ops.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "m2drop/config/loader.h"
#include "m2drop/magento/curl_transport.h"
#include "testing/status_matchers.h"
#include "testing/webhook_receiver.h"

namespace m2drop::app {
namespace {

using std::chrono::milliseconds;

class DaemonOpsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_OK(magento::GlobalInitCurl()); }

  void Create() {
    const std::string toml =
        "[daemon]\nmetrics_listen = \"127.0.0.1:0\"\nalert_webhook = \"" +
        receiver_.url() +
        "\"\n[[profile]]\nname = \"3pl\"\nkind = \"tracking\"\n"
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

  // The kinds received, once there are `n` (or after a bounded wait).
  std::vector<std::string> Kinds(size_t n) {
    std::vector<std::string> kinds;
    for (const std::string& body : receiver_.WaitForBodies(n)) {
      kinds.push_back(nlohmann::json::parse(body).value("kind", ""));
    }
    return kinds;
  }

  static WorkItem Item() {
    WorkItem item;
    item.profile = "3pl";
    item.name = "drop.csv";
    item.path = "/srv/3pl/work/drop.csv";
    return item;
  }

  static JobResult Unfiled() {
    JobResult r;
    r.end = JobEnd::kWaiting;
    r.unfiled = true;
    r.why = Status::Io("cannot write \"/srv/3pl/failed/.x\": No space left");
    return r;
  }

  static JobResult Refused() {
    JobResult r;
    r.end = JobEnd::kWaiting;
    r.why = Status::Unauthenticated("401 from Magento");
    return r;
  }

  testing::WebhookReceiver receiver_;
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
  ops_->OnJobResult(Item(), Refused());
  ops_->OnJobResult(Item(), Refused());
  EXPECT_EQ(Kinds(1), std::vector<std::string>{"credentials_refused"});
  FileEvent ok;
  ok.profile = "3pl";
  ok.state = "processed";
  ops_->OnFileEvent(ok);
  ops_->OnJobResult(Item(), Refused());
  EXPECT_EQ(Kinds(2), (std::vector<std::string>{"credentials_refused",
                                                "credentials_refused"}));
}

TEST_F(DaemonOpsTest, AFileRefusedAsAWholeDoesNotRearmTheCredentialsAlert) {
  Create();
  ops_->OnJobResult(Item(), Refused());
  FileEvent unreadable;
  unreadable.profile = "3pl";
  unreadable.state = "failed";
  unreadable.note = "the header has no order_number column";
  ops_->OnFileEvent(unreadable);  // no Magento call behind it
  ops_->OnJobResult(Item(), Refused());
  EXPECT_EQ(Kinds(2),
            (std::vector<std::string>{"credentials_refused", "file_failed"}));
  // A third alert would be a second credentials_refused.
  EXPECT_EQ(receiver_.WaitForBodies(3, milliseconds(300)).size(), 2u);
}

// Issue 17 item 6: a file whose reports cannot be written waits in work/;
// on-call hears it once per file (not at every retry), and again when it
// happens anew after the file was filed.
TEST_F(DaemonOpsTest, FilingFailedIsAlertedOncePerFileUntilItIsFiled) {
  Create();
  ops_->OnJobResult(Item(), Unfiled());
  ops_->OnJobResult(Item(), Unfiled());
  const std::vector<std::string> bodies = receiver_.WaitForBodies(1);
  ASSERT_EQ(bodies.size(), 1u);
  const nlohmann::json alert = nlohmann::json::parse(bodies[0]);
  EXPECT_EQ(alert["kind"], "filing_failed");
  EXPECT_EQ(alert["file"], "drop.csv");
  EXPECT_EQ(alert["path"], "/srv/3pl/work/drop.csv");
  EXPECT_NE(alert["error"].get<std::string>().find("No space left"),
            std::string::npos);
  JobResult filed;
  filed.end = JobEnd::kFiled;
  ops_->OnJobResult(Item(), filed);
  ops_->OnJobResult(Item(), Unfiled());
  EXPECT_EQ(Kinds(2),
            (std::vector<std::string>{"filing_failed", "filing_failed"}));
  EXPECT_EQ(receiver_.WaitForBodies(3, milliseconds(300)).size(), 2u);
}

}  // namespace
}  // namespace m2drop::app
