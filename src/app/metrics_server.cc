// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/metrics_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <chrono>

#include "m2drop/config/validation.h"

namespace m2drop::app {

Readiness DaemonReadiness(bool watching, magento::BreakerState breaker) {
  if (!watching) return {false, "not ready: not watching the inboxes yet"};
  if (breaker == magento::BreakerState::kOpen) {
    return {false,
            "not ready: circuit breaker open (Magento unreachable or "
            "failing; requests wait for it to recover)"};
  }
  return {true, ""};
}

MetricsServer::MetricsServer(std::string host, Handlers handlers)
    : host_(std::move(host)),
      handlers_(std::move(handlers)),
      server_(std::make_unique<httplib::Server>()) {}

Result<std::unique_ptr<MetricsServer>> MetricsServer::Start(
    const std::string& listen, Handlers handlers) {
  M2DROP_ASSIGN_OR_RETURN(config::HostPort address,
                          config::ParseHostPort(listen));
  std::unique_ptr<MetricsServer> s(
      new MetricsServer(address.host, std::move(handlers)));
  httplib::Server& server = *s->server_;
  // httplib's default adds SO_REUSEPORT, with which a second daemon would
  // bind the same port and take half the scrapes: SO_REUSEADDR only.
  server.set_socket_options([](int fd) {
    const int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  // One request per connection: a scraper holding a kept-alive connection
  // would hold Stop() (and so the daemon's shutdown) for httplib's 5 s
  // keep-alive timeout; a scrape every few seconds does not need it.
  server.set_keep_alive_max_count(1);
  MetricsServer* self = s.get();
  server.Get("/metrics", [self](const httplib::Request&,
                                httplib::Response& res) {
    res.set_content(self->handlers_.metrics ? self->handlers_.metrics() : "",
                    "text/plain; version=0.0.4; charset=utf-8");
  });
  server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok\n", "text/plain");
  });
  server.Get(
      "/readyz", [self](const httplib::Request&, httplib::Response& res) {
        const Readiness r = self->handlers_.ready ? self->handlers_.ready()
                                                  : Readiness{true, ""};
        res.status = r.ready ? 200 : 503;
        res.set_content((r.ready ? "ready\n" : r.reason + "\n") + r.detail,
                        "text/plain");
      });
  const int port =
      address.port == 0
          ? server.bind_to_any_port(address.host)
          : (server.bind_to_port(address.host, address.port) ? address.port
                                                             : -1);
  if (port <= 0) {
    return Status::Unavailable("metrics_listen " + listen +
                               ": cannot listen there (address in use, or "
                               "not an address of this machine)");
  }
  s->port_ = port;
  s->thread_ = std::thread([self] { self->server_->listen_after_bind(); });
  // httplib's stop() does nothing before the loop runs, so a Stop() right
  // after Start() would wait for ever: return once it runs (bounded).
  for (int i = 0; i < 5000 && !server.is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return s;
}

MetricsServer::~MetricsServer() { Stop(); }

void MetricsServer::Stop() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

std::string MetricsServer::url() const {
  const bool v6 = host_.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + host_ + "]" : host_) + ":" +
         std::to_string(port_);
}

}  // namespace m2drop::app
