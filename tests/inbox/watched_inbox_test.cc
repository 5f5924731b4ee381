// SPDX-License-Identifier: Apache-2.0
#include "m2drop/inbox/watched_inbox.h"

#include <gtest/gtest.h>

#include "fakes/fake_file_system.h"
#include "m2drop/base/fake_clock.h"
#include "testing/status_matchers.h"

namespace m2drop::inbox {
namespace {

using fs::FakeFileSystem;
using std::chrono::milliseconds;

class WatchedInboxTest : public ::testing::Test {
 protected:
  WatchedInboxTest() {
    fs_.AddDir("/in");
    spec_.profile = "p";
    spec_.dir = "/in";
    spec_.settle = milliseconds(1'000);
    options_.poll_interval = milliseconds(500);
  }
  WatchedInbox Make(WatchHow how) {
    return WatchedInbox(spec_, how, how == WatchHow::kInotify ? 3 : -1,
                        options_);
  }
  std::vector<std::string> Collect(WatchedInbox& inbox) {
    std::vector<ReadyFile> ready;
    inbox.CollectReady(fs_, clock_.Now(), clock_.WallNow(), ready);
    std::vector<std::string> names;
    for (const ReadyFile& f : ready) names.push_back(f.name);
    return names;
  }
  Status Scan(WatchedInbox& inbox) {
    return inbox.Scan(fs_, clock_.Now(), clock_.WallNow());
  }
  using Strings = std::vector<std::string>;

  FakeClock clock_;
  FakeFileSystem fs_{clock_};
  InboxSpec spec_;
  MonitorOptions options_;
};

TEST_F(WatchedInboxTest, FirstScanIsDueAtOnceThenOnlyOnRequest) {
  WatchedInbox inbox = Make(WatchHow::kInotify);
  EXPECT_TRUE(inbox.ScanDue(clock_.Now()));
  ASSERT_OK(Scan(inbox));
  EXPECT_FALSE(inbox.ScanDue(clock_.Now() + milliseconds(3'600'000)));
  inbox.RequestScan();
  EXPECT_TRUE(inbox.ScanDue(clock_.Now()));
}

TEST_F(WatchedInboxTest, PolledInboxIsListedEveryPollInterval) {
  WatchedInbox inbox = Make(WatchHow::kPoll);
  ASSERT_OK(Scan(inbox));
  EXPECT_EQ(inbox.NextDeadline(), clock_.Now() + milliseconds(500));
  EXPECT_FALSE(inbox.ScanDue(clock_.Now() + milliseconds(499)));
  EXPECT_TRUE(inbox.ScanDue(clock_.Now() + milliseconds(500)));
}

TEST_F(WatchedInboxTest, ListingErrorIsRetriedAfterThePollInterval) {
  WatchedInbox inbox = Make(WatchHow::kInotify);
  fs_.FailNext(FakeFileSystem::Op::kListDir, "/in", Status::Io("EIO"));
  ASSERT_OK(Scan(inbox));
  EXPECT_FALSE(inbox.ScanDue(clock_.Now() + milliseconds(499)));
  EXPECT_TRUE(inbox.ScanDue(clock_.Now() + milliseconds(500)));
}

TEST_F(WatchedInboxTest, ScanForgetsVanishedFilesAndMarkers) {
  spec_.marker = ".ok";
  WatchedInbox inbox = Make(WatchHow::kInotify);
  fs_.WriteFile("/in/a.csv", "1");
  fs_.WriteFile("/in/a.csv.ok", "");
  fs_.WriteFile("/in/b.csv", "1");
  ASSERT_OK(Scan(inbox));
  EXPECT_EQ(inbox.Backlog().files, 2u);
  fs_.Delete("/in/b.csv");
  fs_.Delete("/in/a.csv.ok");
  ASSERT_OK(Scan(inbox));
  EXPECT_EQ(inbox.Backlog().files, 1u);
  clock_.Advance(milliseconds(5'000));
  EXPECT_EQ(Collect(inbox), Strings{});  // its marker went
  inbox.Apply({FsEventKind::kHint, 3, "a.csv.ok", ""}, clock_.Now());
  EXPECT_EQ(Collect(inbox), Strings{"a.csv"});
}

TEST_F(WatchedInboxTest, EventsForIgnoredNamesChangeNothing) {
  WatchedInbox inbox = Make(WatchHow::kInotify);
  inbox.Apply({FsEventKind::kHint, 3, ".a.csv", ""}, clock_.Now());
  inbox.Apply({FsEventKind::kCreated, 3, "a.csv.tmp", ""}, clock_.Now());
  inbox.Apply({FsEventKind::kHint, 3, "notes.txt", ""}, clock_.Now());
  EXPECT_EQ(inbox.Backlog().files, 0u);
  inbox.Apply({FsEventKind::kHint, 3, "a.csv", ""}, clock_.Now());
  EXPECT_EQ(inbox.Backlog().files, 1u);
  inbox.Apply({FsEventKind::kRemoved, 3, "a.csv", ""}, clock_.Now());
  EXPECT_EQ(inbox.Backlog().files, 0u);
}

TEST_F(WatchedInboxTest, StatErrorDropsTheFileUntilARescan) {
  WatchedInbox inbox = Make(WatchHow::kInotify);
  ASSERT_OK(Scan(inbox));
  fs_.WriteFile("/in/a.csv", "1");
  inbox.Apply({FsEventKind::kHint, 3, "a.csv", ""}, clock_.Now());
  fs_.FailNext(FakeFileSystem::Op::kStat, "/in/a.csv", Status::Io("EIO"));
  EXPECT_EQ(Collect(inbox), Strings{});
  EXPECT_EQ(inbox.Backlog().files, 0u);
  EXPECT_EQ(inbox.NextDeadline(), clock_.Now() + milliseconds(500));
  clock_.Advance(milliseconds(500));
  ASSERT_TRUE(inbox.ScanDue(clock_.Now()));
  ASSERT_OK(Scan(inbox));
  clock_.Advance(milliseconds(1'000));
  EXPECT_EQ(Collect(inbox), Strings{"a.csv"});
}

TEST_F(WatchedInboxTest, ReadyFileCarriesPathStatAndMarker) {
  spec_.marker = ".done";
  spec_.dir = "/in/";
  WatchedInbox inbox = Make(WatchHow::kInotify);
  fs_.WriteFile("/in/a.csv", "12345");
  fs_.WriteFile("/in/a.csv.done", "");
  ASSERT_OK(Scan(inbox));
  clock_.Advance(milliseconds(1'000));
  std::vector<ReadyFile> ready;
  inbox.CollectReady(fs_, clock_.Now(), clock_.WallNow(), ready);
  ASSERT_EQ(ready.size(), 1u);
  EXPECT_EQ(ready[0].path, "/in/a.csv");
  EXPECT_EQ(ready[0].marker_path, "/in/a.csv.done");
  EXPECT_EQ(ready[0].size, 5u);
  EXPECT_EQ(ready[0].mtime_ns, fs_.Stat("/in/a.csv")->mtime_ns);
}

}  // namespace
}  // namespace m2drop::inbox
