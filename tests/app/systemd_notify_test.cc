// SPDX-License-Identifier: Apache-2.0
// sd_notify through a datagram socket the test binds, as systemd would.
#include "m2drop/app/systemd_notify.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "testing/temp_dir.h"

namespace m2drop::app {
namespace {

#if M2DROP_HAVE_SYSTEMD

class SystemdNotifyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    ASSERT_GE(fd_, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    const std::string path = dir_.Join("notify");
    ASSERT_LT(path.size(), sizeof addr.sun_path);
    std::strcpy(addr.sun_path, path.c_str());
    ASSERT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    timeval timeout{5, 0};  // a missing message fails instead of hanging
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    setenv("NOTIFY_SOCKET", path.c_str(), 1);
  }
  void TearDown() override {
    unsetenv("NOTIFY_SOCKET");
    unsetenv("WATCHDOG_USEC");
    unsetenv("WATCHDOG_PID");
    close(fd_);
  }
  std::string Receive() {
    char buffer[512];
    ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
    return n < 0 ? "" : std::string(buffer, static_cast<size_t>(n));
  }

  testing::ScopedTempDir dir_;
  int fd_ = -1;
};

TEST_F(SystemdNotifyTest, SendsTheStatesSystemdWaitsFor) {
  NotifyReady("watching 2 profiles\nsecond line");
  EXPECT_EQ(Receive(), "READY=1\nSTATUS=watching 2 profiles second line");
  NotifyReloading();
  EXPECT_EQ(Receive(), "RELOADING=1");
  NotifyStatus("3 files waiting");
  EXPECT_EQ(Receive(), "STATUS=3 files waiting");
  NotifyWatchdog();
  EXPECT_EQ(Receive(), "WATCHDOG=1");
  NotifyStopping();
  EXPECT_EQ(Receive(), "STOPPING=1");
}

TEST_F(SystemdNotifyTest, WatchdogIntervalIsReadForThisProcessOnly) {
  EXPECT_FALSE(WatchdogInterval().has_value());
  setenv("WATCHDOG_USEC", "30000000", 1);
  setenv("WATCHDOG_PID", std::to_string(getpid()).c_str(), 1);
  EXPECT_EQ(WatchdogInterval(), std::chrono::seconds(30));
  setenv("WATCHDOG_PID", std::to_string(getpid() + 1).c_str(), 1);
  EXPECT_FALSE(WatchdogInterval().has_value());
}

#endif  // M2DROP_HAVE_SYSTEMD

TEST(SystemdNotifyOutsideSystemdTest, EveryCallIsANoOp) {
  unsetenv("NOTIFY_SOCKET");
  unsetenv("WATCHDOG_USEC");
  NotifyReady("x");
  NotifyWatchdog();
  NotifyStopping();
  EXPECT_FALSE(WatchdogInterval().has_value());
}

}  // namespace
}  // namespace m2drop::app
