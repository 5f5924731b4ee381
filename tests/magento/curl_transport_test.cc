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
  auto response = transport->Send(request);
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
    auto response = transport->Send(request);
    ASSERT_OK(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, method + R"( application/json {"a":1})");
  }
}

TEST_F(CurlTransportTest, ErrorStatusesAreResponsesNotFailures) {
  auto transport = Transport();
  auto response = transport->Send(
      {.method = "GET", .url = Url("/status/503"), .headers = {}, .body = ""});
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
                                   .body = ""});
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
                       .body = ""});
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
      {.method = "GET", .url = Url("/big"), .headers = {}, .body = ""});
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
          auto r = transport->Send({.method = "GET",
                                    .url = Url("/echo"),
                                    .headers = {},
                                    .body = ""});
          if (r.ok() && r->status == 201) ++ok;
        }
      });
    }
  }
  EXPECT_EQ(ok.load(), 40);
}

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
