// SPDX-License-Identifier: Apache-2.0
// SftpConnector (libssh) against a real OpenSSH server on loopback
// (testing/sshd_process.h): host keys, every way to log in, and the
// RemoteSession operations. Skipped where sshd cannot run (not root).
#include "m2drop/pull/sftp_remote.h"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "sshd_fixture.h"
#include "testing/sshd_process.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::pull {
namespace {

namespace stdfs = std::filesystem;
using m2drop::testing::ReadWholeFile;
using m2drop::testing::SshdProcess;
using std::chrono::milliseconds;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

class SftpRemoteTest : public testing::SshdPullTest {
 protected:
  Result<std::unique_ptr<RemoteSession>> Connect() {
    SftpConnector connector(pull_, RealClock::Instance());
    return connector.Connect(std::stop_token());
  }
  std::string ConnectError() {
    auto session = Connect();
    EXPECT_FALSE(session.ok());
    return session.ok() ? "" : session.status().message();
  }
  StatusCode ConnectCode() {
    auto session = Connect();
    return session.status().code();
  }
};

TEST_F(SftpRemoteTest, ListsReadsRemovesAndMoves) {
  dir_.WriteFile("remote/out/a.csv", "order,tracking\n1,T1\n");
  stdfs::create_directories(Remote() + "/sub");
  stdfs::create_directories(Remote() + "/done");
  struct stat st {};
  ASSERT_EQ(stat((Remote() + "/a.csv").c_str(), &st), 0);
  auto session = Connect();
  ASSERT_OK(session);
  const SessionInfo& info = (*session)->info();
  EXPECT_EQ(info.host_key, "ED25519 " + sshd_->HostKeyFingerprint("ed25519"));
  EXPECT_THAT(info.login, HasSubstr("key " + pull_.key_file + " (ED25519 "));
  EXPECT_EQ(info.dir, Remote());

  auto listing = (*session)->List();
  ASSERT_OK(listing);
  std::map<std::string, RemoteFile> by_name;
  for (const RemoteFile& f : *listing) by_name[f.name] = f;
  ASSERT_EQ(by_name.size(), 3u);  // a.csv, sub, done; no "." or ".."
  EXPECT_EQ(by_name["a.csv"],
            (RemoteFile{"a.csv", 20, st.st_mtim.tv_sec, true}));
  EXPECT_FALSE(by_name["sub"].regular);

  const std::string local = dir_.Join("local.csv");
  const int fd = open(local.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  uint64_t progressed = 0;
  EXPECT_OK((*session)->Download(by_name["a.csv"], fd,
                                 [&](uint64_t n) { progressed = n; }));
  close(fd);
  EXPECT_EQ(ReadWholeFile(local), "order,tracking\n1,T1\n");
  EXPECT_EQ(progressed, 20u);

  EXPECT_OK((*session)->MoveTo("a.csv", Remote() + "/done"));
  EXPECT_TRUE(stdfs::exists(Remote() + "/done/a.csv"));
  dir_.WriteFile("remote/out/a.csv", "again");
  Status taken = (*session)->MoveTo("a.csv", Remote() + "/done");
  EXPECT_EQ(taken.code(), StatusCode::kRejected) << taken;
  EXPECT_EQ((*session)->MoveTo("a.csv", Remote() + "/nowhere").code(),
            StatusCode::kNotFound);
  EXPECT_OK((*session)->Remove("a.csv"));
  EXPECT_FALSE(stdfs::exists(Remote() + "/a.csv"));
  EXPECT_EQ((*session)->Remove("a.csv").code(), StatusCode::kNotFound);
}

TEST_F(SftpRemoteTest, AFileChangedSinceItsListingIsRejected) {
  dir_.WriteFile("remote/out/a.csv", "12345");
  auto session = Connect();
  ASSERT_OK(session);
  auto listing = (*session)->List();
  ASSERT_OK(listing);
  dir_.WriteFile("remote/out/a.csv", "1234567");
  const int fd = open(dir_.Join("x").c_str(), O_WRONLY | O_CREAT, 0600);
  Status read = (*session)->Download((*listing)[0], fd, nullptr);
  close(fd);
  EXPECT_EQ(read.code(), StatusCode::kRejected) << read;
  EXPECT_THAT(read.message(), HasSubstr("changed while it was read"));
}

TEST_F(SftpRemoteTest, HashedKnownHostsWork) {
  ASSERT_EQ(m2drop::testing::RunProcess(
                {m2drop::testing::kSshKeygen, "-H", "-f", pull_.known_hosts})
                .exit_code,
            0);
  EXPECT_THAT(ReadWholeFile(pull_.known_hosts), HasSubstr("|1|"));
  EXPECT_OK(Connect());
}

// The server offers ed25519, ECDSA and RSA host keys; the one known_hosts
// pins is the one checked.
TEST_F(SftpRemoteTest, TheKeyTypeKnownHostsHoldsIsTheOneChecked) {
  dir_.WriteFile("known_hosts", sshd_->KnownHostsLine("rsa"));
  auto session = Connect();
  ASSERT_OK(session);
  EXPECT_EQ((*session)->info().host_key,
            "RSA " + sshd_->HostKeyFingerprint("rsa"));
}

TEST_F(SftpRemoteTest, AnUnknownHostKeyIsRefusedNamingItsFingerprint) {
  dir_.WriteFile("known_hosts", "");
  const std::string message = ConnectError();
  EXPECT_EQ(ConnectCode(), StatusCode::kUnauthenticated);
  EXPECT_THAT(
      message,
      AllOf(HasSubstr("is not in"),
            HasSubstr("the server offered the ED25519 " +
                      sshd_->HostKeyFingerprint("ed25519") + " key"),
            HasSubstr("never trusts a key on first use"),
            HasSubstr("ssh-keyscan -p " + std::to_string(sshd_->port()))));
  pull_.known_hosts = dir_.Join("no_such_known_hosts");
  EXPECT_THAT(ConnectError(),
              HasSubstr("which cannot be read: No such file or directory"));
}

TEST_F(SftpRemoteTest, AChangedHostKeyIsRefused) {
  SshdProcess::Keygen(dir_.Join("other"), "ed25519", "");
  dir_.WriteFile("known_hosts", "[127.0.0.1]:" + std::to_string(sshd_->port()) +
                                    " " +
                                    ReadWholeFile(dir_.Join("other.pub")));
  EXPECT_EQ(ConnectCode(), StatusCode::kUnauthenticated);
  EXPECT_THAT(ConnectError(),
              AllOf(HasSubstr("has CHANGED"),
                    HasSubstr("ED25519 " + sshd_->HostKeyFingerprint())));
}

TEST_F(SftpRemoteTest, RsaKeyLogsInAgainstADefaultOpenSsh9) {
  pull_.key_file = sshd_->AddClientKey("id_rsa", "rsa");
  auto session = Connect();
  ASSERT_OK(session);
  EXPECT_THAT((*session)->info().login, HasSubstr("(RSA SHA256:"));
}

TEST_F(SftpRemoteTest, KeyWithAPassphrase) {
  pull_.key_file = sshd_->AddClientKey("id_locked", "ed25519", "s3cret pass");
  pull_.key_passphrase = {"profile[1].pull.key_passphrase_file",
                          config::SecretRef::Source::kFile,
                          dir_.WriteFile("passphrase", "s3cret pass\n")};
  EXPECT_OK(Connect());
  dir_.WriteFile("passphrase", "wrong\n");
  EXPECT_EQ(ConnectCode(), StatusCode::kUnauthenticated);
  EXPECT_THAT(ConnectError(),
              AllOf(HasSubstr("wrong passphrase in key_passphrase_file"),
                    Not(HasSubstr("wrong\n"))));
  pull_.key_passphrase = {};
  EXPECT_THAT(ConnectError(), HasSubstr("needs key_passphrase_file"));
}

TEST_F(SftpRemoteTest, AKeyTheServerDoesNotKnowIsRefused) {
  pull_.key_file =
      sshd_->AddClientKey("stranger", "ed25519", "", /*authorize=*/false);
  EXPECT_EQ(ConnectCode(), StatusCode::kUnauthenticated);
  EXPECT_THAT(ConnectError(),
              AllOf(HasSubstr("the server refused the login \"root\" with the "
                              "key"),
                    HasSubstr("authorized_keys")));
}

TEST_F(SftpRemoteTest, PasswordLoginIntoADirectoryUnderTheHome) {
  const std::string home = dir_.Join("pwhome");
  stdfs::permissions(dir_.path(), stdfs::perms::owner_all |
                                      stdfs::perms::group_exec |
                                      stdfs::perms::others_exec);
  sshd_->AddPasswordUser("m2dropsftptest", "Corr3ct-h0rse", home);
  dir_.WriteFile("pwhome/out/a.csv", "x");
  pull_.user = "m2dropsftptest";
  pull_.key_file = "";
  pull_.dir = "out";  // "/~/out"
  pull_.password = {"profile[1].pull.password_file",
                    config::SecretRef::Source::kFile,
                    dir_.WriteFile("password", "Corr3ct-h0rse\n")};
  auto session = Connect();
  ASSERT_OK(session);
  EXPECT_EQ((*session)->info().dir, home + "/out");
  EXPECT_EQ((*session)->info().login,
            "password (" + dir_.Join("password") + ")");
  auto listing = (*session)->List();
  ASSERT_OK(listing);
  ASSERT_EQ(listing->size(), 1u);
  EXPECT_EQ((*listing)[0].name, "a.csv");
  session->reset();
  dir_.WriteFile("password", "Wr0ng-h0rse\n");
  EXPECT_EQ(ConnectCode(), StatusCode::kUnauthenticated);
  EXPECT_THAT(ConnectError(),
              AllOf(HasSubstr("the password in"), Not(HasSubstr("Wr0ng"))));
}

TEST_F(SftpRemoteTest, AMissingDirectoryIsNotFound) {
  pull_.dir = dir_.Join("remote/none");
  EXPECT_EQ(ConnectCode(), StatusCode::kNotFound);
  EXPECT_THAT(ConnectError(), HasSubstr("no such file or directory"));
}

TEST_F(SftpRemoteTest, NobodyListeningIsUnavailable) {
  sshd_->Stop();
  EXPECT_EQ(ConnectCode(), StatusCode::kUnavailable);
  EXPECT_THAT(ConnectError(), HasSubstr("Connection refused"));
}

TEST_F(SftpRemoteTest, ConnectionsLeaveNoDescriptorOpen) {
  auto count_fds = [] {
    size_t n = 0;
    for (const auto& e : stdfs::directory_iterator("/proc/self/fd")) {
      (void)e;
      ++n;
    }
    return n;
  };
  ASSERT_OK(Connect());  // libssh's one-time initialisation
  const size_t before = count_fds();
  for (int i = 0; i < 3; ++i) ASSERT_OK(Connect());
  dir_.WriteFile("known_hosts", "");
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(Connect().ok());
  EXPECT_EQ(count_fds(), before);
}

}  // namespace
}  // namespace m2drop::pull
