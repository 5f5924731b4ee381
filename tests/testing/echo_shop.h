// SPDX-License-Identifier: Apache-2.0
// EchoShop: a hostile "shop" for tests of issue 17 — a loopback HTTP server
// (loopback_http_server.h) whose errors echo the request back, as a
// misconfigured proxy or a debugging shop would:
//   - POST …/V1/integration/admin/token: with `admin_token` empty, 401 and an
//     HTML page quoting the request body (username and password); else 200
//     with that token as a JSON string;
//   - with `status` 401 or 403, every other request gets that status and
//     the echo below;
//   - else order searches (GET …/V1/orders) find a processing order with
//     one open line (SKU 24-MB01) for every increment id the search names,
//     shipment searches find none, and every write (a ship) gets `status`
//     (400 by default) with the echo: a Magento envelope
//     {"message": "Request rejected: %1", "parameters": [HEADERS]} where
//     HEADERS is every request header as "Name: value" lines, Authorization
//     included, followed by `padding` bytes of "x" (a shop answering
//     megabytes of message).
//
// Header-only; thread-safe (the server answers on its own threads).
#ifndef M2DROP_TESTING_ECHO_SHOP_H_
#define M2DROP_TESTING_ECHO_SHOP_H_

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "testing/loopback_http_server.h"

namespace m2drop::testing {

class EchoShop {
 public:
  explicit EchoShop(std::string admin_token = "", int status = 400,
                    size_t padding = 0)
      : admin_token_(std::move(admin_token)),
        status_(status),
        padding_(padding),
        server_([this](httplib::Server& s) {
          auto answer = [this](const httplib::Request& req,
                               httplib::Response& res) { Answer(req, res); };
          s.Get(".*", answer);
          s.Post(".*", answer);
          s.Put(".*", answer);
        }) {}

  std::string base_url() const { return server_.base_url(); }

 private:
  void Answer(const httplib::Request& req, httplib::Response& res) const {
    if (req.path.ends_with("/V1/integration/admin/token")) {
      if (admin_token_.empty()) {
        res.status = 401;
        res.set_content("<html><body><h1>Sign-in refused</h1><pre>" + req.body +
                            "</pre></body></html>",
                        "text/html");
      } else {
        res.set_content(nlohmann::json(admin_token_).dump(),
                        "application/json");
      }
      return;
    }
    const bool refuses_all = status_ == 401 || status_ == 403;
    if (!refuses_all && req.method == "GET") {
      res.set_content(Search(req).dump(), "application/json");
      return;
    }
    std::string headers;
    for (const auto& [name, value] : req.headers) {
      headers += name + ": " + value + "\r\n";
    }
    res.status = status_;
    res.set_content(
        nlohmann::json{{"message", "Request rejected: %1"},
                       {"parameters", {headers + std::string(padding_, 'x')}}}
            .dump(),
        "application/json");
  }

  // An order for each increment id the search filters on; no shipments.
  static nlohmann::json Search(const httplib::Request& req) {
    nlohmann::json items = nlohmann::json::array();
    if (req.path.ends_with("/V1/orders")) {
      for (const auto& [key, value] : req.params) {
        if (!key.ends_with("[value]")) continue;
        std::istringstream numbers(value);
        for (std::string number; std::getline(numbers, number, ',');) {
          const int64_t id = 1000 + static_cast<int64_t>(items.size());
          items.push_back({{"entity_id", id},
                           {"increment_id", number},
                           {"state", "processing"},
                           {"status", "processing"},
                           {"items",
                            {{{"item_id", id * 10},
                              {"order_id", id},
                              {"sku", "24-MB01"},
                              {"name", "Joust Duffle Bag"},
                              {"product_type", "simple"},
                              {"is_virtual", false},
                              {"qty_ordered", 1},
                              {"qty_shipped", 0},
                              {"qty_canceled", 0},
                              {"qty_refunded", 0}}}}});
        }
      }
    }
    return {{"items", items}, {"total_count", items.size()}};
  }

  const std::string admin_token_;
  const int status_;
  const size_t padding_;
  LoopbackHttpServer server_;  // last: it calls Answer, which reads the rest
};

}  // namespace m2drop::testing

#endif  // M2DROP_TESTING_ECHO_SHOP_H_
