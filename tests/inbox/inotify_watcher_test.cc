// SPDX-License-Identifier: Apache-2.0
#include "m2drop/inbox/inotify_watcher.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <stdio.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>

#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::inbox {
namespace {

using testing::ScopedTempDir;

class InotifyWatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<InotifyWatcher>> made = InotifyWatcher::Create();
    ASSERT_OK(made);
    watcher_ = std::move(*made);
    std::filesystem::create_directory(inbox_);
    Result<int> wd = watcher_->Add(inbox_);
    ASSERT_OK(wd);
    wd_ = *wd;
  }

  // Reads events (waiting on fd() with poll(2)) until `done` holds for what
  // was read so far or 5 s pass; returns everything read.
  std::vector<FsEvent> ReadUntil(
      const std::function<bool(const std::vector<FsEvent>&)>& done) {
    std::vector<FsEvent> all;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!done(all)) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd pfd{watcher_->fd(), POLLIN, 0};
      if (poll(&pfd, 1, static_cast<int>(left.count())) <= 0) continue;
      Result<std::vector<FsEvent>> got = watcher_->ReadEvents();
      EXPECT_OK(got);
      if (!got.ok()) break;
      all.insert(all.end(), got->begin(), got->end());
    }
    return all;
  }
  static std::function<bool(const std::vector<FsEvent>&)> Has(
      FsEventKind kind, std::string name) {
    return [kind, name](const std::vector<FsEvent>& events) {
      for (const FsEvent& e : events) {
        if (e.kind == kind && e.name == name) return true;
      }
      return false;
    };
  }

  ScopedTempDir dir_;
  std::string inbox_ = dir_.Join("inbox");
  std::unique_ptr<InotifyWatcher> watcher_;
  int wd_ = -1;
};

TEST_F(InotifyWatcherTest, CreateAndCloseGiveCreatedThenHint) {
  dir_.WriteFile("inbox/a.csv", "x\n");
  std::vector<FsEvent> events = ReadUntil(Has(FsEventKind::kHint, "a.csv"));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0], (FsEvent{FsEventKind::kCreated, wd_, "a.csv", ""}));
  EXPECT_EQ(events[1], (FsEvent{FsEventKind::kHint, wd_, "a.csv", ""}));
}

TEST_F(InotifyWatcherTest, RenameIntoTheInboxIsAHint) {
  std::string outside = dir_.WriteFile("upload.part", "x\n");
  ASSERT_EQ(rename(outside.c_str(), (inbox_ + "/b.csv").c_str()), 0);
  std::vector<FsEvent> events = ReadUntil(Has(FsEventKind::kHint, "b.csv"));
  EXPECT_EQ(events,
            (std::vector<FsEvent>{{FsEventKind::kHint, wd_, "b.csv", ""}}));
}

TEST_F(InotifyWatcherTest, RenameAwayAndDeleteAreRemovals) {
  dir_.WriteFile("inbox/c.csv", "x\n");
  dir_.WriteFile("inbox/d.csv", "x\n");
  ReadUntil(Has(FsEventKind::kHint, "d.csv"));
  ASSERT_EQ(rename((inbox_ + "/c.csv").c_str(), dir_.Join("c.csv").c_str()), 0);
  std::filesystem::remove(inbox_ + "/d.csv");
  std::vector<FsEvent> events = ReadUntil(Has(FsEventKind::kRemoved, "d.csv"));
  EXPECT_EQ(events,
            (std::vector<FsEvent>{{FsEventKind::kRemoved, wd_, "c.csv", ""},
                                  {FsEventKind::kRemoved, wd_, "d.csv", ""}}));
}

TEST_F(InotifyWatcherTest, SubdirectoriesAreNotReported) {
  std::filesystem::create_directory(inbox_ + "/sub");
  dir_.WriteFile("inbox/e.csv", "x\n");
  std::vector<FsEvent> events = ReadUntil(Has(FsEventKind::kHint, "e.csv"));
  for (const FsEvent& e : events) EXPECT_NE(e.name, "sub");
}

TEST_F(InotifyWatcherTest, RemovingTheInboxSaysItIsGone) {
  std::filesystem::remove(inbox_);
  std::vector<FsEvent> events = ReadUntil([](const auto& events) {
    return !events.empty() && events.back().kind == FsEventKind::kInboxGone;
  });
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back(), (FsEvent{FsEventKind::kInboxGone, wd_, "", ""}));
}

TEST_F(InotifyWatcherTest, MovingTheInboxAwaySaysItIsGone) {
  ASSERT_EQ(rename(inbox_.c_str(), dir_.Join("elsewhere").c_str()), 0);
  std::vector<FsEvent> events = ReadUntil(Has(FsEventKind::kInboxGone, ""));
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.front(), (FsEvent{FsEventKind::kInboxGone, wd_, "", ""}));
}

TEST_F(InotifyWatcherTest, RemovedWatchReportsNothingMore) {
  std::filesystem::create_directory(dir_.Join("other"));
  Result<int> other = watcher_->Add(dir_.Join("other"));
  ASSERT_OK(other);
  dir_.WriteFile("inbox/queued.csv", "x\n");  // queued before the removal
  watcher_->Remove(wd_);
  dir_.WriteFile("other/f.csv", "x\n");
  std::vector<FsEvent> events = ReadUntil(Has(FsEventKind::kHint, "f.csv"));
  for (const FsEvent& e : events) {
    EXPECT_EQ(e.watch, *other) << e.name << " " << e.reason;
  }
}

TEST_F(InotifyWatcherTest, ReadWithNothingQueuedReturnsAtOnce) {
  Result<std::vector<FsEvent>> events = watcher_->ReadEvents();
  ASSERT_OK(events);
  EXPECT_TRUE(events->empty());
}

TEST_F(InotifyWatcherTest, MissingOrNonDirectoryIsNotFound) {
  EXPECT_EQ(watcher_->Add(dir_.Join("missing")).status().code(),
            StatusCode::kNotFound);
  std::string file = dir_.WriteFile("file", "x");
  Result<int> added = watcher_->Add(file);
  EXPECT_EQ(added.status().code(), StatusCode::kNotFound);
  EXPECT_NE(added.status().message().find("not a directory"),
            std::string::npos);
}

}  // namespace
}  // namespace m2drop::inbox
