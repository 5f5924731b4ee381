// SPDX-License-Identifier: Apache-2.0
// NotifySocket: the AF_UNIX datagram socket systemd listens on for
// sd_notify(3) messages, bound by a test in a temp dir and named in
// NOTIFY_SOCKET for this process and the children it starts (restored on
// destruction). Receive() reads what arrived without blocking.
//
// Header-only; one per test.
#ifndef M2DROP_TESTING_NOTIFY_SOCKET_H_
#define M2DROP_TESTING_NOTIFY_SOCKET_H_

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>

namespace m2drop::testing {

class NotifySocket {
 public:
  // Binds `path` (shorter than sun_path) and sets NOTIFY_SOCKET to it.
  explicit NotifySocket(const std::string& path) {
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    EXPECT_GE(fd_, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    EXPECT_LT(path.size(), sizeof addr.sun_path) << path;
    std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0)
        << std::strerror(errno);
    setenv("NOTIFY_SOCKET", path.c_str(), 1);
  }
  ~NotifySocket() {
    unsetenv("NOTIFY_SOCKET");
    close(fd_);
  }
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;

  // The next message already received; nullopt when none is waiting.
  std::optional<std::string> Receive() {
    char buffer[512];
    ssize_t n = recv(fd_, buffer, sizeof buffer, MSG_DONTWAIT);
    if (n <= 0) return std::nullopt;
    return std::string(buffer, static_cast<size_t>(n));
  }

 private:
  int fd_ = -1;
};

}  // namespace m2drop::testing

#endif  // M2DROP_TESTING_NOTIFY_SOCKET_H_
