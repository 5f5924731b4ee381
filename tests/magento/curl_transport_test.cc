// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/curl_transport.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "testing/status_matchers.h"

namespace m2drop::magento {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// A cpp-httplib server on 127.0.0.1, an ephemeral port, for one test.
class CurlTransportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_OK(GlobalInitCurl()); }

  void SetUp() override {
    server_.Get("/echo",
                [](const httplib::Request& req, httplib::Response& res) {
                  res.status = 201;
                  res.set_header("X-Reply", "yes");
                  res.set_content("GET " + req.get_header_value("X-Test") +
                                      " " + req.get_header_value("User-Agent") +
                                      " " + req.get_param_value("q"),
                                  "text/plain");
                });
    auto echo_body = [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(req.method + " " + req.get_header_value("Content-Type") +
                          " " + req.body,
                      "application/json");
    };
    server_.Post("/echo", echo_body);
    server_.Put("/echo", echo_body);
    server_.Delete("/echo", echo_body);
    server_.Get("/status/503",
                [](const httplib::Request&, httplib::Response& res) {
                  res.status = 503;
                  res.set_header("Retry-After", "7");
                  res.set_content(R"({"message":"down"})", "application/json");
                });
    server_.Get("/big", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(4096, 'x'), "text/plain");
    });
    server_.Get("/slow",
                [this](const httplib::Request&, httplib::Response& res) {
                  std::unique_lock lock(mu_);
                  cv_.wait_for(lock, seconds(10), [this] { return released_; });
                  res.set_content("late", "text/plain");
                });
    port_ = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }

  void TearDown() override {
    Release();
    auto deadline = std::chrono::steady_clock::now() + seconds(10);
    while (!server_.is_running() &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::yield();
    }
    server_.stop();
    thread_.join();
  }

  void Release() {
    {
      std::lock_guard lock(mu_);
      released_ = true;
    }
    cv_.notify_all();
  }

  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

  std::unique_ptr<CurlTransport> Transport(CurlOptions options = {}) {
    auto transport = CurlTransport::Create(options);
    EXPECT_OK(transport);
    return transport.ok() ? std::move(*transport) : nullptr;
  }

  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool released_ = false;
};

TEST_F(CurlTransportTest, ReturnsStatusHeadersAndBody) {
  auto transport = Transport();
  HttpRequest request{.method = "GET",
                      .url = Url("/echo?q=a%20b"),
                      .headers = {{"X-Test", "hello"}},
                      .body = ""};
  auto response = transport->Send(request, nullptr);
  ASSERT_OK(response);
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(response->Header("x-reply"), "yes");
  // "GET <X-Test> <User-Agent> <q>"; the version comes from CMake's project().
  const std::string prefix = "GET hello m2drop/";
  ASSERT_EQ(response->body.rfind(prefix, 0), 0u) << response->body;
  ASSERT_GE(response->body.size(), prefix.size() + 4);
  EXPECT_EQ(response->body.substr(response->body.size() - 4), " a b");
  std::string version = response->body.substr(
      prefix.size(), response->body.size() - 4 - prefix.size());
  EXPECT_FALSE(version.empty());
  EXPECT_EQ(version.find_first_not_of("0123456789."), std::string::npos)
      << version;
}

TEST_F(CurlTransportTest, SendsBodiesWithEveryMethod) {
  auto transport = Transport();
  for (std::string method : {"POST", "PUT", "DELETE"}) {
    HttpRequest request{.method = method,
                        .url = Url("/echo"),
                        .headers = {{"Content-Type", "application/json"}},
                        .body = R"({"a":1})"};
    auto response = transport->Send(request, nullptr);
    ASSERT_OK(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, method + R"( application/json {"a":1})");
  }
}

TEST_F(CurlTransportTest, ErrorStatusesAreResponsesNotFailures) {
  auto transport = Transport();
  auto response = transport->Send(
      {.method = "GET", .url = Url("/status/503"), .headers = {}, .body = ""},
      nullptr);
  ASSERT_OK(response);
  EXPECT_EQ(response->status, 503);
  EXPECT_EQ(response->Header("Retry-After"), "7");
  EXPECT_EQ(response->body, R"({"message":"down"})");
}

