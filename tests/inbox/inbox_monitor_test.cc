// SPDX-License-Identifier: Apache-2.0
#include "m2drop/inbox/inbox_monitor.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>

#include "fakes/fake_file_system.h"
#include "fakes/fake_watcher.h"
#include "m2drop/base/fake_clock.h"
#include "m2drop/inbox/inotify_watcher.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::inbox {
namespace {

using fs::FakeFileSystem;
using std::chrono::milliseconds;

std::vector<std::string> Names(const std::vector<ReadyFile>& files) {
  std::vector<std::string> names;
  for (const ReadyFile& f : files) names.push_back(f.name);
  return names;
}

class InboxMonitorTest : public ::testing::Test {
 protected:
  InboxMonitorTest() {
    fs_.AddDir("/in");
    spec_.profile = "3pl";
    spec_.dir = "/in";
    spec_.settle = milliseconds(2'000);
  }

  InboxMonitor& Monitor(Watcher* watcher) {
    monitor_ = std::make_unique<InboxMonitor>(
        InboxMonitor::Deps{fs_, clock_, watcher}, options_);
    return *monitor_;
  }
  InboxMonitor& Monitor() { return Monitor(&watcher_); }
  // One Step that must succeed; the names it returned.
  std::vector<std::string> Step() {
    Result<std::vector<ReadyFile>> ready = monitor_->Step();
    EXPECT_OK(ready);
    return ready.ok() ? Names(*ready) : std::vector<std::string>{"<error>"};
  }
  // Steps every 10 ms for at most `limit`; how long until `name` came out.
  std::optional<Duration> StepUntilReady(const std::string& name,
                                         Duration limit) {
    SteadyTime start = clock_.Now();
    while (clock_.Now() - start <= limit) {
      std::vector<std::string> ready = Step();
      if (std::find(ready.begin(), ready.end(), name) != ready.end()) {
        return clock_.Now() - start;
      }
      clock_.Advance(milliseconds(10));
    }
    return std::nullopt;
  }
  using Strings = std::vector<std::string>;

  FakeClock clock_;
  FakeFileSystem fs_{clock_};
  FakeWatcher watcher_;
  MonitorOptions options_;
  InboxSpec spec_;
  std::unique_ptr<InboxMonitor> monitor_;
};

TEST_F(InboxMonitorTest, AddsTheWatchBeforeListing) {
  fs_.FailNext(FakeFileSystem::Op::kListDir, "/in", Status::Io("EIO"));
  fs_.FailNext(FakeFileSystem::Op::kListDir, "/in",
               Status::NotFound("vanished"));
  InboxMonitor& monitor = Monitor();
  // A listing error other than "gone" is retried later; the inbox stays.
  ASSERT_OK(monitor.AddInbox(spec_));
  EXPECT_EQ(watcher_.ops(), (Strings{"add /in"}));
  monitor.RemoveInbox("3pl");
  // Gone between the watch and the listing: the watch is taken back.
  EXPECT_EQ(monitor.AddInbox(spec_).code(), StatusCode::kNotFound);
  EXPECT_EQ(watcher_.ops(),
            (Strings{"add /in", "remove 1", "add /in", "remove 2"}));
  EXPECT_TRUE(monitor.Inboxes().empty());
}

TEST_F(InboxMonitorTest, FileAlreadyThereIsReturnedOnceAfterSettling) {
  fs_.WriteFile("/in/a.csv", "x\n");
  InboxMonitor& monitor = Monitor();
  ASSERT_OK(monitor.AddInbox(spec_));
  EXPECT_EQ(Step(), Strings{});
  EXPECT_EQ(monitor.NextDeadline(), clock_.Now() + milliseconds(2'000));
  clock_.Advance(milliseconds(1'999));
  EXPECT_EQ(Step(), Strings{});
  clock_.Advance(milliseconds(1));
  Result<std::vector<ReadyFile>> ready = monitor.Step();
  ASSERT_OK(ready);
  ASSERT_EQ(ready->size(), 1u);
  EXPECT_EQ((*ready)[0].profile, "3pl");
  EXPECT_EQ((*ready)[0].path, "/in/a.csv");
  EXPECT_EQ((*ready)[0].size, 2u);
  EXPECT_EQ((*ready)[0].marker_path, "");
  clock_.Advance(milliseconds(10'000));
  EXPECT_EQ(Step(), Strings{});  // each file once
}

TEST_F(InboxMonitorTest, NewFileIsReadyOneSettleAfterItsClose) {
  InboxMonitor& monitor = Monitor();
  ASSERT_OK(monitor.AddInbox(spec_));
  fs_.WriteFile("/in/b.csv", "x\n");
  watcher_.Created("/in", "b.csv");
  watcher_.Hint("/in", "b.csv");
  std::optional<Duration> ready = StepUntilReady("b.csv", milliseconds(5'000));
  ASSERT_TRUE(ready.has_value());
  EXPECT_EQ(*ready, milliseconds(2'000));
}

TEST_F(InboxMonitorTest, SlowWriterIsTakenOnlyAfterItStops) {
  spec_.settle = milliseconds(1'000);
  InboxMonitor& monitor = Monitor();
  ASSERT_OK(monitor.AddInbox(spec_));
  watcher_.Created("/in", "slow.csv");
  for (int i = 0; i < 60; ++i) {  // a line every 50 ms for 3 s
    fs_.Append("/in/slow.csv", "order,track\n");
    watcher_.Hint("/in", "slow.csv");
    for (int tick = 0; tick < 5; ++tick) {
      ASSERT_EQ(Step(), Strings{}) << "append " << i;
      clock_.Advance(milliseconds(10));
    }
  }
  std::optional<Duration> ready =
      StepUntilReady("slow.csv", milliseconds(5'000));
  ASSERT_TRUE(ready.has_value());
  // 50 ms have passed since the last append already.
  EXPECT_EQ(*ready + milliseconds(50), milliseconds(1'000));
}

TEST_F(InboxMonitorTest, TemporaryUploadIsTakenOnceAfterItsRename) {
  InboxMonitor& monitor = Monitor();
  ASSERT_OK(monitor.AddInbox(spec_));
  fs_.WriteFile("/in/x.csv.filepart", "x\n");
  watcher_.Created("/in", "x.csv.filepart");
  watcher_.Hint("/in", "x.csv.filepart");
  EXPECT_EQ(Step(), Strings{});
  EXPECT_EQ(monitor.Backlog()[0].files, 0u);
  clock_.Advance(milliseconds(60'000));
  EXPECT_EQ(Step(), Strings{});
  ASSERT_OK(fs_.RenameNoReplace("/in/x.csv.filepart", "/in/x.csv"));
  watcher_.Removed("/in", "x.csv.filepart");
  watcher_.Hint("/in", "x.csv");
  std::optional<Duration> ready = StepUntilReady("x.csv", milliseconds(5'000));
  ASSERT_TRUE(ready.has_value());
  EXPECT_EQ(*ready, milliseconds(2'000));
  EXPECT_EQ(Step(), Strings{});  // once
  // Never claimed: the safety rescan tracks it afresh.
  clock_.Advance(milliseconds(options_.rescan_interval));
  EXPECT_EQ(Step(), Strings{});
  clock_.Advance(milliseconds(2'000));
  EXPECT_EQ(Step(), Strings{"x.csv"});
}

TEST_F(InboxMonitorTest, CreateWithoutCloseWaitsForTheFallback) {
  options_.create_fallback = milliseconds(30'000);
  InboxMonitor& monitor = Monitor();
  ASSERT_OK(monitor.AddInbox(spec_));
  fs_.WriteFile("/in/linked.csv", "x\n");
  watcher_.Created("/in", "linked.csv");
  std::optional<Duration> ready =
      StepUntilReady("linked.csv", milliseconds(60'000));
  ASSERT_TRUE(ready.has_value());
  EXPECT_EQ(*ready, milliseconds(30'000));
}

TEST_F(InboxMonitorTest, MarkerProfileWaitsForTheMarker) {
  spec_.marker = ".ok";
  InboxMonitor& monitor = Monitor();
  ASSERT_OK(monitor.AddInbox(spec_));
  fs_.WriteFile("/in/x.csv", "x\n");
  watcher_.Hint("/in", "x.csv");
  EXPECT_EQ(Step(), Strings{});
  clock_.Advance(milliseconds(10'000));
  EXPECT_EQ(Step(), Strings{});
  // Settled, waiting for the marker: no settle deadline, only the rescan.
  EXPECT_GT(monitor.NextDeadline(), clock_.Now() + milliseconds(60'000));
  fs_.WriteFile("/in/x.csv.ok", "");
  watcher_.Created("/in", "x.csv.ok");
  watcher_.Hint("/in", "x.csv.ok");
  Result<std::vector<ReadyFile>> ready = monitor.Step();
  ASSERT_OK(ready);
  ASSERT_EQ(Names(*ready), Strings{"x.csv"});
  EXPECT_EQ((*ready)[0].marker_path, "/in/x.csv.ok");
}

TEST_F(InboxMonitorTest, MarkerFoundByTheFirstScanCounts) {
  spec_.marker = ".ok";
  spec_.patterns = {"*"};
  fs_.WriteFile("/in/x.csv", "x\n");
  fs_.WriteFile("/in/x.csv.ok", "");
  fs_.WriteFile("/in/y.csv", "x\n");
  ASSERT_OK(Monitor().AddInbox(spec_));
  clock_.Advance(milliseconds(2'000));
  EXPECT_EQ(Step(), Strings{"x.csv"});  // the marker is no drop
}

TEST_F(InboxMonitorTest, OverflowRescansAndFindsFilesWithoutEvents) {
  InboxMonitor& monitor = Monitor();
  ASSERT_OK(monitor.AddInbox(spec_));
  fs_.WriteFile("/in/lost.csv", "x\n");  // its events were lost
  EXPECT_EQ(Step(), Strings{});
  EXPECT_EQ(monitor.Backlog()[0].files, 0u);
  watcher_.Overflow();
  EXPECT_EQ(Step(), Strings{});
  EXPECT_EQ(monitor.Backlog()[0].files, 1u);
  clock_.Advance(milliseconds(2'000));
  EXPECT_EQ(Step(), Strings{"lost.csv"});
}

TEST_F(InboxMonitorTest, PeriodicRescanIsTheSafetyNet) {
  options_.rescan_interval = milliseconds(60'000);
  InboxMonitor& monitor = Monitor();
  ASSERT_OK(monitor.AddInbox(spec_));
  fs_.WriteFile("/in/quiet.csv", "x\n");
  EXPECT_LE(monitor.NextDeadline(), clock_.Now() + milliseconds(60'000));
  clock_.Advance(milliseconds(59'990));
  EXPECT_EQ(Step(), Strings{});
  EXPECT_EQ(monitor.Backlog()[0].files, 0u);
  clock_.Advance(milliseconds(10));
  EXPECT_EQ(Step(), Strings{});
  EXPECT_EQ(monitor.Backlog()[0].files, 1u);
}

TEST_F(InboxMonitorTest, RequestRescanListsAtTheNextStep) {
  InboxMonitor& monitor = Monitor();
  ASSERT_OK(monitor.AddInbox(spec_));
  fs_.WriteFile("/in/again.csv", "x\n");
  monitor.RequestRescan();
  EXPECT_EQ(monitor.NextDeadline(), SteadyTime::min());
  EXPECT_EQ(Step(), Strings{});
  EXPECT_EQ(monitor.Backlog()[0].files, 1u);
}

TEST_F(InboxMonitorTest, NetworkFilesystemIsPolled) {
  fs_.SetKind("/in", fs::FsKind::kNetwork);
  options_.poll_interval = milliseconds(1'000);
  InboxMonitor& monitor = Monitor();
  ASSERT_OK(monitor.AddInbox(spec_));
  ASSERT_EQ(monitor.Inboxes().size(), 1u);
  EXPECT_EQ(monitor.Inboxes()[0].second, WatchHow::kPoll);
  EXPECT_TRUE(watcher_.ops().empty());
  fs_.WriteFile("/in/nfs.csv", "x\n");  // written on another host: no event
  EXPECT_EQ(monitor.NextDeadline(), clock_.Now() + milliseconds(1'000));
  std::optional<Duration> ready =
      StepUntilReady("nfs.csv", milliseconds(10'000));
  ASSERT_TRUE(ready.has_value());
  EXPECT_EQ(*ready, milliseconds(3'000));  // seen at 1 s, settled at 3 s
}

TEST_F(InboxMonitorTest, FuseAndNoWatcherArePolledExplicitInotifyIsNot) {
  fs_.AddDir("/fuse");
  fs_.SetKind("/fuse", fs::FsKind::kFuse);
  InboxSpec fuse = spec_;
  fuse.profile = "fuse";
  fuse.dir = "/fuse";
  InboxSpec forced = fuse;
  forced.profile = "forced";
  forced.watch = WatchMode::kInotify;
  InboxMonitor& monitor = Monitor();
  ASSERT_OK(monitor.AddInbox(fuse));
  ASSERT_OK(monitor.AddInbox(forced));
  EXPECT_EQ(monitor.Inboxes()[0].second, WatchHow::kPoll);
  EXPECT_EQ(monitor.Inboxes()[1].second, WatchHow::kInotify);

  InboxMonitor& without = Monitor(nullptr);
  EXPECT_EQ(without.fd(), -1);
  ASSERT_OK(without.AddInbox(spec_));
  EXPECT_EQ(without.Inboxes()[0].second, WatchHow::kPoll);
  EXPECT_EQ(without.AddInbox(forced).code(), StatusCode::kInvalidInput);
}

TEST_F(InboxMonitorTest, PolledSlowWriterIsNotTakenWhileGrowing) {
  spec_.watch = WatchMode::kPoll;
  spec_.settle = milliseconds(1'000);
  options_.poll_interval = milliseconds(250);
  InboxMonitor& monitor = Monitor();
  ASSERT_OK(monitor.AddInbox(spec_));
  for (int i = 0; i < 60; ++i) {
    fs_.Append("/in/slow.csv", "line\n");
    for (int tick = 0; tick < 5; ++tick) {
      ASSERT_EQ(Step(), Strings{}) << "append " << i;
      clock_.Advance(milliseconds(10));
    }
  }
  std::optional<Duration> ready =
      StepUntilReady("slow.csv", milliseconds(5'000));
  ASSERT_TRUE(ready.has_value());
  EXPECT_GE(*ready + milliseconds(50), milliseconds(1'000));
}

TEST_F(InboxMonitorTest, DeletedInboxIsNotFoundNamingIt) {
  InboxMonitor& monitor = Monitor();
  ASSERT_OK(monitor.AddInbox(spec_));
  watcher_.Gone("/in");
  Result<std::vector<ReadyFile>> ready = monitor.Step();
  EXPECT_EQ(ready.status().code(), StatusCode::kNotFound);
  EXPECT_NE(ready.status().message().find("\"/in\""), std::string::npos);
  EXPECT_NE(ready.status().message().find("3pl"), std::string::npos);
}

TEST_F(InboxMonitorTest, DeletedPolledInboxIsNotFound) {
  spec_.watch = WatchMode::kPoll;
  InboxMonitor& monitor = Monitor();
  ASSERT_OK(monitor.AddInbox(spec_));
  fs_.Delete("/in");
  clock_.Advance(options_.poll_interval);
  Result<std::vector<ReadyFile>> ready = monitor.Step();
  EXPECT_EQ(ready.status().code(), StatusCode::kNotFound);
  EXPECT_NE(ready.status().message().find("\"/in\""), std::string::npos);
}

TEST_F(InboxMonitorTest, NonRegularEntriesAreNeverReturnedAndLoggedOnce) {
  auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(100);
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("t", sink));
  fs_.AddSymlink("/in/link.csv", "/etc/passwd");
  fs_.AddDir("/in/dir.csv");
  fs_.WriteFile("/in/real.csv", "x\n");
  InboxMonitor& monitor = Monitor();
  ASSERT_OK(monitor.AddInbox(spec_));
  watcher_.Hint("/in", "link.csv");  // events for it change nothing
  clock_.Advance(milliseconds(2'000));
  EXPECT_EQ(Step(), Strings{"real.csv"});
  monitor.RequestRescan();
  clock_.Advance(milliseconds(2'000));
  EXPECT_EQ(Step(), Strings{});
  clock_.Advance(milliseconds(2'000));
  EXPECT_EQ(Step(), Strings{"real.csv"});  // unclaimed: found again
  std::vector<std::string> lines = sink->last_formatted();
  spdlog::set_default_logger(previous);
  auto count = [&](const std::string& needle) {
    return std::count_if(lines.begin(), lines.end(), [&](const auto& line) {
      return line.find(needle) != std::string::npos;
    });
  };
  EXPECT_EQ(count("\"link.csv\""), 1);
  EXPECT_EQ(count("symbolic link"), 1);
  EXPECT_EQ(count("\"dir.csv\""), 1);
}

TEST_F(InboxMonitorTest, ReadyFilesComeOldestFirstAcrossInboxes) {
  fs_.AddDir("/stock");
  InboxSpec stock = spec_;
  stock.profile = "stock";
  stock.dir = "/stock";
  fs_.WriteFile("/in/newer.csv", "x");
  clock_.Advance(milliseconds(10));
  fs_.WriteFile("/stock/older.csv", "x");
  clock_.Advance(milliseconds(10));
  fs_.WriteFile("/in/newest.csv", "x");
  fs_.WriteFile("/stock/older.csv", "x");  // rewritten: now the newest
  fs_.WriteFile("/in/newer.csv", "x");
  InboxMonitor& monitor = Monitor();
  ASSERT_OK(monitor.AddInbox(spec_));
  ASSERT_OK(monitor.AddInbox(stock));
  clock_.Advance(milliseconds(2'000));
  Result<std::vector<ReadyFile>> ready = monitor.Step();
  ASSERT_OK(ready);
  ASSERT_EQ(ready->size(), 3u);
  // Same mtime: by profile, then name.
  EXPECT_EQ(Names(*ready), (Strings{"newer.csv", "newest.csv", "older.csv"}));
  EXPECT_EQ((*ready)[2].profile, "stock");
}

TEST_F(InboxMonitorTest, OlderMtimeComesFirst) {
  fs_.WriteFile("/in/b.csv", "x");
  clock_.Advance(milliseconds(500));
  fs_.WriteFile("/in/a.csv", "x");
  InboxMonitor& monitor = Monitor();
  ASSERT_OK(monitor.AddInbox(spec_));
  std::vector<InboxBacklog> backlog = monitor.Backlog();
  ASSERT_EQ(backlog.size(), 1u);
  EXPECT_EQ(backlog[0].files, 2u);
  EXPECT_EQ(backlog[0].oldest_mtime_ns, fs_.Stat("/in/b.csv")->mtime_ns);
  clock_.Advance(milliseconds(2'000));
  EXPECT_EQ(Step(), (Strings{"b.csv", "a.csv"}));
  EXPECT_EQ(monitor.Backlog()[0].files, 0u);
}

TEST_F(InboxMonitorTest, RemovedOrClaimedFileIsForgotten) {
  InboxMonitor& monitor = Monitor();
  ASSERT_OK(monitor.AddInbox(spec_));
  fs_.WriteFile("/in/a.csv", "x");
  fs_.WriteFile("/in/b.csv", "x");
  watcher_.Hint("/in", "a.csv");
  watcher_.Hint("/in", "b.csv");
  EXPECT_EQ(Step(), Strings{});
  fs_.Delete("/in/a.csv");
  watcher_.Removed("/in", "a.csv");
  fs_.Delete("/in/b.csv");  // taken by another daemon; event not read yet
  clock_.Advance(milliseconds(2'000));
  EXPECT_EQ(Step(), Strings{});
  EXPECT_EQ(monitor.Backlog()[0].files, 0u);
}

TEST_F(InboxMonitorTest, RemoveInboxStopsWatchingAndDropsItsEvents) {
  InboxMonitor& monitor = Monitor();
  ASSERT_OK(monitor.AddInbox(spec_));
  fs_.WriteFile("/in/a.csv", "x");
  watcher_.Hint("/in", "a.csv");
  monitor.RemoveInbox("3pl");
  monitor.RemoveInbox("unknown");
  EXPECT_EQ(watcher_.ops(), (Strings{"add /in", "remove 1"}));
  watcher_.Push({FsEventKind::kInboxGone, 1, "", ""});
  clock_.Advance(milliseconds(2'000));
  EXPECT_EQ(Step(), Strings{});
  EXPECT_TRUE(monitor.Inboxes().empty());
  EXPECT_TRUE(monitor.Backlog().empty());
}

TEST_F(InboxMonitorTest, AddInboxRefusesDuplicatesAndMissingDirectories) {
  InboxMonitor& monitor = Monitor();
  ASSERT_OK(monitor.AddInbox(spec_));
  EXPECT_EQ(monitor.AddInbox(spec_).code(), StatusCode::kInvalidInput);
  InboxSpec missing = spec_;
  missing.profile = "missing";
  missing.dir = "/nowhere";
  Status added = monitor.AddInbox(missing);
  EXPECT_EQ(added.code(), StatusCode::kNotFound);
  EXPECT_NE(added.message().find("/nowhere"), std::string::npos);
  fs_.WriteFile("/file", "x");
  missing.dir = "/file";
  EXPECT_EQ(monitor.AddInbox(missing).code(), StatusCode::kNotFound);
}

TEST_F(InboxMonitorTest, WatchLimitErrorIsPassedOn) {
  watcher_.FailNextAdd(Status::Io(
      "cannot watch \"/in\": raise sysctl fs.inotify.max_user_watches"));
  Status added = Monitor().AddInbox(spec_);
  EXPECT_EQ(added.code(), StatusCode::kIo);
  EXPECT_NE(added.message().find("max_user_watches"), std::string::npos);
  EXPECT_TRUE(monitor_->Inboxes().empty());
}

TEST_F(InboxMonitorTest, ReadErrorOfTheWatcherIsReturned) {
  InboxMonitor& monitor = Monitor();
  ASSERT_OK(monitor.AddInbox(spec_));
  watcher_.FailNextRead(Status::Io("cannot read inotify events"));
  EXPECT_EQ(monitor.Step().status().code(), StatusCode::kIo);
}

// The real thing: PosixFileSystem and InotifyWatcher on a temp directory,
// the way the daemon's watch thread drives it.
TEST(InboxMonitorOnDiskTest, UploadRenamedIntoTheInboxComesOutOnce) {
  testing::ScopedTempDir dir;
  std::filesystem::create_directory(dir.Join("inbox"));
  Result<std::unique_ptr<InotifyWatcher>> watcher = InotifyWatcher::Create();
  ASSERT_OK(watcher);
  InboxMonitor monitor(
      {fs::PosixFileSystem::Instance(), RealClock::Instance(), watcher->get()},
      MonitorOptions{});
  InboxSpec spec;
  spec.profile = "disk";
  spec.dir = dir.Join("inbox");
  spec.settle = milliseconds(200);
  ASSERT_OK(monitor.AddInbox(spec));
  ASSERT_EQ(monitor.Inboxes()[0].second, WatchHow::kInotify);

  std::string part = dir.WriteFile("inbox/drop.csv.part", "a,b\n1,2\n");
  SteadyTime renamed_at = RealClock::Instance().Now();
  ASSERT_EQ(rename(part.c_str(), dir.Join("inbox/drop.csv").c_str()), 0);
  std::vector<ReadyFile> got;
  SteadyTime deadline = renamed_at + std::chrono::seconds(10);
  while (got.empty() && RealClock::Instance().Now() < deadline) {
    SteadyTime next = std::min(monitor.NextDeadline(), deadline);
    auto wait =
        std::chrono::ceil<milliseconds>(next - RealClock::Instance().Now());
    pollfd pfd{monitor.fd(), POLLIN, 0};
    poll(&pfd, 1, static_cast<int>(std::max<int64_t>(0, wait.count())));
    Result<std::vector<ReadyFile>> ready = monitor.Step();
    ASSERT_OK(ready);
    got = *ready;
  }
  ASSERT_EQ(Names(got), std::vector<std::string>{"drop.csv"});
  EXPECT_EQ(got[0].size, 8u);
  EXPECT_GE(RealClock::Instance().Now() - renamed_at, milliseconds(200));
  Result<std::vector<ReadyFile>> again = monitor.Step();
  ASSERT_OK(again);
  EXPECT_TRUE(again->empty());
}

}  // namespace
}  // namespace m2drop::inbox
