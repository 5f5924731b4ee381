// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/ops/small_http_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <exception>

namespace m2drop::app {
namespace {

// Connections accepted per loop turn, so a flood cannot keep the loop from
// serving the ones it has.
constexpr int kMaxAcceptsPerTurn = 64;
constexpr int kMaxPollWaitMs = 1'000;
constexpr std::chrono::milliseconds kAcceptPause{100};
// What a client may still send after its answer before it is cut off (a GET
// has no body: only a client that keeps sending gets there).
constexpr size_t kMaxDrainBytes = 64 * 1024;

std::string_view Reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 431:
      return "Request Header Fields Too Large";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

// Where the request's head ends (after its blank line: LF LF or LF CR LF),
// or npos while it has not ended.
size_t HeadEnd(std::string_view in) {
  for (size_t i = in.find('\n'); i != std::string_view::npos;
       i = in.find('\n', i + 1)) {
    if (i + 1 < in.size() && in[i + 1] == '\n') return i + 2;
    if (i + 2 < in.size() && in[i + 1] == '\r' && in[i + 2] == '\n') {
      return i + 3;
    }
  }
  return std::string_view::npos;
}

Result<int> BindAndListen(const std::string& host, uint16_t port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &found);
      rc != 0) {
    return Status::Unavailable(gai_strerror(rc));
  }
  int err = 0;
  int fd = -1;
  for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                a->ai_protocol);
    if (fd < 0) {
      err = errno;
      continue;
    }
    // SO_REUSEADDR only: with SO_REUSEPORT a second daemon would bind the
    // same port and take half the scrapes.
    const int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (bind(fd, a->ai_addr, a->ai_addrlen) != 0 || listen(fd, 64) != 0) {
      err = errno;
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(found);
  if (fd < 0) return Status::Unavailable(std::strerror(err));
  return fd;
}

int BoundPort(int fd) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    return 0;
  }
  if (addr.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port);
  }
  return ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
}

}  // namespace

struct SmallHttpServer::Connection {
  enum class Phase { kReading, kWriting, kDraining, kClosed };

  explicit Connection(int fd_in) : fd(fd_in) {}
  ~Connection() { close(fd); }

  const int fd;
  Phase phase = Phase::kReading;
  SteadyTime deadline;
  std::string in;   // the request so far (at most max_request_bytes + 4 KiB)
  std::string out;  // the answer
  size_t sent = 0;
  size_t drained = 0;  // bytes read and dropped after the answer
};

SmallHttpServer::SmallHttpServer(SmallHttpServerOptions options,
                                 HttpHandler handler, const Clock& clock)
    : options_(options), handler_(std::move(handler)), clock_(clock) {}

Result<std::unique_ptr<SmallHttpServer>> SmallHttpServer::Start(
    const std::string& host, uint16_t port, SmallHttpServerOptions options,
    HttpHandler handler, const Clock& clock) {
  std::unique_ptr<SmallHttpServer> s(
      new SmallHttpServer(options, std::move(handler), clock));
  M2DROP_ASSIGN_OR_RETURN(s->listen_fd_, BindAndListen(host, port));
  s->port_ = BoundPort(s->listen_fd_);
  int wake[2];
  if (pipe2(wake, O_NONBLOCK | O_CLOEXEC) != 0) {
    return Status::Internal(std::string("cannot make a pipe: ") +
                            std::strerror(errno));
  }
  s->wake_read_ = wake[0];
  s->wake_write_ = wake[1];
  s->thread_ = std::thread([server = s.get()] {
    try {
      server->Run();
    } catch (const std::exception& e) {
      spdlog::error("metrics endpoint stopped: {}", e.what());
    }
  });
  return s;
}

SmallHttpServer::~SmallHttpServer() {
  Stop();
  for (int fd : {listen_fd_, wake_read_, wake_write_}) {
    if (fd >= 0) close(fd);
  }
}

void SmallHttpServer::Stop() {
  if (!thread_.joinable()) return;
  const char byte = 1;
  (void)!write(wake_write_, &byte, 1);
  thread_.join();
  connections_.clear();  // closes every client
}

int SmallHttpServer::PollTimeoutMs() const {
  const SteadyTime now = clock_.Now();
  SteadyTime until = now + std::chrono::milliseconds(kMaxPollWaitMs);
  if (accept_paused_until_ > now) until = std::min(until, accept_paused_until_);
  for (const auto& c : connections_) until = std::min(until, c->deadline);
  const auto wait = std::chrono::ceil<std::chrono::milliseconds>(until - now);
  return static_cast<int>(std::max<int64_t>(wait.count(), 0));
}

