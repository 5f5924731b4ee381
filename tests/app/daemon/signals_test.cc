// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/daemon/signals.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>

#include <vector>

#include "testing/status_matchers.h"

namespace m2drop::app {
namespace {

class DaemonSignalsTest : public ::testing::Test {
 protected:
  void SetUp() override { pthread_sigmask(SIG_BLOCK, nullptr, &saved_); }
  // The test binary goes on with its signals as they were.
  void TearDown() override { pthread_sigmask(SIG_SETMASK, &saved_, nullptr); }

  sigset_t saved_;
};

TEST_F(DaemonSignalsTest, BlockedSignalsAreReadFromTheDescriptor) {
  auto signals = SignalFd::BlockAndOpen();
  ASSERT_OK(signals);
  EXPECT_TRUE((*signals)->Read().empty());
  // Blocked: no handler runs, the default action (terminate) neither.
  ASSERT_EQ(pthread_kill(pthread_self(), SIGHUP), 0);
  ASSERT_EQ(pthread_kill(pthread_self(), SIGTERM), 0);
  pollfd fd{(*signals)->fd(), POLLIN, 0};
  ASSERT_EQ(poll(&fd, 1, 0), 1);
  std::vector<int> got = (*signals)->Read();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], SIGHUP);
  EXPECT_EQ(got[1], SIGTERM);
  EXPECT_TRUE((*signals)->Read().empty());
}

}  // namespace
}  // namespace m2drop::app
