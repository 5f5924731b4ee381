// SPDX-License-Identifier: Apache-2.0
// `m2drop watch` as a child process for integration tests of the daemon
// (issue 5), and what those tests need around it:
//
// - WatchConfigToml(): a configuration reaching a simulator, with one
//   tracking profile per WatchProfile (inbox DIR/NAME/inbox, created), the
//   ledger under DIR/state, short settle and retry times.
// - WatchProcess: starts `M2DROP_BINARY watch --config FILE`; the daemon's
//   log (stderr) is read while the test waits, so the child never blocks
//   on a full pipe. The child is killed when the object goes away.
// - PollUntil(): waits for a condition with a deadline, checking it every
//   ~50 ms while draining the daemons' output (no fixed sleeps).
// - SetSimFaults(): POST /_sim/faults on a running `m2drop sim`.
// - TrackingCsv(): a tracking drop for generated orders (ShopSeed).
//
// Header-only; used from one test thread.
#ifndef M2DROP_TESTING_WATCH_PROCESS_H_
#define M2DROP_TESTING_WATCH_PROCESS_H_

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "testing/loopback_shop.h"
#include "testing/sim_process.h"
#include "testing/subprocess.h"
#include "testing/temp_dir.h"

namespace m2drop::testing {

struct WatchProfile {
  std::string name = "3pl";
  std::string kind = "tracking";
  std::string extra_toml;  // more keys of the [[profile]] table
};

struct WatchSetup {
  std::string settle = "300ms";
  int workers = 4;
  std::string shutdown_grace = "5s";
  std::string daemon_extra_toml;  // more [daemon] keys
  // [daemon] metrics_listen: off by default; "127.0.0.1:0" for a free port
  // (the daemon's start-up line names it).
  std::string metrics_listen;
  // More [magento] keys. No client-side rate limit by default (the shop's
  // default of 20 requests/s would make a 2,000-row file take minutes).
  std::string magento_extra_toml = "rate_limit = 0\n";
  std::string retry_toml =
      "[retry]\ninitial_backoff = \"10ms\"\nmax_backoff = \"50ms\"\n";
  std::vector<WatchProfile> profiles = {WatchProfile{}};
};

// Writes DIR/token and DIR/m2drop.toml (creating each profile's inbox) and
// returns the configuration's path.
inline std::string WatchConfigToml(const ScopedTempDir& dir,
                                   const std::string& base_url,
                                   const WatchSetup& setup) {
  const std::string token_file = dir.WriteFile("token", "demo-token\n");
  std::string toml = "[magento]\nbase_url = \"" + base_url +
                     "\"\nauth = \"token\"\ntoken_file = \"" + token_file +
                     "\"\nconnect_timeout = \"2s\"\ntimeout = \"5s\"\n" +
                     setup.magento_extra_toml + setup.retry_toml +
                     "\n[daemon]\nstate_dir = \"" + dir.Join("state") +
                     "\"\nsettle = \"" + setup.settle +
                     "\"\nworkers = " + std::to_string(setup.workers) +
                     "\nshutdown_grace = \"" + setup.shutdown_grace + "\"\n" +
                     "metrics_listen = \"" + setup.metrics_listen + "\"\n" +
                     setup.daemon_extra_toml;
  for (const WatchProfile& p : setup.profiles) {
    dir.WriteFile(p.name + "/inbox/.keep", "");
    toml += "\n[[profile]]\nname = \"" + p.name + "\"\nkind = \"" + p.kind +
            "\"\ninbox = \"" + dir.Join(p.name + "/inbox") + "\"\n" +
            p.extra_toml;
  }
  return dir.WriteFile("m2drop.toml", toml);
}

inline constexpr char kWatchStarted[] = "m2drop watch started";

class WatchProcess {
 public:
  explicit WatchProcess(const std::string& config_path)
      : child_(std::make_unique<ChildProcess>(std::vector<std::string>{
            M2DROP_BINARY, "watch", "--config", config_path})) {}

  // Waits (bounded) for the start-up line; false (with the log reported as
  // a test failure) when the daemon did not start.
  bool WaitStarted(
      std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    bool started = child_->WaitForOutput(
        [this](const std::string&) {
          return child_->err().find(kWatchStarted) != std::string::npos;
        },
        timeout);
    EXPECT_TRUE(started) << "m2drop watch did not start:\n" << log();
    return started;
  }

  // Reads what the daemon wrote for at most `timeout`.
  void Drain(std::chrono::milliseconds timeout) {
    child_->WaitForOutput([](const std::string&) { return false; }, timeout);
  }

  ChildProcess& child() { return *child_; }
  const std::string& log() const { return child_->err(); }
  // How often `needle` occurs in the log so far.
  size_t CountInLog(const std::string& needle) const {
    size_t n = 0;
    for (size_t at = log().find(needle); at != std::string::npos;
         at = log().find(needle, at + needle.size())) {
      ++n;
    }
    return n;
  }

 private:
  std::unique_ptr<ChildProcess> child_;
};

// Checks `cond` every ~50 ms, draining the daemons' output in between,
// until it holds or `timeout` passes. Returns whether it held.
// REQUIRES: `daemons` is not empty (their output paces the checks).
inline bool PollUntil(const std::function<bool()>& cond,
                      std::chrono::milliseconds timeout,
                      const std::vector<WatchProcess*>& daemons) {
  EXPECT_FALSE(daemons.empty());
  if (daemons.empty()) return cond();
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const auto slice =
      std::chrono::milliseconds(50) / static_cast<int>(daemons.size());
  while (!cond()) {
    if (std::chrono::steady_clock::now() >= deadline) return cond();
    for (WatchProcess* d : daemons) d->Drain(slice);
  }
  return true;
}

// POST /_sim/faults with `changes` (e.g. {"outage": true}).
inline void SetSimFaults(const SimProcess& sim, const nlohmann::json& changes) {
  httplib::Client client(sim.base_url());
  client.set_connection_timeout(std::chrono::seconds(5));
  httplib::Result r =
      client.Post("/_sim/faults", changes.dump(), "application/json");
  ASSERT_TRUE(r && r->status == 200)
      << "POST /_sim/faults failed: "
      << (r ? r->body : httplib::to_string(r.error()));
}

// A tracking drop shipping generated orders first..last (ShopSeed), one row
// each, tracking number "TRK-<n>".
inline std::string TrackingCsv(int first, int last) {
  std::string csv = "order_number,tracking_number,carrier_code,title\n";
  for (int n = first; n <= last; ++n) {
    csv += GeneratedOrderNumber(n) + ",TRK-" + std::to_string(n) + ",ups,UPS\n";
  }
  return csv;
}

// Starts `m2drop sim` seeded with ShopSeed(open_orders) plus `args`.
inline std::unique_ptr<SimProcess> StartSeededSim(
    const ScopedTempDir& dir, int open_orders,
    const std::vector<std::string>& args = {}) {
  const std::string seed =
      dir.WriteFile("seed.json", ShopSeed(open_orders).dump());
  std::vector<std::string> argv = {"--seed", seed};
  argv.insert(argv.end(), args.begin(), args.end());
  return std::make_unique<SimProcess>(argv);
}

}  // namespace m2drop::testing

#endif  // M2DROP_TESTING_WATCH_PROCESS_H_
