// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/ops/metrics_server.h"

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
    : host_(std::move(host)), handlers_(std::move(handlers)) {}

HttpAnswer MetricsServer::Route(std::string_view path) const {
  if (path == "/metrics") {
    return {200, "text/plain; version=0.0.4; charset=utf-8",
            handlers_.metrics ? handlers_.metrics() : ""};
  }
  if (path == "/healthz") return {200, "text/plain", "ok\n"};
  if (path == "/readyz") {
    const Readiness r =
        handlers_.ready ? handlers_.ready() : Readiness{true, ""};
    return {r.ready ? 200 : 503, "text/plain",
            (r.ready ? "ready\n" : r.reason + "\n") + r.detail};
  }
  return {404, "text/plain", "not found\n"};
}

Result<std::unique_ptr<MetricsServer>> MetricsServer::Start(
    const std::string& listen, Handlers handlers, const Clock& clock) {
  M2DROP_ASSIGN_OR_RETURN(config::HostPort address,
                          config::ParseHostPort(listen));
  std::unique_ptr<MetricsServer> s(
      new MetricsServer(address.host, std::move(handlers)));
  MetricsServer* self = s.get();
  Result<std::unique_ptr<SmallHttpServer>> server = SmallHttpServer::Start(
      address.host, address.port, SmallHttpServerOptions{},
      [self](std::string_view path) { return self->Route(path); }, clock);
  if (!server.ok()) {
    return Status::Unavailable("metrics_listen " + listen +
                               ": cannot listen there (" +
                               server.status().message() +
                               "; address in use, or not an address of this "
                               "machine)");
  }
  s->server_ = std::move(*server);
  return s;
}

MetricsServer::~MetricsServer() { Stop(); }

void MetricsServer::Stop() {
  if (server_) server_->Stop();
}

int MetricsServer::port() const { return server_ ? server_->port() : 0; }

std::string MetricsServer::url() const {
  const bool v6 = host_.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + host_ + "]" : host_) + ":" +
         std::to_string(port());
}

}  // namespace m2drop::app
