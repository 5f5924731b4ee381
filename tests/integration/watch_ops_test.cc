// SPDX-License-Identifier: Apache-2.0
// What on-call sees of a running `m2drop watch` (issue 7, "Done when"):
// - /metrics scraped during and after a run counts what happened — files
//   and rows by outcome, Magento requests by route and status as the
//   simulator counted them;
// - /readyz turns unready during a simulator outage (breaker open) and
//   ready again after it; /healthz answers throughout;
// - the alert webhook (a loopback receiver in this process) gets
//   file_failed, circuit_breaker opened and closed, and no_file_expected.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "testing/watch_process.h"
#include "testing/webhook_receiver.h"

namespace m2drop {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using std::chrono::seconds;
using testing::PollUntil;
using testing::TrackingCsv;
using testing::WatchProcess;
using testing::WatchSetup;

constexpr char kShipRoute[] = "POST /V1/order/{id}/ship";
constexpr char kMetricsAt[] = "metrics and health on http://";

// The value of the sample `series` (name and labels as printed, e.g.
// m2drop_files_total{outcome="failed",profile="3pl"}) in an exposition;
// -1 when absent.
double Sample(const std::string& exposition, const std::string& series) {
  size_t at = 0;
  while ((at = exposition.find(series + " ", at)) != std::string::npos) {
    if (at == 0 || exposition[at - 1] == '\n') {
      return std::stod(exposition.substr(at + series.size() + 1));
    }
    at += series.size();
  }
  return -1;
}

class WatchOpsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sim_ = testing::StartSeededSim(dir_, 20);
    ASSERT_TRUE(sim_->started());
  }

  // Starts the daemon with metrics on an ephemeral loopback port and reads
  // the port back from its start-up line.
  void StartDaemon(WatchSetup setup) {
    setup.metrics_listen = "127.0.0.1:0";
    daemon_ = std::make_unique<WatchProcess>(
        testing::WatchConfigToml(dir_, sim_->base_url(), setup));
    ASSERT_TRUE(daemon_->WaitStarted()) << daemon_->log();
    const std::string& log = daemon_->log();
    const size_t at = log.find(kMetricsAt);
    ASSERT_NE(at, std::string::npos) << log;
    const size_t begin = at + sizeof kMetricsAt - 1;
    const size_t colon = log.find(':', begin);
    metrics_ = std::make_unique<httplib::Client>(
        log.substr(begin, colon - begin), std::stoi(log.substr(colon + 1)));
    metrics_->set_connection_timeout(seconds(2));
    metrics_->set_read_timeout(seconds(5));
  }

  std::string Get(const std::string& path, int* status = nullptr) {
    auto res = metrics_->Get(path);
    if (status != nullptr) *status = res ? res->status : 0;
    return res ? res->body : "";
  }

  void Drop(const std::string& name, const std::string& content) {
    dir_.WriteFile("3pl/inbox/." + name, content);
    fs::rename(dir_.path() / "3pl/inbox" / ("." + name),
               dir_.path() / "3pl/inbox" / name);
  }

  bool Filed(const std::string& dir, const std::string& name) {
    return fs::exists(dir_.path() / "3pl" / dir / (name + ".report.json"));
  }

  testing::ScopedTempDir dir_;
  std::unique_ptr<testing::SimProcess> sim_;
  std::unique_ptr<WatchProcess> daemon_;
  std::unique_ptr<httplib::Client> metrics_;
};

