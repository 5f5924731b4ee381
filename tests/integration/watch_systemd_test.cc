// SPDX-License-Identifier: Apache-2.0
// `m2drop watch` under systemd's notification protocol (Type=notify,
// issue 7): the test binds the NOTIFY_SOCKET systemd would and sees
// READY=1 once the inboxes are watched, WATCHDOG=1 pings at half of
// WATCHDOG_USEC, RELOADING=1 then READY=1 around SIGHUP, and STOPPING=1 on
// SIGTERM.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "testing/notify_socket.h"
#include "testing/watch_process.h"

namespace m2drop {
namespace {

using std::chrono::seconds;

#if M2DROP_HAVE_SYSTEMD

class WatchSystemdTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The child inherits these (WATCHDOG_PID unset: any pid may ping).
    setenv("WATCHDOG_USEC", "1000000", 1);
    sim_ = testing::StartSeededSim(dir_, 1);
    ASSERT_TRUE(sim_->started());
  }
  void TearDown() override { unsetenv("WATCHDOG_USEC"); }

  // Reads messages until one equal to or starting with `wanted` arrives
  // (within `limit`), keeping all of them in seen_.
  bool AwaitMessage(const std::string& wanted, testing::WatchProcess& daemon,
                    seconds limit = seconds(10)) {
    return testing::PollUntil(
        [&] {
          while (std::optional<std::string> message = socket_.Receive()) {
            seen_.push_back(*message);
            if (message->rfind(wanted, 0) == 0) return true;
          }
          return false;
        },
        limit, {&daemon});
  }

  testing::ScopedTempDir dir_;
  testing::NotifySocket socket_{dir_.Join("notify")};
  std::unique_ptr<testing::SimProcess> sim_;
  std::vector<std::string> seen_;
};

TEST_F(WatchSystemdTest, ReadyWatchdogReloadAndStopping) {
  testing::WatchProcess daemon(
      testing::WatchConfigToml(dir_, sim_->base_url(), {}));
  ASSERT_TRUE(AwaitMessage("READY=1", daemon)) << daemon.log();
  EXPECT_NE(seen_.back().find("STATUS=watching 1 profiles"), std::string::npos)
      << seen_.back();
  ASSERT_TRUE(AwaitMessage("WATCHDOG=1", daemon)) << daemon.log();
  ASSERT_TRUE(AwaitMessage("WATCHDOG=1", daemon)) << "pings keep coming";

  daemon.child().Signal(SIGHUP);
  ASSERT_TRUE(AwaitMessage("RELOADING=1", daemon)) << daemon.log();
  ASSERT_TRUE(AwaitMessage("READY=1", daemon)) << daemon.log();

  daemon.child().Signal(SIGTERM);
  ASSERT_TRUE(AwaitMessage("STOPPING=1", daemon)) << daemon.log();
  EXPECT_EQ(daemon.child().Wait(seconds(10)).exit_code, 0);
}

#endif  // M2DROP_HAVE_SYSTEMD

}  // namespace
}  // namespace m2drop
