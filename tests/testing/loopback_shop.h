// SPDX-License-Identifier: Apache-2.0
// Integration-test helpers: the Magento simulator on a loopback port in this
// process, and the real Magento connection (CurlTransport + RestCaller +
// Client, built by app::MagentoConnection from a TOML [magento] section)
// pointed at it.
//
// - ShopSeed(): the demo seed (fixtures/sim/demo-seed.json, which carries the
//   demo credentials) plus generated orders, for tests that need many.
// - LoopbackShop: sim::Server::Start on 127.0.0.1 port 0, with accessors for
//   faults, flags, request counters and the state (all in-process, under the
//   simulator's lock).
// - ConnectionSettings / ConnectionToml(): a [magento] + [retry]
//   configuration with short backoffs so tests run in seconds; secrets are
//   written to files in a ScopedTempDir, as an operator would.
// - RecordingTransport: wraps the real transport and records when each
//   request was sent and answered, so tests can check the waits between
//   them (circuit breaker, Retry-After) without timing upper bounds.
//
// Header-only. Thread-safe where noted; a LoopbackShop stops its server when
// destroyed, so it must outlive the connections that use it.
#ifndef M2DROP_TESTING_LOOPBACK_SHOP_H_
#define M2DROP_TESTING_LOOPBACK_SHOP_H_

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "m2drop/app/magento_connection.h"
#include "m2drop/base/clock.h"
#include "m2drop/base/result.h"
#include "m2drop/config/loader.h"
#include "m2drop/magento/curl_transport.h"
#include "m2drop/magento/http_transport.h"
#include "m2drop/sim/introspection.h"
#include "m2drop/sim/seed.h"
#include "m2drop/sim/server.h"
#include "m2drop/sim/simulator.h"
#include "testing/temp_dir.h"

namespace m2drop::testing {

// The demo seed's credentials (fixtures/sim/README.md; demo values only).
inline constexpr char kDemoToken[] = "demo-token";
inline constexpr char kDemoAdminUser[] = "admin";
inline constexpr char kDemoAdminPassword[] = "demo-admin-password1";

// The increment id of generated order `n` (1-based): "200000001", ...
inline std::string GeneratedOrderNumber(int n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "2%08d", n);
  return buf;
}

// The tracking number a generated shipped order was seeded with.
inline std::string SeededTrackNumber(int n) {
  return "SEED-" + GeneratedOrderNumber(n);
}

// The demo seed plus `open_orders` processing orders (one simple line of
// 24-MB01, qty 1) numbered GeneratedOrderNumber(1..open_orders), then
// `shipped_orders` complete orders, each fully shipped in one shipment with
// track SeededTrackNumber(n). Generated entity_ids start at 1001.
inline nlohmann::json ShopSeed(int open_orders = 0, int shipped_orders = 0) {
  nlohmann::json seed = nlohmann::json::parse(
      ReadWholeFile(FixturePath("sim/demo-seed.json")), nullptr, false);
  EXPECT_FALSE(seed.is_discarded()) << "fixtures/sim/demo-seed.json";
  for (int n = 1; n <= open_orders + shipped_orders; ++n) {
    nlohmann::json order = {
        {"entity_id", 1000 + n},
        {"increment_id", GeneratedOrderNumber(n)},
        {"items",
         {{{"sku", "24-MB01"}, {"name", "Joust Duffle Bag"}, {"qty", 1}}}}};
    if (n > open_orders) {
      order["shipments"] = {{{"tracks",
                              {{{"track_number", SeededTrackNumber(n)},
                                {"carrier_code", "ups"},
                                {"title", "UPS"}}}}}};
    }
    seed["orders"].push_back(std::move(order));
  }
  return seed;
}

// The simulator on 127.0.0.1, an ephemeral port, the real clock.
class LoopbackShop {
 public:
  // kInvalidInput for a bad seed; the Server's Status when it cannot start.
  static Result<std::unique_ptr<LoopbackShop>> Start(
      const nlohmann::json& seed, sim::FaultOptions faults = {}) {
    M2DROP_ASSIGN_OR_RETURN(sim::Store store, sim::ParseSeed(seed.dump()));
    sim::SimulatorOptions options;
    options.faults = std::move(faults);
    auto simulator = std::make_unique<sim::Simulator>(
        std::move(store), RealClock::Instance(), options);
    M2DROP_ASSIGN_OR_RETURN(std::unique_ptr<sim::Server> server,
                            sim::Server::Start({}, std::move(simulator)));
    return std::unique_ptr<LoopbackShop>(new LoopbackShop(std::move(server)));
  }