TEST_F(WatchOpsTest, MetricsCountWhatHappened) {
  StartDaemon({});
  int status = 0;
  EXPECT_EQ(Get("/healthz", &status), "ok\n");
  EXPECT_EQ(status, 200);
  Get("/readyz", &status);
  EXPECT_EQ(status, 200);
  // Before any file, the profile is there at zero.
  EXPECT_EQ(Sample(Get("/metrics"),
                   "m2drop_files_total{outcome=\"processed\",profile=\"3pl\"}"),
            0);

  Drop("good.csv", TrackingCsv(1, 5));
  Drop("bad.csv", TrackingCsv(6, 8) + "999999999,TRK-X,ups,UPS\n");
  ASSERT_TRUE(PollUntil(
      [&] {
        return Filed("processed", "good.csv") && Filed("failed", "bad.csv");
      },
      seconds(20), {daemon_.get()}))
      << daemon_->log();
  // The counters are updated right after the report is written.
  std::string m;
  ASSERT_TRUE(PollUntil(
      [&] {
        m = Get("/metrics");
        return Sample(
                   m,
                   "m2drop_files_total{outcome=\"failed\",profile=\"3pl\"}") ==
               1;
      },
      seconds(5), {daemon_.get()}))
      << m;
  EXPECT_EQ(
      Sample(m, "m2drop_files_total{outcome=\"processed\",profile=\"3pl\"}"),
      1);
  EXPECT_EQ(Sample(m, "m2drop_rows_total{outcome=\"applied\",profile=\"3pl\"}"),
            8);
  EXPECT_EQ(Sample(m, "m2drop_rows_total{outcome=\"failed\",profile=\"3pl\"}"),
            1);
  EXPECT_EQ(Sample(m, "m2drop_magento_requests_total{route=\"" +
                          std::string(kShipRoute) + "\",status=\"200\"}"),
            static_cast<double>(sim_->Count(kShipRoute, 200)));
  EXPECT_EQ(sim_->Count(kShipRoute, 200), 8);
  EXPECT_GT(Sample(m, "m2drop_last_success_timestamp_seconds{profile=\"3pl\"}"),
            1.7e9);
  EXPECT_EQ(Sample(m, "m2drop_inbox_files_waiting{profile=\"3pl\"}"), 0);
  EXPECT_EQ(Sample(m, "m2drop_circuit_breaker_state"), 0);
  EXPECT_NE(m.find("# TYPE m2drop_magento_request_seconds histogram"),
            std::string::npos);
  // No order number, SKU or tracking number ever becomes a label value (a
  // latency sum may well print 0.0189999999 among its digits).
  EXPECT_EQ(m.find("=\"999999999"), std::string::npos) << m;
  EXPECT_EQ(m.find("TRK-"), std::string::npos) << m;
}

TEST_F(WatchOpsTest, ReadyzTurnsUnreadyDuringAnOutageAndAlertsArrive) {
  testing::WebhookReceiver receiver;
  WatchSetup setup;
  setup.retry_toml =
      "[retry]\ninitial_backoff = \"10ms\"\nmax_backoff = \"50ms\"\n"
      "give_up_after = \"500ms\"\nbreaker_failures = 3\n"
      "breaker_cooldown = \"300ms\"\n";
  setup.daemon_extra_toml = "alert_webhook = \"" + receiver.url() + "\"\n";
  setup.profiles[0].extra_toml = "expect_file_every = \"2s\"\n";
  StartDaemon(setup);

  // Nothing arrives for 2 s: no_file_expected.
  ASSERT_TRUE(
      PollUntil([&] { return !receiver.Of("no_file_expected").empty(); },
                seconds(15), {daemon_.get()}))
      << daemon_->log();
  const json overdue = receiver.Of("no_file_expected").front();
  EXPECT_EQ(overdue["profile"], "3pl");
  EXPECT_EQ(overdue["expect_file_every"], "2s");

  // A file with a row Magento refuses: file_failed.
  Drop("bad.csv",
       "order_number,tracking_number,carrier_code,title\n"
       "999999999,TRK-X,ups,UPS\n");
  ASSERT_TRUE(PollUntil([&] { return !receiver.Of("file_failed").empty(); },
                        seconds(15), {daemon_.get()}))
      << daemon_->log();
  const json failed = receiver.Of("file_failed").front();
  EXPECT_EQ(failed["profile"], "3pl");
  EXPECT_EQ(failed["file"], "bad.csv");
  EXPECT_EQ(failed["failed"], 1);
  EXPECT_TRUE(fs::exists(failed["report"].get<std::string>()));

  // An outage during a file: the breaker opens, /readyz says so.
  testing::SetSimFaults(*sim_, {{"outage", true}});
  Drop("good.csv", TrackingCsv(1, 3));
  int status = 0;
  std::string body;
  ASSERT_TRUE(PollUntil(
      [&] {
        body = Get("/readyz", &status);
        return status == 503;
      },
      seconds(20), {daemon_.get()}))
      << daemon_->log();
  EXPECT_NE(body.find("circuit breaker"), std::string::npos) << body;
  EXPECT_EQ(Get("/healthz", &status), "ok\n");
  ASSERT_TRUE(PollUntil(
      [&] {
        for (const json& a : receiver.Of("circuit_breaker")) {
          if (a["state"] == "open") return true;
        }
        return false;
      },
      seconds(10), {daemon_.get()}));

  // The outage ends: the waiting file completes, ready again, closed.
  testing::SetSimFaults(*sim_, {{"outage", false}});
  ASSERT_TRUE(PollUntil([&] { return Filed("processed", "good.csv"); },
                        seconds(40), {daemon_.get()}))
      << daemon_->log();
  ASSERT_TRUE(PollUntil(
      [&] {
        Get("/readyz", &status);
        return status == 200;
      },
      seconds(10), {daemon_.get()}));
  ASSERT_TRUE(PollUntil(
      [&] {
        for (const json& a : receiver.Of("circuit_breaker")) {
          if (a["state"] == "closed") return true;
        }
        return false;
      },
      seconds(10), {daemon_.get()}));
}

}  // namespace
}  // namespace m2drop
