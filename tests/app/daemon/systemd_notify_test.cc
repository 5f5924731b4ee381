// SPDX-License-Identifier: Apache-2.0
// sd_notify through a datagram socket the test binds, as systemd would.
#include "m2drop/app/daemon/systemd_notify.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "testing/notify_socket.h"
#include "testing/temp_dir.h"

namespace m2drop::app {
namespace {

#if M2DROP_HAVE_SYSTEMD

class SystemdNotifyTest : public ::testing::Test {
 protected:
  void TearDown() override {
    unsetenv("WATCHDOG_USEC");
    unsetenv("WATCHDOG_PID");
  }
  // sd_notify's datagram is queued before the call returns.
  std::string Receive() { return socket_.Receive().value_or(""); }

  testing::ScopedTempDir dir_;
  testing::NotifySocket socket_{dir_.Join("notify")};
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
