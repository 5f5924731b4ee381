// SPDX-License-Identifier: Apache-2.0
#include "m2drop/sim/server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stop_token>
#include <thread>

#include "m2drop/base/loopback.h"

namespace m2drop::sim {
namespace {

constexpr char kProxy503[] =
    "<html><head><title>503 Service Unavailable</title></head><body>"
    "<h1>503 Service Unavailable</h1>No server is available to handle this "
    "request.</body></html>";

Request FromHttplib(const httplib::Request& in) {
  Request out;
  out.method = in.method;
  std::string_view target = in.target.empty() ? in.path : in.target;
  out.path = std::string(target.substr(0, target.find('?')));
  for (const auto& [key, value] : in.params) out.query.emplace_back(key, value);
  for (const auto& [key, value] : in.headers)
    out.headers.emplace_back(key, value);
  out.body = in.body;
  return out;
}

void ToHttplib(const Response& in, httplib::Response& out) {
  out.status = in.status;
  for (const auto& [key, value] : in.headers) out.set_header(key, value);
  out.set_content(in.body, in.content_type);
}

// httplib writes the status line and headers, then asks the provider for the
// body; a provider that fails makes it drop the connection, so the client
// gets an incomplete response and reports an error.
void AbortAfterHeaders(httplib::Response& out, int status, size_t length) {
  out.status = status;
  out.set_content_provider(
      std::max<size_t>(length, 1), "application/json",
      [](size_t, size_t, httplib::DataSink&) { return false; });
}

// The port of a socket address, or -1.
int PortOf(const sockaddr_storage& addr) {
  if (addr.ss_family == AF_INET) {
    return ntohs(reinterpret_cast<const sockaddr_in&>(addr).sin_port);
  }
  if (addr.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<const sockaddr_in6&>(addr).sin6_port);
  }
  return -1;
}

// The server's socket of the connection `req` came on: the one whose local
// port is the request's local port and whose peer's port is its remote
// port. httplib hands handlers no socket (its process_and_close_socket is
// private), so the process's descriptors are looked through; this runs only
// when a fault cuts a connection. -1 when not found.
int ConnectionSocket(const httplib::Request& req) {
  std::error_code ec;
  for (const auto& entry :
       std::filesystem::directory_iterator("/proc/self/fd", ec)) {
    int fd = -1;
    try {
      fd = std::stoi(entry.path().filename().string());
    } catch (const std::exception&) {
      continue;
    }
    sockaddr_storage local{}, peer{};
    socklen_t local_len = sizeof local, peer_len = sizeof peer;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) !=
            0 ||
        ::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_len) != 0) {
      continue;
    }
    if (PortOf(local) == req.local_port && PortOf(peer) == req.remote_port) {
      return fd;
    }
  }
  return -1;
}

// Ends the connection `req` came on before any byte of the answer: with a
// FIN (`reset` false: a proxy timing out, a PHP worker dying) or a TCP RST
// (`reset` true: SO_LINGER 0). The socket is replaced in place by
// /dev/null, which closes the connection (this is its only descriptor), so
// httplib writes its answer into nothing and closes /dev/null afterwards.
void DropConnection(const httplib::Request& req, bool reset) {
  int sock = ConnectionSocket(req);
  if (sock < 0) {
    spdlog::warn("sim: cannot find the connection to cut; answering instead");
    return;
  }
  if (reset) {
    linger l{1, 0};
    ::setsockopt(sock, SOL_SOCKET, SO_LINGER, &l, sizeof l);
  }
  int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null_fd < 0) {
    ::shutdown(sock, SHUT_RDWR);
    return;
  }
  ::dup2(null_fd, sock);
  ::close(null_fd);
}

}  // namespace

struct Server::Impl {
  httplib::Server http;
  std::thread thread;
  std::stop_source stop;
};

bool IsLoopbackHost(std::string_view host) {
  // Parsed, not matched by prefix: "127.evil" is a name (issue 17).
  return m2drop::IsLoopbackHost(host);
}