  std::string base_url() const { return server_->base_url(); }
  sim::Simulator& simulator() { return server_->simulator(); }

  // POST /_sim/faults, in-process. kInvalidInput naming a bad key.
  Status UpdateFaults(const nlohmann::json& changes) {
    return simulator().faults().Update(changes);
  }

  // POST /_sim/flags, in-process. kInvalidInput naming a bad flag.
  Status UpdateFlags(const nlohmann::json& changes) {
    Status status;
    simulator().WithStore(
        [&](sim::Store& s) { status = sim::ApplyFlagsJson(changes, s.flags); });
    return status;
  }

  // Requests on `label` (e.g. "POST /V1/order/{id}/ship") answered `status`;
  // a lost response counts under the status the simulator applied it with.
  int64_t Count(const std::string& label, int status) {
    return simulator().CountersForTesting().Count(label, status);
  }

  // Every counter: {"total", "by_route", "by_status", "faults"}.
  nlohmann::json Counters() {
    return simulator().CountersForTesting().ToJson();
  }

  // GET /_sim/state, in-process.
  nlohmann::json State() {
    nlohmann::json state;
    simulator().WithStore([&](sim::Store& s) { state = sim::StateToJson(s); });
    return state;
  }

  // The order with `increment_id` from State(), or null.
  nlohmann::json OrderState(const std::string& increment_id) {
    const nlohmann::json state = State();
    for (const nlohmann::json& order : state["orders"]) {
      if (order["increment_id"] == increment_id) return order;
    }
    return nullptr;
  }

 private:
  explicit LoopbackShop(std::unique_ptr<sim::Server> server)
      : server_(std::move(server)) {}

  std::unique_ptr<sim::Server> server_;
};

// The [magento] and [retry] settings of a test connection. Defaults: demo
// bearer token, no client-side rate limit, backoffs of tens of ms, a breaker
// that does not open unless a test asks for it.
struct ConnectionSettings {
  std::string auth = "token";  // token | admin | oauth1
  std::string token = kDemoToken;
  std::string username = kDemoAdminUser;
  std::string password = kDemoAdminPassword;
  // OAuth 1.0a secrets; empty: the demo seed's integration.
  std::string consumer_key, consumer_secret, access_token, access_token_secret;
  std::string store_code = "default";
  std::string timeout = "5s";
  double rate_limit = 0;
  int max_in_flight = 8;
  int page_size = 100;
  int max_attempts = 8;
  std::string initial_backoff = "10ms";
  std::string max_backoff = "100ms";
  std::string give_up_after = "30s";
  int breaker_failures = 1000;
  std::string breaker_cooldown = "200ms";
};

// Writes the secrets of `s` to files under `dir` and returns the TOML text
// of a configuration reaching `base_url` with them.
inline std::string ConnectionToml(const std::string& base_url,
                                  const ConnectionSettings& s,
                                  const ScopedTempDir& dir) {
  auto secret = [&](const std::string& key, const std::string& value) {
    return key + "_file = \"" + dir.WriteFile("secrets/" + key, value + "\n") +
           "\"\n";
  };
  std::string toml = "[magento]\nbase_url = \"" + base_url +
                     "\"\nstore_code = \"" + s.store_code + "\"\nauth = \"" +
                     s.auth + "\"\n";
  if (s.auth == "token") toml += secret("token", s.token);
  if (s.auth == "admin") {
    toml +=
        "username = \"" + s.username + "\"\n" + secret("password", s.password);
  }
  if (s.auth == "oauth1") {
    auto or_demo = [](const std::string& v, const char* demo) {
      return v.empty() ? std::string(demo) : v;
    };
    toml += secret("consumer_key",
                   or_demo(s.consumer_key, "dk7q2m9x4c1v8b5n3z6a0s2d4f6g8h1j"));
    toml +=
        secret("consumer_secret",
               or_demo(s.consumer_secret, "s3cr3tq2w4e6r8t0y1u3i5o7p9a2s4d6"));
    toml += secret("access_token",
                   or_demo(s.access_token, "tq9w8e7r6t5y4u3i2o1p0a9s8d7f6g5h"));
    toml += secret(
        "access_token_secret",
        or_demo(s.access_token_secret, "ts1a2s3d4f5g6h7j8k9l0z1x2c3v4b5n"));
  }
  toml += "timeout = \"" + s.timeout + "\"\nconnect_timeout = \"2s\"\n" +
          "rate_limit = " + std::to_string(s.rate_limit) +
          "\nmax_in_flight = " + std::to_string(s.max_in_flight) +
          "\npage_size = " + std::to_string(s.page_size) + "\n";
  toml += "[retry]\nmax_attempts = " + std::to_string(s.max_attempts) +
          "\ninitial_backoff = \"" + s.initial_backoff +
          "\"\nmax_backoff = \"" + s.max_backoff + "\"\ngive_up_after = \"" +
          s.give_up_after +
          "\"\nbreaker_failures = " + std::to_string(s.breaker_failures) +
          "\nbreaker_cooldown = \"" + s.breaker_cooldown + "\"\n";
  return toml;
}

