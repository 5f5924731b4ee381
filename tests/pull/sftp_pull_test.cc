// SPDX-License-Identifier: Apache-2.0
// A Puller over SftpConnector against a real OpenSSH server: what happens
// to remote files (delete, move, keep), a file still growing, and a server
// that goes away or goes silent in the middle of a download. The puller's
// turns run on a FakeClock (Step is called directly); the connections'
// watchdogs on the real clock.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "fake_remote.h"
#include "m2drop/base/fake_clock.h"
#include "m2drop/pull/puller.h"
#include "m2drop/pull/sftp_remote.h"
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
using ::testing::ElementsAre;
using testing::FakePullMemory;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class SftpPullTest : public testing::SshdPullTest {
 protected:
  void SetUp() override {
    SshdPullTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    stdfs::create_directories(Remote() + "/done");
    stdfs::create_directories(Inbox());
  }
  std::string Inbox() const { return dir_.Join("inbox"); }

  std::unique_ptr<Puller> MakePuller(PullEvents events = {}) {
    connector_ = std::make_unique<SftpConnector>(pull_, RealClock::Instance());
    events.on_turn = [this](const PullStatus& s) { status_ = s; };
    return std::make_unique<Puller>(
        Puller::Deps{*connector_, fs::PosixFileSystem::Instance(), memory_,
                     clock_},
        "3pl", Inbox(), pull_, std::move(events));
  }
  void Turns(Puller& puller, int n, std::stop_token stop = {}) {
    for (int i = 0; i < n; ++i) {
      puller.Step(stop);
      clock_.Advance(milliseconds(1'000));
    }
  }
  std::vector<std::string> Names(const std::string& dir) const {
    std::vector<std::string> names;
    for (const auto& e : stdfs::directory_iterator(dir)) {
      names.push_back(e.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }
  // A remote file of `size` bytes, each line numbered.
  std::string PutBig(const std::string& name, size_t size) {
    std::string content;
    for (int line = 0; content.size() < size; ++line) {
      content += std::to_string(line) + ",TRK-" + std::to_string(line) + "\n";
    }
    content.resize(size);
    dir_.WriteFile("remote/out/" + name, content);
    return content;
  }

  std::unique_ptr<SftpConnector> connector_;
  FakeClock clock_;
  FakePullMemory memory_;
  PullStatus status_;
};

TEST_F(SftpPullTest, DeleteTakesTheFileOffTheServer) {
  pull_.after = config::PullAfter::kDelete;
  dir_.WriteFile("remote/out/a.csv", "order,tracking\n1,T1\n");
  dir_.WriteFile("remote/out/.b.csv", "uploading");
  auto puller = MakePuller();
  Turns(*puller, 2);
  EXPECT_THAT(Names(Inbox()), ElementsAre("a.csv"));
  EXPECT_EQ(ReadWholeFile(Inbox() + "/a.csv"), "order,tracking\n1,T1\n");
  EXPECT_THAT(Names(Remote()), ElementsAre(".b.csv", "done"));
  EXPECT_THAT(memory_.files, IsEmpty());
  EXPECT_EQ(status_.last_error, "");
}

TEST_F(SftpPullTest, MoveKeepsTheNameInTheDoneDirectory) {
  pull_.after = config::PullAfter::kMove;
  pull_.move_dir = Remote() + "/done";
  dir_.WriteFile("remote/out/a.csv", "x\n");
  auto puller = MakePuller();
  Turns(*puller, 2);
  EXPECT_THAT(Names(Inbox()), ElementsAre("a.csv"));
  EXPECT_THAT(Names(Remote() + "/done"), ElementsAre("a.csv"));
  EXPECT_THAT(Names(Remote()), ElementsAre("done"));
}

TEST_F(SftpPullTest, KeepLeavesTheFileAndFetchesItOnce) {
  dir_.WriteFile("remote/out/a.csv", "x\n");
  auto puller = MakePuller();
  Turns(*puller, 2);
  EXPECT_THAT(Names(Inbox()), ElementsAre("a.csv"));
  stdfs::remove(Inbox() + "/a.csv");  // claimed
  Turns(*puller, 3);
  EXPECT_THAT(Names(Inbox()), IsEmpty());
  EXPECT_THAT(Names(Remote()), ElementsAre("a.csv", "done"));
  EXPECT_TRUE(memory_.files["a.csv"].kept);
}

TEST_F(SftpPullTest, AFileStillGrowingWaitsUntilItStops) {
  dir_.WriteFile("remote/out/a.csv", "1,T1\n");
  auto puller = MakePuller();
  Turns(*puller, 1);
  std::ofstream(Remote() + "/a.csv", std::ios::app) << "2,T2\n";
  Turns(*puller, 1);
  std::ofstream(Remote() + "/a.csv", std::ios::app) << "3,T3\n";
  Turns(*puller, 1);
  EXPECT_THAT(Names(Inbox()), IsEmpty());
  Turns(*puller, 1);
  EXPECT_EQ(ReadWholeFile(Inbox() + "/a.csv"), "1,T1\n2,T2\n3,T3\n");
}

// The server goes away in the middle of a download (its sessions killed,
// its listener stopped) and comes back a few retries later: nothing
// partial ever shows in the inbox, and the file arrives whole.
TEST_F(SftpPullTest, ServerGoingAwayMidDownloadThenBack) {
  const std::string content = PutBig("big.csv", 8 << 20);
  bool killed = false;
  PullEvents events;
  events.on_progress = [&](uint64_t bytes) {
    if (!killed && bytes >= (1 << 20)) {
      killed = true;
      sshd_->Stop();
    }
  };
  auto puller = MakePuller(std::move(events));
  Turns(*puller, 2);
  ASSERT_TRUE(killed);
  EXPECT_THAT(Names(Inbox()), IsEmpty());
  ASSERT_TRUE(status_.failing_since.has_value());
  EXPECT_NE(status_.last_error, "");
  Turns(*puller, 2);  // still away: connection refused
  EXPECT_THAT(status_.last_error, HasSubstr("Connection refused"));
  EXPECT_THAT(Names(Inbox()), IsEmpty());
  ASSERT_TRUE(sshd_->Start());
  Turns(*puller, 1);
  EXPECT_EQ(status_.last_error, "");
  ASSERT_THAT(Names(Inbox()), ElementsAre("big.csv"));
  EXPECT_TRUE(ReadWholeFile(Inbox() + "/big.csv") == content);
}

// A server that accepted the connection and then says nothing: the
// watchdog gives up after `timeout`, and nothing partial is left.
TEST_F(SftpPullTest, ASilentServerIsCutAfterTheTimeout) {
  pull_.timeout = milliseconds(1'000);
  PutBig("big.csv", 8 << 20);
  bool stopped = false;
  PullEvents events;
  events.on_progress = [&](uint64_t bytes) {
    if (!stopped && bytes >= (1 << 20)) {
      stopped = true;
      sshd_->SignalSessions(SIGSTOP);
    }
  };
  auto puller = MakePuller(std::move(events));
  puller->Step({});
  clock_.Advance(milliseconds(1'000));
  const auto started = std::chrono::steady_clock::now();
  puller->Step({});
  const auto took = std::chrono::steady_clock::now() - started;
  sshd_->SignalSessions(SIGKILL);
  ASSERT_TRUE(stopped);
  EXPECT_LT(took, std::chrono::seconds(5));
  EXPECT_THAT(status_.last_error, HasSubstr("within 1s"));
  EXPECT_THAT(Names(Inbox()), IsEmpty());
}

// The daemon stopping in the middle of a download: the turn ends at once.
TEST_F(SftpPullTest, AStopInterruptsADownload) {
  PutBig("big.csv", 8 << 20);
  std::stop_source stop;
  PullEvents events;
  events.on_progress = [&](uint64_t bytes) {
    if (bytes >= (1 << 20)) {
      sshd_->SignalSessions(SIGSTOP);  // nothing would end it but the stop
      stop.request_stop();
    }
  };
  auto puller = MakePuller(std::move(events));
  puller->Step(stop.get_token());
  clock_.Advance(milliseconds(1'000));
  const auto started = std::chrono::steady_clock::now();
  puller->Step(stop.get_token());
  const auto took = std::chrono::steady_clock::now() - started;
  sshd_->SignalSessions(SIGKILL);
  EXPECT_LT(took, std::chrono::seconds(2));
  EXPECT_THAT(Names(Inbox()), IsEmpty());
}

}  // namespace
}  // namespace m2drop::pull