Result<std::unique_ptr<Server>> Server::Start(
    const ServerOptions& options, std::unique_ptr<Simulator> simulator) {
  if (!IsLoopbackHost(options.host)) {
    return Status::InvalidInput(
        "the simulator binds only loopback addresses "
        "(127.0.0.1, ::1, localhost), not " +
        options.host);
  }
  if (options.port < 0 || options.port > 65535) {
    return Status::InvalidInput("port must be 0..65535, not " +
                                std::to_string(options.port));
  }
  auto impl = std::make_unique<Impl>();
  int threads = std::max(1, options.threads);
  impl->http.new_task_queue = [threads] {
    return new httplib::ThreadPool(static_cast<size_t>(threads));
  };
  // Without it, Nagle's algorithm and the client's delayed ACK hold every
  // response after the first on a kept-alive connection for ~40 ms, and
  // every import against the simulator ran at that pace whatever latency
  // was asked for.
  impl->http.set_tcp_nodelay(true);
  // httplib listens with a backlog of 5: a client opening more connections
  // at once (m2drop's parallel searches open max_in_flight) would see SYNs
  // dropped and wait out the kernel's 1 s retransmission, a delay no real
  // web server adds. The socket is kept to listen again with a real one.
  int listen_fd = -1;
  impl->http.set_socket_options([&listen_fd](int fd) {
    httplib::default_socket_options(fd);
    listen_fd = fd;
  });
  int port = options.port;
  if (port == 0) {
    port = impl->http.bind_to_any_port(options.host);
  } else if (!impl->http.bind_to_port(options.host, port)) {
    port = -1;
  }
  // The server keeps the callback: it must not keep a reference to this
  // frame's listen_fd.
  impl->http.set_socket_options(httplib::default_socket_options);
  if (port <= 0) {
    return Status::Io("cannot listen on " + options.host + ":" +
                      std::to_string(options.port) + " (port in use?)");
  }
  // On Linux, listen() on a listening socket only changes its backlog.
  if (listen_fd >= 0 && ::listen(listen_fd, SOMAXCONN) != 0) {
    spdlog::warn("sim: could not raise the listen backlog: {}",
                 std::strerror(errno));
  }
  std::unique_ptr<Server> server(
      new Server(std::move(simulator), std::move(impl), options.host, port));
  return server;
}

Server::Server(std::unique_ptr<Simulator> simulator, std::unique_ptr<Impl> impl,
               std::string host, int port)
    : simulator_(std::move(simulator)),
      impl_(std::move(impl)),
      host_(std::move(host)),
      port_(port) {
  simulator_->set_default_host(host_ + ":" + std::to_string(port_));
  auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    Request request = FromHttplib(req);
    std::string label = simulator_->RouteLabel(request);
    FaultDecision fault;
    if (!label.empty()) {
      fault = simulator_->faults().Decide(simulator_->clock().Now(), label);
    }
    if (fault.delay.count() > 0) {
      simulator_->clock().WaitFor(fault.delay, impl_->stop.get_token());
    }
    if (fault.kind != FaultKind::kNone)
      simulator_->RecordFault(label, fault.kind);
    switch (fault.kind) {
      case FaultKind::kError:
      case FaultKind::kOutage:
        res.status = 503;
        res.set_content(kProxy503, "text/html");
        // A proxy whose upstream died often closes the connection too.
        if (fault.close_connection) res.set_header("Connection", "close");
        return;
      case FaultKind::kRateLimited:
        res.status = 429;
        res.set_header("Retry-After",
                       std::to_string(fault.retry_after_seconds));
        res.set_content(R"({"message":"Too Many Requests","trace":null})",
                        "application/json");
        return;
      case FaultKind::kReset:  // refused before the shop saw it
        DropConnection(req, /*reset=*/true);
        return;
      case FaultKind::kLostBeforeBytes: {
        simulator_->Handle(request);
        DropConnection(req, /*reset=*/false);
        return;
      }
      case FaultKind::kLostReset: {
        simulator_->Handle(request);
        DropConnection(req, /*reset=*/true);
        return;
      }
      case FaultKind::kLostAfterHeaders: {
        Response applied = simulator_->Handle(request);
        AbortAfterHeaders(res, applied.status, applied.body.size());
        return;
      }
      case FaultKind::kNone:
        break;
    }
    ToHttplib(simulator_->Handle(request), res);
  };
  impl_->http.Get(".*", handler);
  impl_->http.Post(".*", handler);
  impl_->http.Put(".*", handler);
  impl_->http.Delete(".*", handler);
  impl_->http.Patch(".*", handler);
  impl_->thread = std::thread([this] {
    try {
      impl_->http.listen_after_bind();
    } catch (const std::exception& e) {
      spdlog::error("simulator server stopped: {}", e.what());
    }
  });
  // httplib's stop() is a no-op until the accept loop runs, so Stop() right
  // after Start() would hang the join; wait (bounded) for the loop. The
  // socket already listens, so no client is turned away meanwhile.
  for (int i = 0; i < 5000 && !impl_->http.is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

Server::~Server() { Stop(); }

std::string Server::base_url() const {
  bool ipv6 = host_.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + host_ + "]" : host_) + ":" +
         std::to_string(port_);
}

void Server::Stop() {
  impl_->stop.request_stop();
  impl_->http.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace m2drop::sim
