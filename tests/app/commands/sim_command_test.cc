// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/commands/sim_command.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <condition_variable>
#include <mutex>
#include <sstream>
#include <thread>

#include "m2drop/base/exit_codes.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::app {
namespace {

// An ostream another thread can wait on: text is appended under a mutex and
// waiters are woken on every write.
class WatchedStream : public std::streambuf {
 public:
  WatchedStream() : stream_(this) {}
  std::ostream& stream() { return stream_; }

  // Waits (bounded) until the text contains `needle`; returns the text.
  std::string WaitFor(const std::string& needle, std::chrono::seconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, timeout,
                 [&] { return text_.find(needle) != std::string::npos; });
    return text_;
  }

 protected:
  int overflow(int c) override {
    if (c == EOF) return 0;
    char ch = static_cast<char>(c);
    xsputn(&ch, 1);
    return c;
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      text_.append(s, static_cast<size_t>(n));
    }
    cv_.notify_all();
    return n;
  }

 private:
  std::ostream stream_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::string text_;
};

class SimCommandTest : public ::testing::Test {
 protected:
  int RunToCompletion(const SimOptions& options) {
    return RunSim(options, out_.stream(), err_);
  }
  WatchedStream out_;
  std::ostringstream err_;
};

TEST_F(SimCommandTest, ServesTheSeedUntilSigterm) {
  SimOptions options;
  options.seed_file = testing::FixturePath("sim/demo-seed.json");
  int exit_code = -1;
  std::thread runner([&] { exit_code = RunSim(options, out_.stream(), err_); });
  std::string text = out_.WaitFor("\n", std::chrono::seconds(10));
  const std::string prefix = "m2drop sim listening on http://127.0.0.1:";
  ASSERT_EQ(text.rfind(prefix, 0), 0u) << text;
  int port = std::stoi(text.substr(prefix.size()));
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(5);
  auto r =
      client.Get("/rest/V1/orders/1", {{"Authorization", "Bearer demo-token"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  // SIGTERM to the RunSim thread only: it has the signal blocked and takes
  // it with sigwait.
  ASSERT_EQ(pthread_kill(runner.native_handle(), SIGTERM), 0);
  runner.join();
  EXPECT_EQ(exit_code, kExitOk);
  EXPECT_FALSE(client.Get("/_sim/state"));  // stopped
}

TEST_F(SimCommandTest, RefusesNonLoopbackHost) {
  SimOptions options;
  options.host = "0.0.0.0";
  EXPECT_EQ(RunToCompletion(options), kExitUsage);
  EXPECT_NE(err_.str().find("loopback only"), std::string::npos) << err_.str();
}

// Issue 17: any name starting "127." passed the check; DNS may point
// "127.evil" anywhere.
TEST_F(SimCommandTest, RefusesANameThatOnlyLooksLikeLoopback) {
  for (const char* host : {"127.evil", "127.0.0.1.example.com"}) {
    SimOptions options;
    options.host = host;
    err_.str("");
    EXPECT_EQ(RunToCompletion(options), kExitUsage) << host;
    EXPECT_NE(err_.str().find("loopback only"), std::string::npos)
        << err_.str();
  }
}

TEST_F(SimCommandTest, BadSeedFileIsAUsageError) {
  SimOptions options;
  options.seed_file = "/nonexistent/seed.json";
  EXPECT_EQ(RunToCompletion(options), kExitUsage);
  EXPECT_NE(err_.str().find("/nonexistent/seed.json"), std::string::npos);
}

TEST_F(SimCommandTest, FaultFlagsBecomeFaultOptions) {
  SimOptions options;
  options.latency_ms = 20;
  options.error_rate = 0.5;
  options.rate_limit = 10;
  options.outages = {"30-45", "60-61"};
  options.fault_seed = 9;
  Result<sim::FaultOptions> f = FaultOptionsFrom(options);
  ASSERT_OK(f);
  EXPECT_EQ(f->latency, milliseconds(20));
  EXPECT_EQ(f->error_rate, 0.5);
  EXPECT_EQ(f->rate_limit_per_second, 10);
  ASSERT_EQ(f->outage_windows.size(), 2u);
  EXPECT_EQ(f->outage_windows[0].start, seconds(30));
  EXPECT_EQ(f->outage_windows[0].end, seconds(45));
  EXPECT_EQ(f->seed, 9u);
}

TEST_F(SimCommandTest, BadFaultFlagsNameTheFlag) {
  SimOptions options;
  options.outages = {"45-30"};
  Result<sim::FaultOptions> f = FaultOptionsFrom(options);
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.status().message().find("--outage"), std::string::npos);
  options.outages.clear();
  options.reset_rate = 1.5;
  EXPECT_NE(FaultOptionsFrom(options).status().message().find("--reset-rate"),
            std::string::npos);
  EXPECT_EQ(RunToCompletion(options), kExitUsage);
}

}  // namespace
}  // namespace m2drop::app