// One request as the transport saw it.
struct RecordedExchange {
  std::string method;
  std::string url;
  SteadyTime sent;
  SteadyTime answered;
  int status = 0;  // 0 when no complete response arrived
};

// Forwards to a real transport and records every exchange. Thread-safe.
class RecordingTransport final : public magento::HttpTransport {
 public:
  explicit RecordingTransport(std::unique_ptr<magento::HttpTransport> inner)
      : inner_(std::move(inner)) {}

  // A RecordingTransport over a CurlTransport with `options`.
  static Result<std::unique_ptr<RecordingTransport>> OverCurl(
      const magento::CurlOptions& options = {}) {
    M2DROP_ASSIGN_OR_RETURN(std::unique_ptr<magento::CurlTransport> curl,
                            magento::CurlTransport::Create(options));
    return std::make_unique<RecordingTransport>(std::move(curl));
  }

  Result<magento::HttpResponse> Send(const magento::HttpRequest& request,
                                     magento::SendStats* stats) override {
    RecordedExchange exchange{
        request.method, request.url, RealClock::Instance().Now(), {}, 0};
    Result<magento::HttpResponse> response = inner_->Send(request, stats);
    exchange.answered = RealClock::Instance().Now();
    if (response.ok()) exchange.status = response->status;
    std::lock_guard<std::mutex> lock(mu_);
    exchanges_.push_back(std::move(exchange));
    return response;
  }

  std::vector<RecordedExchange> exchanges() const {
    std::lock_guard<std::mutex> lock(mu_);
    return exchanges_;
  }

 private:
  std::unique_ptr<magento::HttpTransport> inner_;
  mutable std::mutex mu_;
  std::vector<RecordedExchange> exchanges_;  // guarded by mu_
};

// Test fixture: a LoopbackShop and the helpers to connect to it. Subclasses
// call StartShop() (usually in SetUp) and then Connect().
class LoopbackShopTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(magento::GlobalInitCurl().ok()); }

  void StartShop(const nlohmann::json& seed, sim::FaultOptions faults = {}) {
    Result<std::unique_ptr<LoopbackShop>> shop =
        LoopbackShop::Start(seed, std::move(faults));
    ASSERT_TRUE(shop.ok()) << shop.status();
    shop_ = std::move(shop).value();
  }

  // The configuration for `settings`, loaded and validated as from a file.
  config::Config ConfigFor(const ConnectionSettings& settings) {
    Result<config::Config> config = config::LoadString(
        ConnectionToml(shop_->base_url(), settings, dir_), "<test>");
    EXPECT_TRUE(config.ok()) << config.status();
    return config.ok() ? std::move(config).value() : config::Config{};
  }

  // A MagentoConnection over a real CurlTransport (through
  // MagentoConnection::Create).
  std::unique_ptr<app::MagentoConnection> Connect(
      const ConnectionSettings& settings = {}) {
    auto connection =
        app::MagentoConnection::Create(ConfigFor(settings), clock_);
    EXPECT_TRUE(connection.ok()) << connection.status();
    return connection.ok() ? std::move(connection).value() : nullptr;
  }

  // A MagentoConnection whose CurlTransport is wrapped by a
  // RecordingTransport, left in `*recorder` (owned by the connection).
  std::unique_ptr<app::MagentoConnection> ConnectRecording(
      const ConnectionSettings& settings, RecordingTransport** recorder) {
    auto transport = RecordingTransport::OverCurl();
    EXPECT_TRUE(transport.ok()) << transport.status();
    if (!transport.ok()) return nullptr;
    *recorder = transport->get();
    auto connection = app::MagentoConnection::CreateWithTransport(
        ConfigFor(settings), clock_, std::move(transport).value());
    EXPECT_TRUE(connection.ok()) << connection.status();
    return connection.ok() ? std::move(connection).value() : nullptr;
  }

  ScopedTempDir dir_;
  RealClock clock_;
  std::unique_ptr<LoopbackShop> shop_;
};

}  // namespace m2drop::testing

#endif  // M2DROP_TESTING_LOOPBACK_SHOP_H_