TEST_F(CurlTransportTest, TimeoutIsUnavailable) {
  CurlOptions options;
  options.timeout = milliseconds(200);
  auto transport = Transport(options);
  auto response = transport->Send({.method = "GET",
                                   .url = Url("/slow?token=QUERY-SECRET"),
                                   .headers = {},
                                   .body = ""},
                                  nullptr);
  Release();
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(response.status().message().find("Timeout"), std::string::npos)
      << response.status();
  EXPECT_EQ(response.status().message().find("QUERY-SECRET"),
            std::string::npos);
}

TEST_F(CurlTransportTest, ConnectionRefusedIsUnavailable) {
  // A bound socket that does not listen: connecting to it is refused.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  std::string url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) +
                    "/rest/V1/orders?searchCriteria=QUERY-SECRET";
  auto transport = Transport();
  auto response =
      transport->Send({.method = "GET",
                       .url = url,
                       .headers = {{"Authorization", "Bearer HEADER-SECRET"}},
                       .body = ""},
                      nullptr);
  close(fd);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(response.status().message().find("onnect"), std::string::npos)
      << response.status();
  EXPECT_EQ(response.status().message().find("QUERY-SECRET"),
            std::string::npos);
  EXPECT_EQ(response.status().message().find("HEADER-SECRET"),
            std::string::npos);
}

TEST_F(CurlTransportTest, BodiesBeyondTheCapFail) {
  CurlOptions options;
  options.max_body_bytes = 1024;
  auto transport = Transport(options);
  auto response = transport->Send(
      {.method = "GET", .url = Url("/big"), .headers = {}, .body = ""},
      nullptr);
  EXPECT_EQ(response.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(response.status().message().find("larger than 1024 bytes"),
            std::string::npos);
}

TEST_F(CurlTransportTest, ServesConcurrentCallersWithSeparateHandles) {
  auto transport = Transport();
  std::atomic<int> ok = 0;
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < 10; ++i) {
          auto r = transport->Send(
              {.method = "GET", .url = Url("/echo"), .headers = {}, .body = ""},
              nullptr);
          if (r.ok() && r->status == 201) ++ok;
        }
      });
    }
  }
  EXPECT_EQ(ok.load(), 40);
}

// A one-connection-at-a-time HTTP/1.1 server on raw sockets, for what
// httplib cannot do: answer the first request on a connection and keep it
// alive, then read the second request whole (the shop applies it) and close
// the connection before any byte of its answer, or reset it. It counts the
// requests that reached it, per method.
class LosingServer {
 public:
  enum class Loss { kFin, kReset };

  explicit LosingServer(Loss loss) : loss_(loss) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    listen(listen_fd_, 8);
    thread_ = std::jthread([this](std::stop_token stop) { Serve(stop); });
  }
  ~LosingServer() {
    thread_.request_stop();
    shutdown(listen_fd_, SHUT_RDWR);
    thread_.join();
    close(listen_fd_);
  }

  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int received(const std::string& method) {
    std::lock_guard lock(mu_);
    return received_[method];
  }

 private:
  void Serve(std::stop_token stop) {
    for (int connections = 0; !stop.stop_requested() && connections < 16;
         ++connections) {
      int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) return;
      // The first request of each connection is answered and kept alive;
      // the second is received, counted, and its answer lost.
      for (int n = 0; n < 2; ++n) {
        std::string method;
        if (!ReadRequest(fd, &method)) break;
        {
          std::lock_guard lock(mu_);
          ++received_[method];
        }
        if (n == 0) {
          std::string answer =
              "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
              "Content-Type: application/json\r\n\r\n{}";
          if (write(fd, answer.data(), answer.size()) < 0) break;
          continue;
        }
        if (loss_ == Loss::kReset) {
          linger l{1, 0};
          setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
        }
      }
      close(fd);
    }
  }

  // Reads one request (headers and a Content-Length body); false on EOF.
  static bool ReadRequest(int fd, std::string* method) {
    std::string data;
    char buffer[4096];
    size_t header_end = std::string::npos;
    size_t body_length = 0;
    for (int reads = 0; reads < 1000; ++reads) {
      if (header_end == std::string::npos &&
          (header_end = data.find("\r\n\r\n")) != std::string::npos) {
        *method = data.substr(0, data.find(' '));
        size_t at = data.find("Content-Length: ");
        if (at != std::string::npos && at < header_end) {
          body_length = std::stoul(data.substr(at + 16));
        }
      }
      if (header_end != std::string::npos &&
          data.size() >= header_end + 4 + body_length) {
        return true;
      }
      ssize_t n = read(fd, buffer, sizeof buffer);
      if (n <= 0) return false;
      data.append(buffer, static_cast<size_t>(n));
    }
    return false;
  }

  const Loss loss_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::mutex mu_;
  std::map<std::string, int> received_;
  std::jthread thread_;
};

