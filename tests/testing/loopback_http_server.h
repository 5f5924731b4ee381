// SPDX-License-Identifier: Apache-2.0
// LoopbackHttpServer: a cpp-httplib server on an ephemeral 127.0.0.1 port
// for tests that need a peer to behave in a given way (a webhook receiver,
// a hostile shop). The constructor takes a function that installs the
// routes, binds, starts serving and returns once the server runs (Debian's
// cpp-httplib has no wait_until_ready(): it polls is_running(), bounded,
// which also keeps stop() from racing the loop's start). The destructor
// stops and joins.
//
// Header-only; the routes run on the server's threads.
#ifndef M2DROP_TESTING_LOOPBACK_HTTP_SERVER_H_
#define M2DROP_TESTING_LOOPBACK_HTTP_SERVER_H_

#include <httplib.h>

#include <chrono>
#include <functional>
#include <string>
#include <thread>

namespace m2drop::testing {

class LoopbackHttpServer {
 public:
  explicit LoopbackHttpServer(
      const std::function<void(httplib::Server&)>& routes) {
    routes(server_);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 5000 && !server_.is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  ~LoopbackHttpServer() {
    server_.stop();
    thread_.join();
  }
  LoopbackHttpServer(const LoopbackHttpServer&) = delete;
  LoopbackHttpServer& operator=(const LoopbackHttpServer&) = delete;

  int port() const { return port_; }
  std::string base_url() const {
    return "http://127.0.0.1:" + std::to_string(port_);
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace m2drop::testing

#endif  // M2DROP_TESTING_LOOPBACK_HTTP_SERVER_H_
