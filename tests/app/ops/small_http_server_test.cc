// SPDX-License-Identifier: Apache-2.0
// SmallHttpServer on a loopback ephemeral port, driven by raw sockets that
// behave as hostile clients do (issue 17): connections that send a header
// a byte at a time and never finish, requests with megabytes of headers,
// clients that never send anything. Every socket read in these tests has a
// receive timeout, so nothing waits for ever.
#include "m2drop/app/ops/small_http_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <string>
#include <vector>

#include "testing/status_matchers.h"

namespace m2drop::app {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// A blocking client socket whose reads give up after `read_timeout`.
class RawClient {
 public:
  RawClient(int port, milliseconds read_timeout = seconds(5)) {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    EXPECT_GE(fd_, 0);
    timeval tv{static_cast<time_t>(read_timeout.count() / 1000),
               static_cast<suseconds_t>(read_timeout.count() % 1000 * 1000)};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ =
        connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    EXPECT_TRUE(connected_) << std::strerror(errno);
  }
  ~RawClient() {
    if (fd_ >= 0) close(fd_);
  }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  // Sends `text`; false once the server closed or reset the connection.
  bool Send(std::string_view text) {
    while (!text.empty()) {
      ssize_t n = send(fd_, text.data(), text.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      text.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  // Everything until the server closes (or the read timeout, or a reset).
  std::string ReadToEnd() {
    std::string all;
    char buf[4096];
    for (;;) {
      ssize_t n = recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) return all;
      all.append(buf, static_cast<size_t>(n));
    }
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

class SmallHttpServerTest : public ::testing::Test {
 protected:
  void Start(SmallHttpServerOptions options = {}) {
    auto server = SmallHttpServer::Start(
        "127.0.0.1", 0, options,
        [](std::string_view path) {
          return HttpAnswer{200, "text/plain", "path " + std::string(path)};
        },
        clock_);
    ASSERT_OK(server);
    server_ = std::move(*server);
  }

  // A whole GET of `path` on a new connection: the raw answer.
  std::string Get(const std::string& path) {
    RawClient client(server_->port());
    EXPECT_TRUE(client.Send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n"));
    return client.ReadToEnd();
  }

  RealClock clock_;
  std::unique_ptr<SmallHttpServer> server_;
};

TEST_F(SmallHttpServerTest, AnswersAGetAndClosesTheConnection) {
  Start();
  const std::string answer = Get("/metrics?x=1");
  EXPECT_EQ(answer.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << answer;
  EXPECT_NE(answer.find("Content-Length: 13\r\n"), std::string::npos);
  EXPECT_NE(answer.find("Connection: close\r\n"), std::string::npos);
  EXPECT_EQ(answer.substr(answer.size() - 13), "path /metrics");
}

TEST_F(SmallHttpServerTest, OtherMethodsAndGarbageAreRefused) {
  Start();
  {
    RawClient client(server_->port());
    ASSERT_TRUE(client.Send("POST /metrics HTTP/1.1\r\n\r\n"));
    EXPECT_EQ(client.ReadToEnd().rfind("HTTP/1.1 405 ", 0), 0u);
  }
  RawClient client(server_->port());
  ASSERT_TRUE(client.Send("\x16\x03\x01 hello\n\n"));
  EXPECT_EQ(client.ReadToEnd().rfind("HTTP/1.1 400 ", 0), 0u);
}

// Issue 17: 400 MB of request headers were accepted (RSS 17 -> 643 MB).
// The server answers 431 once the headers pass max_request_bytes, and cuts
// off a client that goes on sending.
TEST_F(SmallHttpServerTest, HugeHeadersAreCutOffWith431) {
  Start({.max_connections = 16,
         .max_request_bytes = 8 * 1024,
         .request_timeout = seconds(5)});
  RawClient client(server_->port());
  ASSERT_TRUE(client.Send("GET /metrics HTTP/1.1\r\n"));
  const std::string header = "X-Filler: " + std::string(1000, 'a') + "\r\n";
  size_t sent = 0;
  while (sent < (size_t{64} << 20) && client.Send(header)) {
    sent += header.size();
  }
  // Cut off after 8 KiB of headers and 64 KiB more; the kernel's socket
  // buffers take a few MB at most.
  EXPECT_LT(sent, size_t{16} << 20);
  EXPECT_EQ(client.ReadToEnd().rfind("HTTP/1.1 431 ", 0), 0u);
}

// Issue 17: a client that connects and says nothing is dropped at the
// deadline instead of holding its slot.
TEST_F(SmallHttpServerTest, ASilentClientIsDroppedAtTheDeadline) {
  Start({.max_connections = 16,
         .max_request_bytes = 8 * 1024,
         .request_timeout = milliseconds(200)});
  RawClient silent(server_->port(), seconds(10));
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(silent.ReadToEnd(), "");  // closed by the server
  EXPECT_LT(std::chrono::steady_clock::now() - started, seconds(5));
}

// Issue 17: slow clients held every worker of the old server, so /healthz
// timed out. Here they hold at most max_connections slots, and a new
// connection pushes the oldest out.
TEST_F(SmallHttpServerTest, SlowClientsCannotStarveANewRequest) {
  Start({.max_connections = 4,
         .max_request_bytes = 8 * 1024,
         .request_timeout = seconds(30)});
  std::vector<std::unique_ptr<RawClient>> slow;
  for (int i = 0; i < 32; ++i) {
    slow.push_back(std::make_unique<RawClient>(server_->port()));
    (void)slow.back()->Send("GET /healthz HTTP/1.1\r\nX-Slow: a");
  }
  EXPECT_EQ(Get("/healthz").rfind("HTTP/1.1 200 OK\r\n", 0), 0u);
}

// Issue 17: SIGTERM waited 23 s for slow clients. Stop() does not wait
// for any.
TEST_F(SmallHttpServerTest, StopDoesNotWaitForClients) {
  Start({.max_connections = 16,
         .max_request_bytes = 8 * 1024,
         .request_timeout = seconds(60)});
  std::vector<std::unique_ptr<RawClient>> slow;
  for (int i = 0; i < 16; ++i) {
    slow.push_back(std::make_unique<RawClient>(server_->port()));
    (void)slow.back()->Send("GET /healthz HTTP/1.1\r\nX-Slow: a");
  }
  EXPECT_EQ(Get("/healthz").rfind("HTTP/1.1 200", 0), 0u);
  const auto started = std::chrono::steady_clock::now();
  server_->Stop();
  server_->Stop();  // idempotent
  EXPECT_LT(std::chrono::steady_clock::now() - started, seconds(2));
  EXPECT_EQ(slow.front()->ReadToEnd(), "");  // dropped, not answered
}

TEST_F(SmallHttpServerTest, AnAddressInUseIsUnavailable) {
  Start();
  auto second = SmallHttpServer::Start(
      "127.0.0.1", static_cast<uint16_t>(server_->port()), {}, nullptr, clock_);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kUnavailable);
}

}  // namespace
}  // namespace m2drop::app
