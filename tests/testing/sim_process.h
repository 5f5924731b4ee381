// SPDX-License-Identifier: Apache-2.0
// `m2drop sim` as a child process for tests of the real binary, and what a
// test needs around it:
//
// - SimProcess: starts `M2DROP_BINARY sim --port 0 ARGS…`, waits (bounded)
//   for its "m2drop sim listening on URL" line and reads Magento's state and
//   request counters through GET /_sim/state and GET /_sim/requests with
//   cpp-httplib's client (loopback only). The child is killed when the
//   object goes away.
// - ClosedLoopbackPort(): a loopback port nothing listens on.
// - ImportConfigToml(): an m2drop configuration with tracking profiles
//   "3pl" and "3pl-de" (German column names) under one directory, reaching
//   a given base URL with a bearer token kept in a file.
//
// Header-only. A SimProcess is used from one test thread; every wait in it
// has a deadline.
#ifndef M2DROP_TESTING_SIM_PROCESS_H_
#define M2DROP_TESTING_SIM_PROCESS_H_

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "testing/loopback_port.h"
#include "testing/subprocess.h"
#include "testing/temp_dir.h"

namespace m2drop::testing {

inline constexpr char kSimListening[] = "m2drop sim listening on ";

class SimProcess {
 public:
  // Starts the simulator with `args` after `sim --port 0` (e.g. {"--seed",
  // FILE, "--lost-response-rate", "0.2"}). Check started() before use: a
  // failed start is already reported as a test failure with the child's
  // output.
  explicit SimProcess(
      const std::vector<std::string>& args,
      std::chrono::milliseconds start_timeout = std::chrono::seconds(15)) {
    std::vector<std::string> argv = {M2DROP_BINARY, "sim", "--port", "0"};
    argv.insert(argv.end(), args.begin(), args.end());
    child_ = std::make_unique<ChildProcess>(argv);
    bool listening = child_->WaitForOutput(
        [](const std::string& out) {
          size_t at = out.find(kSimListening);
          return at != std::string::npos &&
                 out.find('\n', at) != std::string::npos;
        },
        start_timeout);
    EXPECT_TRUE(listening) << "m2drop sim did not start; stdout: "
                           << child_->out() << "\nstderr: " << child_->err();
    if (!listening) return;
    const std::string& out = child_->out();
    size_t begin = out.find(kSimListening) + sizeof kSimListening - 1;
    base_url_ = out.substr(begin, out.find('\n', begin) - begin);
    EXPECT_EQ(base_url_.rfind("http://127.0.0.1:", 0), 0u) << base_url_;
  }

  bool started() const { return !base_url_.empty(); }
  const std::string& base_url() const { return base_url_; }
  // The simulator's process, e.g. to signal it and wait for its exit.
  ChildProcess& child() { return *child_; }

  // GET /_sim/state: {"orders": [...with "shipments"], ...}.
  nlohmann::json State() const { return GetJson("/_sim/state"); }

  // GET /_sim/requests: {"total", "by_route", "by_status", "faults"}.
  nlohmann::json Requests() const { return GetJson("/_sim/requests"); }

  // The order with `increment_id` from State(), or null when absent.
  nlohmann::json Order(const std::string& increment_id) const {
    const nlohmann::json state = State();  // outlives the loop
    for (const nlohmann::json& order : state["orders"]) {
      if (order["increment_id"] == increment_id) return order;
    }
    ADD_FAILURE() << "no order " << increment_id << " in the simulator";
    return nullptr;
  }

  // Requests on `route` (a label such as "POST /V1/order/{id}/ship")
  // answered with `status`.
  static int64_t Count(const nlohmann::json& requests, const std::string& route,
                       int status) {
    const nlohmann::json& by_route = requests["by_route"];
    if (!by_route.contains(route)) return 0;
    return by_route[route].value(std::to_string(status), int64_t{0});
  }
  int64_t Count(const std::string& route, int status) const {
    return Count(Requests(), route, status);
  }

  // Requests on every POST route, whatever their answer.
  int64_t Posts() const {
    int64_t n = 0;
    const nlohmann::json requests = Requests();  // outlives the loop
    for (const auto& [route, statuses] : requests["by_route"].items()) {
      if (route.rfind("POST ", 0) != 0) continue;
      for (const auto& [status, count] : statuses.items()) {
        n += count.get<int64_t>();
      }
    }
    return n;
  }

 private:
  nlohmann::json GetJson(const std::string& path) const {
    httplib::Client client(base_url_);
    client.set_connection_timeout(std::chrono::seconds(5));
    client.set_read_timeout(std::chrono::seconds(10));
    httplib::Result r = client.Get(path);
    if (!r || r->status != 200) {
      ADD_FAILURE() << "GET " << base_url_ << path << " failed: "
                    << (r ? std::to_string(r->status)
                          : httplib::to_string(r.error()));
      return nlohmann::json::object();
    }
    nlohmann::json j = nlohmann::json::parse(r->body, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << path << ": " << r->body;
    return j;
  }

  std::unique_ptr<ChildProcess> child_;
  std::string base_url_;
};

// Writes `dir`/m2drop.toml and `dir`/token (holding `token`) and returns the
// configuration's path. Profiles: "3pl" (inbox `dir`/3pl/inbox, default
// column names) and "3pl-de" (inbox `dir`/3pl-de/inbox, columns
// Bestellnummer, Sendungsnummer, Versanddienstleister); processed/ and
// failed/ are the inboxes' siblings. `retry_toml` replaces the default
// [retry] table (short backoffs so tests run in seconds).
inline std::string ImportConfigToml(
    const ScopedTempDir& dir, const std::string& base_url,
    const std::string& token = "demo-token",
    const std::string& retry_toml =
        "[retry]\ninitial_backoff = \"10ms\"\nmax_backoff = \"50ms\"\n") {
  const std::string token_file = dir.WriteFile("token", token + "\n");
  dir.WriteFile("3pl/inbox/.keep", "");
  dir.WriteFile("3pl-de/inbox/.keep", "");
  return dir.WriteFile(
      "m2drop.toml",
      "[magento]\nbase_url = \"" + base_url + "\"\nauth = \"token\"\n" +
          "token_file = \"" + token_file + "\"\n" +
          "connect_timeout = \"2s\"\ntimeout = \"5s\"\n" + retry_toml +
          "\n[[profile]]\nname = \"3pl\"\nkind = \"tracking\"\ninbox = \"" +
          dir.Join("3pl/inbox") + "\"\n" +
          "\n[[profile]]\nname = \"3pl-de\"\nkind = \"tracking\"\ninbox = \"" +
          dir.Join("3pl-de/inbox") + "\"\n[profile.columns]\n" +
          "order = [\"Bestellnummer\"]\ntracking = [\"Sendungsnummer\"]\n" +
          "carrier = [\"Versanddienstleister\"]\n");
}

}  // namespace m2drop::testing

#endif  // M2DROP_TESTING_SIM_PROCESS_H_
