// SPDX-License-Identifier: Apache-2.0
// ClosedLoopbackPort(): a loopback port nothing listens on, for test
// servers (the simulator, sshd) and for "nobody is listening" cases.
// Header-only.
#ifndef M2DROP_TESTING_LOOPBACK_PORT_H_
#define M2DROP_TESTING_LOOPBACK_PORT_H_

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace m2drop::testing {

// A loopback port nothing listens on: bound once to learn a free number,
// then closed (another process could take it meanwhile, which is unlikely
// enough for a test).
inline int ClosedLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  EXPECT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  EXPECT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace m2drop::testing

#endif  // M2DROP_TESTING_LOOPBACK_PORT_H_