void SmallHttpServer::Run() {
  std::vector<pollfd> fds;
  for (;;) {
    const bool accepting = clock_.Now() >= accept_paused_until_;
    fds.assign(
        {{wake_read_, POLLIN, 0}, {accepting ? listen_fd_ : -1, POLLIN, 0}});
    for (const auto& c : connections_) {
      fds.push_back(
          {c->fd,
           static_cast<short>(c->phase == Connection::Phase::kWriting ? POLLOUT
                                                                      : POLLIN),
           0});
    }
    if (poll(fds.data(), fds.size(), PollTimeoutMs()) < 0 && errno != EINTR) {
      return;  // only EFAULT/EINVAL/ENOMEM: nothing left to serve with
    }
    if (fds[0].revents != 0) return;  // Stop()
    // Connections first: an accept below may push out the oldest.
    for (size_t i = 2; i < fds.size(); ++i) {
      Connection& c = *connections_[i - 2];
      if (fds[i].revents & POLLOUT) {
        OnWritable(c);
      } else if (fds[i].revents != 0) {
        OnReadable(c);
      }
    }
    const SteadyTime now = clock_.Now();
    std::erase_if(connections_, [now](const std::unique_ptr<Connection>& c) {
      return c->phase == Connection::Phase::kClosed || now >= c->deadline;
    });
    if (fds[1].revents != 0) AcceptAll();
  }
}

void SmallHttpServer::AcceptAll() {
  for (int i = 0; i < kMaxAcceptsPerTurn; ++i) {
    const int fd =
        accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      // Out of descriptors, the pending connection stays queued and poll
      // would report it at once, again and again: look again later.
      if (errno == EMFILE || errno == ENFILE) {
        accept_paused_until_ = clock_.Now() + kAcceptPause;
      }
      return;  // EAGAIN, or a connection that went away
    }
    if (connections_.size() >= options_.max_connections) {
      connections_.erase(connections_.begin());  // the oldest
    }
    auto c = std::make_unique<Connection>(fd);
    c->deadline = clock_.Now() + options_.request_timeout;
    connections_.push_back(std::move(c));
  }
}

void SmallHttpServer::OnReadable(Connection& c) {
  char buf[4096];
  const ssize_t n = recv(c.fd, buf, sizeof buf, 0);
  if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
    c.phase = Connection::Phase::kClosed;
    return;
  }
  if (n < 0) return;
  if (c.phase == Connection::Phase::kDraining) {
    c.drained += static_cast<size_t>(n);
    if (c.drained > kMaxDrainBytes) c.phase = Connection::Phase::kClosed;
    return;
  }
  c.in.append(buf, static_cast<size_t>(n));
  const size_t end = HeadEnd(c.in);
  if (end != std::string::npos && end <= options_.max_request_bytes) {
    Answer(c, std::string_view(c.in).substr(0, end));
  } else if (c.in.size() > options_.max_request_bytes) {
    Respond(c, 431, {431, "text/plain", "request headers too large\n"}, false);
  }
}

void SmallHttpServer::Answer(Connection& c, std::string_view head) {
  const std::string_view line = head.substr(0, head.find_first_of("\r\n"));
  const size_t sp1 = line.find(' ');
  const size_t sp2 = line.find(' ', sp1 == line.npos ? line.npos : sp1 + 1);
  if (sp1 == line.npos || sp2 == line.npos ||
      !line.substr(sp2 + 1).starts_with("HTTP/1.")) {
    return Respond(c, 400, {400, "text/plain", "bad request\n"}, false);
  }
  const std::string_view method = line.substr(0, sp1);
  if (method != "GET" && method != "HEAD") {
    return Respond(c, 405, {405, "text/plain", "GET only\n"}, false);
  }
  std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  target = target.substr(0, target.find('?'));
  const HttpAnswer answer = handler_(target);
  Respond(c, answer.status, answer, method == "HEAD");
}

void SmallHttpServer::Respond(Connection& c, int status,
                              const HttpAnswer& answer, bool head_only) {
  c.out = "HTTP/1.1 " + std::to_string(status) + " " +
          std::string(Reason(status)) +
          "\r\nContent-Type: " + answer.content_type +
          "\r\nContent-Length: " + std::to_string(answer.body.size()) +
          "\r\nConnection: close\r\n\r\n";
  if (!head_only) c.out += answer.body;
  c.in.clear();
  c.in.shrink_to_fit();
  c.phase = Connection::Phase::kWriting;
  c.deadline = clock_.Now() + options_.request_timeout;
  OnWritable(c);
}

void SmallHttpServer::OnWritable(Connection& c) {
  while (c.sent < c.out.size()) {
    const ssize_t n =
        send(c.fd, c.out.data() + c.sent, c.out.size() - c.sent, MSG_NOSIGNAL);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (n <= 0) {
      c.phase = Connection::Phase::kClosed;
      return;
    }
    c.sent += static_cast<size_t>(n);
  }
  // Half-close and read what the client still sends until it closes (or
  // the deadline): closing with unread bytes would send a reset that can
  // destroy the answer before the client reads it.
  shutdown(c.fd, SHUT_WR);
  c.out.clear();
  c.out.shrink_to_fit();
  c.phase = Connection::Phase::kDraining;
}

}  // namespace m2drop::app
