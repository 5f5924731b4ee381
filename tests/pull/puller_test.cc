// SPDX-License-Identifier: Apache-2.0
// Puller against FakeRemote, on a FakeClock, into a real temporary inbox.
#include "m2drop/pull/puller.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "fake_remote.h"
#include "m2drop/base/fake_clock.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::pull {
namespace {

namespace stdfs = std::filesystem;
using std::chrono::milliseconds;
using ::testing::Contains;
using ::testing::ElementsAre;
using testing::FakePullMemory;
using testing::FakeRemote;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

class PullerTest : public ::testing::Test {
 protected:
  PullerTest() {
    config_.url = "sftp://fake@host:22/out";
    config_.dir = "/out";
    config_.patterns = {"*.csv"};
    config_.every = milliseconds(1'000);
    config_.alert_after = milliseconds(60'000);
    stdfs::create_directories(Inbox());
  }

  std::string Inbox() const { return dir_.Join("inbox"); }

  std::unique_ptr<Puller> MakePuller() {
    PullEvents events;
    events.on_fetched = [this](const std::string& f, uint64_t bytes) {
      fetched_.push_back(f + ":" + std::to_string(bytes));
    };
    events.on_alert = [this](const PullStatus&) { ++alerts_; };
    events.on_recovered = [this](const PullStatus&) { ++recoveries_; };
    events.on_failure = [this](const Status& s) { failures_.push_back(s); };
    events.on_turn = [this](const PullStatus& s) { last_status_ = s; };
    return std::make_unique<Puller>(
        Puller::Deps{remote_, fs::PosixFileSystem::Instance(), memory_, clock_},
        "3pl", Inbox(), config_, std::move(events));
  }

  // Steps `puller` `n` times, a second apart; returns the last wait.
  Duration Turns(Puller& puller, int n = 1) {
    Duration wait{};
    for (int i = 0; i < n; ++i) {
      wait = puller.Step(std::stop_token()) - clock_.Now();
      clock_.Advance(milliseconds(1'000));
    }
    return wait;
  }

  std::vector<std::string> InboxNames() const {
    std::vector<std::string> names;
    for (const auto& e : stdfs::directory_iterator(Inbox())) {
      names.push_back(e.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }
  std::string InboxFile(const std::string& name) const {
    return m2drop::testing::ReadWholeFile(Inbox() + "/" + name);
  }

  m2drop::testing::ScopedTempDir dir_;
  FakeClock clock_;
  FakeRemote remote_;
  FakePullMemory memory_;
  config::PullConfig config_;
  std::vector<std::string> fetched_;
  std::vector<Status> failures_;
  int alerts_ = 0;
  int recoveries_ = 0;
  PullStatus last_status_;
};

TEST_F(PullerTest, FetchesAFileOnceItHeldStillBetweenTwoListings) {
  config_.after = config::PullAfter::kDelete;
  remote_.Put("a.csv", "order,tracking\n1,T1\n", 1'700'000'123);
  auto puller = MakePuller();
  EXPECT_EQ(Turns(*puller), milliseconds(1'000));
  EXPECT_THAT(InboxNames(), IsEmpty());
  Turns(*puller);
  EXPECT_THAT(InboxNames(), ElementsAre("a.csv"));
  EXPECT_EQ(InboxFile("a.csv"), "order,tracking\n1,T1\n");
  struct stat st {};
  ASSERT_EQ(stat((Inbox() + "/a.csv").c_str(), &st), 0);
  EXPECT_EQ(st.st_mtim.tv_sec, 1'700'000'123);  // the producer's time
  EXPECT_THAT(remote_.files, IsEmpty());        // after = delete
  EXPECT_THAT(memory_.files, IsEmpty());        // nothing pending
  EXPECT_THAT(fetched_, ElementsAre("a.csv:20"));
  EXPECT_THAT(remote_.calls,
              ElementsAre("connect", "list", "list", "get a.csv", "rm a.csv"));
  EXPECT_EQ(last_status_.listed_files, 1u);  // as the listing saw it
  EXPECT_EQ(last_status_.last_file, "a.csv");
}

TEST_F(PullerTest, AFileStillGrowingIsFetchedOnlyWhenItStops) {
  remote_.Put("a.csv", "1");
  auto puller = MakePuller();
  Turns(*puller);
  remote_.Put("a.csv", "12", 1'700'000'001);
  Turns(*puller);
  remote_.Put("a.csv", "123", 1'700'000'002);
  Turns(*puller);
  EXPECT_THAT(InboxNames(), IsEmpty());
  Turns(*puller);
  EXPECT_THAT(InboxNames(), ElementsAre("a.csv"));
  EXPECT_EQ(InboxFile("a.csv"), "123");
}

TEST_F(PullerTest, KeepFetchesOnceAndAgainOnlyWhenTheFileChanges) {
  remote_.Put("a.csv", "v1");
  auto puller = MakePuller();
  Turns(*puller, 2);
  EXPECT_THAT(InboxNames(), ElementsAre("a.csv"));
  ASSERT_TRUE(memory_.files.contains("a.csv"));
  EXPECT_TRUE(memory_.files["a.csv"].kept);
  EXPECT_THAT(remote_.files, Contains(::testing::Key("a.csv")));  // kept
  stdfs::remove(Inbox() + "/a.csv");  // claimed by the daemon
  Turns(*puller, 3);
  EXPECT_THAT(InboxNames(), IsEmpty());  // not fetched twice
  // A restart remembers it too (the ledger outlives the puller).
  puller = MakePuller();
  Turns(*puller, 3);
  EXPECT_THAT(InboxNames(), IsEmpty());
  remote_.Put("a.csv", "v2, longer", 1'700'000'500);
  Turns(*puller, 2);
  EXPECT_THAT(InboxNames(), ElementsAre("a.csv"));
  EXPECT_EQ(InboxFile("a.csv"), "v2, longer");
  EXPECT_EQ(memory_.files["a.csv"].size, 10u);
  EXPECT_THAT(fetched_, ElementsAre("a.csv:2", "a.csv:10"));
}

TEST_F(PullerTest, MoveRenamesIntoTheDoneDirectoryKeepingTheName) {
  config_.after = config::PullAfter::kMove;
  config_.move_dir = "/out/done";
  remote_.Put("a.csv", "x");
  auto puller = MakePuller();
  Turns(*puller, 2);
  EXPECT_THAT(InboxNames(), ElementsAre("a.csv"));
  EXPECT_THAT(remote_.files, IsEmpty());
  EXPECT_TRUE(remote_.moved.contains("/out/done/a.csv"));
  EXPECT_THAT(memory_.files, IsEmpty());
}

TEST_F(PullerTest, AFailedMoveIsRetriedWithoutFetchingAgain) {
  config_.after = config::PullAfter::kMove;
  config_.move_dir = "/out/done";
  remote_.Put("a.csv", "x");
  remote_.moved["/out/done/a.csv"] = {"older", 1};  // the name is taken
  auto puller = MakePuller();
  Turns(*puller, 2);
  EXPECT_THAT(InboxNames(), ElementsAre("a.csv"));
  ASSERT_EQ(failures_.size(), 1u);
  EXPECT_THAT(failures_[0].message(), HasSubstr("exists"));
  EXPECT_FALSE(memory_.files["a.csv"].kept);  // pending
  remote_.moved.clear();
  stdfs::remove(Inbox() + "/a.csv");
  Turns(*puller);
  EXPECT_THAT(remote_.calls,
              ElementsAre("connect", "list", "list", "get a.csv",
                          "mv a.csv /out/done", "list", "mv a.csv /out/done"));
  EXPECT_THAT(InboxNames(), IsEmpty());
  EXPECT_TRUE(remote_.moved.contains("/out/done/a.csv"));
  EXPECT_THAT(memory_.files, IsEmpty());
}

// The crash between the rename into the inbox and the remote delete: the
// ledger remembers the file, so the restarted puller only deletes it.
TEST_F(PullerTest, RestartAfterTheRenameFinishesTheDeleteWithoutAFetch) {
  config_.after = config::PullAfter::kDelete;
  remote_.Put("a.csv", "x");
  remote_.after_failures.push_back(Status::Unavailable("connection lost"));
  auto puller = MakePuller();
  Turns(*puller, 2);
  EXPECT_THAT(InboxNames(), ElementsAre("a.csv"));
  EXPECT_TRUE(remote_.files.contains("a.csv"));
  EXPECT_TRUE(memory_.files.contains("a.csv"));
  puller = MakePuller();  // the restart
  remote_.calls.clear();
  Turns(*puller);
  EXPECT_THAT(remote_.calls, ElementsAre("connect", "list", "rm a.csv"));
  EXPECT_THAT(remote_.files, IsEmpty());
  EXPECT_THAT(memory_.files, IsEmpty());
  EXPECT_THAT(fetched_, ElementsAre("a.csv:1"));  // once
}

// The crash in the moment before the ledger remembered the file: it is
// fetched again once the first copy left the inbox, whole, under its name
// (the import then files it as a duplicate by its content hash).
TEST_F(PullerTest, RestartBeforeTheRecordFetchesAgainWithoutReplacing) {
  config_.after = config::PullAfter::kDelete;
  remote_.Put("a.csv", "x");
  memory_.refuse_writes = true;
  remote_.after_failures.push_back(Status::Unavailable("connection lost"));
  auto puller = MakePuller();
  Turns(*puller, 2);
  EXPECT_THAT(memory_.files, IsEmpty());
  memory_.refuse_writes = false;
  puller = MakePuller();  // the restart
  Turns(*puller, 3);
  EXPECT_THAT(fetched_, ElementsAre("a.csv:1"));  // the inbox copy waits
  EXPECT_TRUE(remote_.files.contains("a.csv"));
  stdfs::rename(Inbox() + "/a.csv", dir_.Join("claimed.csv"));
  Turns(*puller);
  EXPECT_THAT(fetched_, ElementsAre("a.csv:1", "a.csv:1"));
  EXPECT_EQ(InboxFile("a.csv"), "x");
  EXPECT_THAT(remote_.files, IsEmpty());
}

TEST_F(PullerTest, ABrokenDownloadLeavesNothingInTheInbox) {
  remote_.Put("a.csv", std::string(100, 'x'));
  remote_.download_failures.push_back(Status::Unavailable("connection reset"));
  remote_.fail_after_bytes = 40;
  uint64_t seen = 0;
  auto puller = MakePuller();
  remote_.mid_download = [&](uint64_t bytes) {
    seen = bytes;
    // Mid-transfer the data sits under the part name only.
    EXPECT_THAT(InboxNames(), ElementsAre(PartName("a.csv")));
  };
  Turns(*puller, 2);
  EXPECT_EQ(seen, 40u);
  EXPECT_THAT(InboxNames(), IsEmpty());
  EXPECT_EQ(last_status_.last_error, "connection reset");
  ASSERT_TRUE(last_status_.failing_since.has_value());
  // Backoff: min(every, 5s) = 1s, then the session is opened again.
  remote_.mid_download = nullptr;
  remote_.calls.clear();
  Turns(*puller);
  EXPECT_THAT(remote_.calls, ElementsAre("connect", "list", "get a.csv"));
  EXPECT_EQ(InboxFile("a.csv"), std::string(100, 'x'));
  EXPECT_EQ(last_status_.last_error, "");
}

TEST_F(PullerTest, AFileThatChangesWhileReadIsNotDeliveredAndWaitsAgain) {
  remote_.Put("a.csv", "12345678");
  auto puller = MakePuller();
  Turns(*puller);
  remote_.mid_download = [&](uint64_t) {
    remote_.Put("a.csv", "12345678+more", 1'700'000'009);
    remote_.mid_download = nullptr;
  };
  Turns(*puller);
  EXPECT_THAT(InboxNames(), IsEmpty());
  EXPECT_EQ(last_status_.last_error, "");  // not a server failure
  Turns(*puller);  // the new size is seen once: not stable yet
  EXPECT_THAT(InboxNames(), IsEmpty());
  Turns(*puller);
  EXPECT_EQ(InboxFile("a.csv"), "12345678+more");
}

TEST_F(PullerTest, ADropStillInTheInboxIsNeverReplaced) {
  config_.after = config::PullAfter::kDelete;
  dir_.WriteFile("inbox/a.csv", "the producer's own");
  remote_.Put("a.csv", "the server's");
  auto puller = MakePuller();
  Turns(*puller, 3);
  EXPECT_EQ(InboxFile("a.csv"), "the producer's own");
  EXPECT_TRUE(remote_.files.contains("a.csv"));
  EXPECT_THAT(remote_.calls, Not(Contains("get a.csv")));
}

// A 255-byte remote name: the part name must fit NAME_MAX too.
TEST_F(PullerTest, ALongestNameStillDownloads) {
  const std::string name = std::string(251, 'n') + ".csv";
  EXPECT_LE(PartName(name).size(), 255u);
  EXPECT_TRUE(PartName(name).starts_with(".m2drop-pull."));
  EXPECT_TRUE(PartName(name).ends_with(".part"));
  EXPECT_EQ(PartName("a.csv"), ".m2drop-pull.a.csv.part");
  remote_.Put(name, "x");
  auto puller = MakePuller();
  Turns(*puller, 2);
  EXPECT_THAT(InboxNames(), ElementsAre(name));
  EXPECT_EQ(last_status_.last_error, "");
}

TEST_F(PullerTest, LeftoverPartFilesAreRemovedAtTheFirstTurn) {
  dir_.WriteFile("inbox/" + PartName("a.csv"), "half");
  dir_.WriteFile("inbox/.other.part", "not ours");
  auto puller = MakePuller();
  Turns(*puller);
  EXPECT_THAT(InboxNames(), ElementsAre(".other.part"));
}

TEST_F(PullerTest, OutageBacksOffAlertsOnceAndRecovers) {
  for (int i = 0; i < 8; ++i) {
    remote_.connect_failures.push_back(
        Status::Unavailable("connection refused"));
  }
  auto puller = MakePuller();
  std::vector<int64_t> waits;
  for (int i = 0; i < 8; ++i) {
    SteadyTime next = puller->Step(std::stop_token());
    waits.push_back(
        std::chrono::duration_cast<milliseconds>(next - clock_.Now()).count());
    clock_.Advance(next - clock_.Now());
  }
  EXPECT_THAT(waits, ElementsAre(1'000, 2'000, 4'000, 8'000, 16'000, 32'000,
                                 64'000, 128'000));
  EXPECT_EQ(alerts_, 1);  // 1+2+…+32 s = 63 s >= alert_after (60 s)
  EXPECT_TRUE(last_status_.alerted);
  EXPECT_EQ(last_status_.last_error, "connection refused");
  EXPECT_EQ(failures_.size(), 8u);
  EXPECT_EQ(puller->Step(std::stop_token()) - clock_.Now(),
            milliseconds(1'000));
  EXPECT_EQ(recoveries_, 1);
  EXPECT_FALSE(last_status_.failing_since.has_value());
  EXPECT_TRUE(last_status_.last_listing.has_value());
}

TEST_F(PullerTest, AStopEndsTheTurnAndDropsTheSession) {
  remote_.Put("a.csv", "x");
  auto puller = MakePuller();
  std::stop_source stop;
  stop.request_stop();
  EXPECT_EQ(puller->Step(stop.get_token()), clock_.Now());
  EXPECT_THAT(InboxNames(), IsEmpty());
}

}  // namespace
}  // namespace m2drop::pull
