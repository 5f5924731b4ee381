// SPDX-License-Identifier: Apache-2.0
#include "m2drop/sim/server.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "m2drop/sim/seed.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::sim {
namespace {

// Loopback tests: the server runs on an ephemeral port with the real clock
// (faults here use no latency, so nothing waits).
class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Store> store =
        LoadSeedFile(testing::FixturePath("sim/demo-seed.json"));
    ASSERT_OK(store);
    auto sim = std::make_unique<Simulator>(std::move(store).value(),
                                           RealClock::Instance());
    Result<std::unique_ptr<Server>> server = Server::Start({}, std::move(sim));
    ASSERT_OK(server);
    server_ = std::move(server).value();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    client_->set_connection_timeout(5);
    client_->set_read_timeout(5);
  }
  httplib::Headers Auth() { return {{"Authorization", "Bearer demo-token"}}; }
  httplib::Result Ship(int64_t order_id) {
    return client_->Post("/rest/V1/order/" + std::to_string(order_id) + "/ship",
                         Auth(), "{}", "application/json");
  }
  void SetFaults(const std::string& json) {
    auto r = client_->Post("/_sim/faults", json, "application/json");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
  }
  double QtyShipped(int64_t order_id) {
    double qty = -1;
    server_->simulator().WithStore(
        [&](Store& s) { qty = s.orders.at(order_id).items[0].qty_shipped; });
    return qty;
  }
  std::unique_ptr<Server> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(ServerTest, StartsOnEphemeralPortAndAnswers) {
  EXPECT_GT(server_->port(), 0);
  auto r = client_->Get("/rest/V1/orders/1", Auth());
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(nlohmann::json::parse(r->body)["increment_id"], "000000101");
}

TEST_F(ServerTest, RefusesNonLoopbackHosts) {
  ServerOptions options;
  options.host = "0.0.0.0";
  Result<std::unique_ptr<Server>> server = Server::Start(
      options, std::make_unique<Simulator>(Store{}, RealClock::Instance()));
  EXPECT_EQ(server.status().code(), StatusCode::kInvalidInput);
}

TEST_F(ServerTest, RateLimitAnswers429WithRetryAfter) {
  SetFaults(R"({"next":[{"kind":"rate_limited"}]})");
  auto r = client_->Get("/rest/V1/orders/1", Auth());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 429);
  EXPECT_EQ(r->get_header_value("Retry-After"), "1");
  EXPECT_EQ(
      nlohmann::json::parse(r->body),
      nlohmann::json::parse(R"({"message":"Too Many Requests","trace":null})"));
}

TEST_F(ServerTest, OutageAnswers503ThenRecovers) {
  SetFaults(R"({"outage":true})");
  auto down = client_->Get("/rest/V1/orders/1", Auth());
  ASSERT_TRUE(down);
  EXPECT_EQ(down->status, 503);
  auto state = client_->Get("/_sim/state");  // introspection is never faulted
  ASSERT_TRUE(state);
  EXPECT_EQ(state->status, 200);
  SetFaults(R"({"outage":false})");
  auto up = client_->Get("/rest/V1/orders/1", Auth());
  ASSERT_TRUE(up);
  EXPECT_EQ(up->status, 200);
}

TEST_F(ServerTest, OutageWindowFromStartAnswers503) {
  SetFaults(R"({"outage_windows":[{"start_ms":0,"end_ms":600000}]})");
  auto r = client_->Get("/rest/V1/orders/1", Auth());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
}

// What a raw client reads after sending `request` on a fresh connection:
// every byte until the server closes, and whether it closed with a reset.
struct Wire {
  std::string bytes;
  bool reset = false;
};
// True once `bytes` hold a whole answer: its head and Content-Length bytes.
bool WholeAnswer(const std::string& bytes) {
  const size_t head_end = bytes.find("\r\n\r\n");
  if (head_end == std::string::npos) return false;
  const std::string head = bytes.substr(0, head_end);
  const size_t at = head.find("Content-Length: ");
  if (at == std::string::npos) return false;
  const size_t length = std::stoul(head.substr(at + 16));
  return bytes.size() >= head_end + 4 + length;
}

// Sends `request` on a new connection and reads until the server closes it
// (or 5 s pass); with `whole_answer`, only until one whole answer came, so
// a connection kept alive costs no wait.
Wire SendRaw(int port, const std::string& request, bool whole_answer = false) {
  Wire wire;
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      write(fd, request.data(), request.size()) < 0) {
    close(fd);
    return wire;
  }
  char buffer[4096];
  for (int reads = 0; reads < 100; ++reads) {
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0) wire.reset = errno == ECONNRESET;
    if (n <= 0) break;
    wire.bytes.append(buffer, static_cast<size_t>(n));
    if (whole_answer && WholeAnswer(wire.bytes)) break;
  }
  close(fd);
  return wire;
}

