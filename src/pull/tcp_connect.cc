// SPDX-License-Identifier: Apache-2.0
#include "tcp_connect.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "m2drop/config/units.h"

namespace m2drop::pull::internal {
namespace {

struct AddrInfoDeleter {
  void operator()(addrinfo* a) const { freeaddrinfo(a); }
};

std::string Where(const std::string& host, int port) {
  return (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
         std::to_string(port);
}

// Waits for a non-blocking connect on `fd` to finish; 0 or an errno
// (ETIMEDOUT at the deadline, ECANCELED on a stop).
int AwaitConnect(int fd, int wake_fd, SteadyTime deadline, const Clock& clock) {
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - clock.Now());
    if (left.count() <= 0) return ETIMEDOUT;
    pollfd fds[2] = {{fd, POLLOUT, 0}, {wake_fd, POLLIN, 0}};
    const int n = ::poll(fds, 2, static_cast<int>(left.count()));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    if (fds[1].revents != 0) return ECANCELED;
    if (fds[0].revents == 0) continue;
    int err = 0;
    socklen_t len = sizeof err;
    if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) return errno;
    return err;
  }
}

// One attempt on one address: the connected socket, or -errno.
int TryAddress(const addrinfo& a, int wake_fd, SteadyTime deadline,
               const Clock& clock) {
  const int fd = ::socket(
      a.ai_family, a.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a.ai_protocol);
  if (fd < 0) return -errno;
  int err = 0;
  if (::connect(fd, a.ai_addr, a.ai_addrlen) != 0) {
    err = errno == EINPROGRESS ? AwaitConnect(fd, wake_fd, deadline, clock)
                               : errno;
  }
  if (err != 0) {
    ::close(fd);
    return -err;
  }
  // libssh expects a blocking socket (it polls before each read).
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

}  // namespace

Result<int> ConnectTcp(const std::string& host, int port,
                       std::chrono::milliseconds timeout, std::stop_token stop,
                       const Clock& clock) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found);
      rc != 0) {
    return Status::Unavailable("cannot find the address of " + host + ": " +
                               ::gai_strerror(rc));
  }
  std::unique_ptr<addrinfo, AddrInfoDeleter> addresses(found);
  const int wake_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd < 0) return Status::Internal(std::strerror(errno));
  std::stop_callback wake(stop, [wake_fd] {
    const uint64_t one = 1;
    (void)!::write(wake_fd, &one, sizeof one);
  });
  const SteadyTime deadline = clock.Now() + timeout;
  int err = ETIMEDOUT;
  for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
    const int fd = TryAddress(*a, wake_fd, deadline, clock);
    if (fd >= 0) {
      ::close(wake_fd);
      return fd;
    }
    err = -fd;
    if (err == ECANCELED || err == ETIMEDOUT) break;
  }
  ::close(wake_fd);
  if (err == ECANCELED) return Status::Cancelled("stopping");
  if (err == ETIMEDOUT) {
    return Status::Unavailable("no answer from " + Where(host, port) +
                               " within " + config::FormatDuration(timeout));
  }
  return Status::Unavailable("cannot connect to " + Where(host, port) + ": " +
                             std::strerror(err));
}

}  // namespace m2drop::pull::internal