class CurlTransportLostAnswerTest
    : public ::testing::TestWithParam<LosingServer::Loss> {
 protected:
  static void SetUpTestSuite() { ASSERT_OK(GlobalInitCurl()); }
};

// The write reaches the shop once; libcurl's own resend on a fresh
// connection (which it makes for POST too when a reused connection dies
// without an answer) is refused, and the caller learns it got no answer.
TEST_P(CurlTransportLostAnswerTest, AnAtMostOnceWriteIsNeverResent) {
  LosingServer server(GetParam());
  auto transport = CurlTransport::Create({});
  ASSERT_OK(transport);
  SendStats stats;
  ASSERT_OK((*transport)
                ->Send({.method = "GET",
                        .url = server.Url("/a"),
                        .headers = {},
                        .body = ""},
                       &stats));
  EXPECT_EQ(stats.requests_sent, 1);
  HttpRequest write{.method = "POST",
                    .url = server.Url("/V1/order/1/ship"),
                    .headers = {{"Content-Type", "application/json"}},
                    .body = R"({"notify":true})",
                    .at_most_once = true};
  auto answer = (*transport)->Send(write, &stats);
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(answer.status().message().find("not sent again"), std::string::npos)
      << answer.status();
  EXPECT_EQ(stats.requests_sent, 1);
  EXPECT_EQ(server.received("POST"), 1);
}

// The same loss for a request that may be repeated: libcurl resends it on a
// fresh connection, and the count says so (api_calls counts every request
// that left the process).
TEST_P(CurlTransportLostAnswerTest, AResendOfARepeatableRequestIsCounted) {
  LosingServer server(GetParam());
  auto transport = CurlTransport::Create({});
  ASSERT_OK(transport);
  SendStats stats;
  ASSERT_OK((*transport)
                ->Send({.method = "GET",
                        .url = server.Url("/a"),
                        .headers = {},
                        .body = ""},
                       &stats));
  HttpRequest put{.method = "PUT",
                  .url = server.Url("/V1/products/a/stockItems/1"),
                  .headers = {{"Content-Type", "application/json"}},
                  .body = R"({"stockItem":{"qty":1}})"};
  auto answer = (*transport)->Send(put, &stats);
  ASSERT_OK(answer);
  EXPECT_EQ(stats.requests_sent, 2);
  EXPECT_EQ(server.received("PUT"), 2);
}

INSTANTIATE_TEST_SUITE_P(FinAndReset, CurlTransportLostAnswerTest,
                         ::testing::Values(LosingServer::Loss::kFin,
                                           LosingServer::Loss::kReset),
                         [](const auto& info) {
                           return info.param == LosingServer::Loss::kFin
                                      ? std::string("Fin")
                                      : std::string("Reset");
                         });

TEST(CurlTransportCreateTest, RefusesBadOptions) {
  CurlOptions zero;
  zero.timeout = Duration::zero();
  EXPECT_EQ(CurlTransport::Create(zero).status().code(),
            StatusCode::kInvalidInput);
  CurlOptions missing_ca;
  missing_ca.ca_file = "/nonexistent/ca.pem";
  EXPECT_EQ(CurlTransport::Create(missing_ca).status().code(),
            StatusCode::kInvalidInput);
}

}  // namespace
}  // namespace m2drop::magento
