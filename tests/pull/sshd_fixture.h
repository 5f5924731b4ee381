// SPDX-License-Identifier: Apache-2.0
// SshdPullTest: the fixture of the pull tests that run a real OpenSSH
// server (testing/sshd_process.h): skipped where sshd cannot run, else the
// server started, DIR/remote/out created, and `pull_` reaching it as root
// with an authorized ed25519 key and a known_hosts that pins the server's
// ed25519 host key.
#ifndef M2DROP_TESTS_PULL_SSHD_FIXTURE_H_
#define M2DROP_TESTS_PULL_SSHD_FIXTURE_H_

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "m2drop/config/config.h"
#include "testing/sshd_process.h"
#include "testing/temp_dir.h"

namespace m2drop::pull::testing {

class SshdPullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::string why = m2drop::testing::SshdProcess::SkipReason();
        !why.empty()) {
      GTEST_SKIP() << why;
    }
    sshd_ = std::make_unique<m2drop::testing::SshdProcess>(
        dir_, /*password_logins=*/true);
    ASSERT_TRUE(sshd_->started());
    std::filesystem::create_directories(Remote());
    pull_.url =
        "sftp://root@127.0.0.1:" + std::to_string(sshd_->port()) + Remote();
    pull_.user = "root";
    pull_.host = "127.0.0.1";
    pull_.port = sshd_->port();
    pull_.dir = Remote();
    pull_.known_hosts = dir_.WriteFile("known_hosts", sshd_->KnownHostsLine());
    pull_.key_file = sshd_->AddClientKey("id_ed25519", "ed25519");
    pull_.patterns = {"*.csv"};
    pull_.every = std::chrono::milliseconds(1'000);
    pull_.timeout = std::chrono::milliseconds(5'000);
  }

  std::string Remote() const { return dir_.Join("remote/out"); }

  m2drop::testing::ScopedTempDir dir_;
  std::unique_ptr<m2drop::testing::SshdProcess> sshd_;
  config::PullConfig pull_;
};

}  // namespace m2drop::pull::testing

#endif  // M2DROP_TESTS_PULL_SSHD_FIXTURE_H_
