// SPDX-License-Identifier: Apache-2.0
// WebhookReceiver: an alert webhook for tests — a loopback HTTP server
// (loopback_http_server.h) that keeps every POSTed body, answering the
// statuses it was given in order and 200 after them. Ready when the
// constructor returns.
//
// Header-only; thread-safe (the server answers on its own threads).
#ifndef M2DROP_TESTING_WEBHOOK_RECEIVER_H_
#define M2DROP_TESTING_WEBHOOK_RECEIVER_H_

#include <httplib.h>

#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "testing/loopback_http_server.h"

namespace m2drop::testing {

class WebhookReceiver {
 public:
  explicit WebhookReceiver(std::vector<int> statuses = {})
      : statuses_(std::move(statuses)), server_([this](httplib::Server& s) {
          s.Post("/hook",
                 [this](const httplib::Request& req, httplib::Response& res) {
                   std::lock_guard lock(mu_);
                   res.status = bodies_.size() < statuses_.size()
                                    ? statuses_[bodies_.size()]
                                    : 200;
                   bodies_.push_back(req.body);
                 });
        }) {}

  std::string url() const { return server_.base_url() + "/hook"; }

  // Every body received, in order (failed answers included).
  std::vector<std::string> Bodies() const {
    std::lock_guard lock(mu_);
    return bodies_;
  }

  // The JSON bodies whose "kind" is `kind`, in order.
  std::vector<nlohmann::json> Of(const std::string& kind) const {
    std::vector<nlohmann::json> found;
    for (const std::string& body : Bodies()) {
      nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
      if (j.is_object() && j.value("kind", "") == kind) found.push_back(j);
    }
    return found;
  }

  // Waits (at most `limit`) until `n` bodies arrived; returns them all.
  std::vector<std::string> WaitForBodies(
      size_t n, std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    std::vector<std::string> bodies = Bodies();
    while (bodies.size() < n && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      bodies = Bodies();
    }
    return bodies;
  }

 private:
  const std::vector<int> statuses_;
  mutable std::mutex mu_;
  std::vector<std::string> bodies_;  // guarded by mu_
  LoopbackHttpServer server_;        // last: its route uses the others
};

}  // namespace m2drop::testing

#endif  // M2DROP_TESTING_WEBHOOK_RECEIVER_H_