std::string RawShip(int64_t order_id) {
  return "POST /rest/V1/order/" + std::to_string(order_id) +
         "/ship HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer demo-token\r\n"
         "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
}

// The three ways a lost answer reaches the client, each after the write
// was applied.
TEST_F(ServerTest, LostBeforeAnyByteClosesWithNothingWritten) {
  SetFaults(R"({"next":[{"kind":"lost_before_bytes"}]})");
  Wire wire = SendRaw(server_->port(), RawShip(1));
  EXPECT_EQ(wire.bytes, "");
  EXPECT_FALSE(wire.reset);
  EXPECT_EQ(QtyShipped(1), 1);
}

TEST_F(ServerTest, LostByAResetSendsARst) {
  SetFaults(R"({"next":[{"kind":"lost_reset"}]})");
  Wire wire = SendRaw(server_->port(), RawShip(1));
  EXPECT_EQ(wire.bytes, "");
  EXPECT_TRUE(wire.reset);
  EXPECT_EQ(QtyShipped(1), 1);
}

TEST_F(ServerTest, LostAfterHeadersSendsTheStatusLineOnly) {
  SetFaults(R"({"next":[{"kind":"lost_after_headers"}]})");
  Wire wire = SendRaw(server_->port(), RawShip(1));
  EXPECT_EQ(wire.bytes.rfind("HTTP/1.1 200", 0), 0u) << wire.bytes;
  size_t body = wire.bytes.find("\r\n\r\n");
  ASSERT_NE(body, std::string::npos);
  EXPECT_EQ(wire.bytes.size(), body + 4);  // no byte of the body
  EXPECT_EQ(QtyShipped(1), 1);
}

TEST_F(ServerTest, AnErrorMayCloseTheConnection) {
  SetFaults(R"({"error_rate":1,"seed":3})");
  int closing = 0;
  for (int i = 0; i < 20; ++i) {
    Wire wire = SendRaw(server_->port(),
                        "GET /rest/V1/orders/1 HTTP/1.1\r\nHost: x\r\n"
                        "Authorization: Bearer demo-token\r\n\r\n",
                        /*whole_answer=*/true);
    EXPECT_EQ(wire.bytes.rfind("HTTP/1.1 503", 0), 0u);
    closing += wire.bytes.find("Connection: close") != std::string::npos;
  }
  EXPECT_GT(closing, 0);
  EXPECT_LT(closing, 20);
}

TEST_F(ServerTest, LostResponseAppliesTheWriteButTheClientFails) {
  SetFaults(
      R"({"next":[{"kind":"lost_response","route":"POST /V1/order/{id}/ship"}]})");
  auto r = Ship(1);
  EXPECT_FALSE(r && r->status == 200 && !r->body.empty())
      << "the client must not see a complete answer";
  EXPECT_EQ(QtyShipped(1), 1);  // applied
  auto again = Ship(1);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 400);  // nothing left: the first one happened
}

TEST_F(ServerTest, ResetDoesNotApplyTheWrite) {
  SetFaults(R"({"next":[{"kind":"reset"}]})");
  Wire wire = SendRaw(server_->port(), RawShip(2));
  EXPECT_EQ(wire.bytes, "");
  EXPECT_TRUE(wire.reset);
  EXPECT_EQ(QtyShipped(2), 0);
  auto retry = Ship(2);
  ASSERT_TRUE(retry);
  EXPECT_EQ(retry->status, 200);
}

TEST_F(ServerTest, IntrospectionCountsRequestsAndFaults) {
  client_->Get("/rest/V1/orders/1", Auth());
  client_->Get("/rest/V1/orders/1", Auth());
  SetFaults(R"({"next":[{"kind":"error"}]})");
  auto failed = client_->Get("/rest/V1/orders/1", Auth());
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->status, 503);
  auto r = client_->Get("/_sim/requests");
  ASSERT_TRUE(r);
  auto counts = nlohmann::json::parse(r->body);
  EXPECT_EQ(counts["total"], 3);
  EXPECT_EQ(counts["by_route"]["GET /V1/orders/{id}"]["200"], 2);
  EXPECT_EQ(counts["by_route"]["GET /V1/orders/{id}"]["503"], 1);
  EXPECT_EQ(counts["faults"]["error"], 1);
}

TEST_F(ServerTest, StopIsIdempotent) {
  server_->Stop();
  server_->Stop();
  auto r = client_->Get("/rest/V1/orders/1", Auth());
  EXPECT_FALSE(r);
}

}  // namespace
}  // namespace m2drop::sim
