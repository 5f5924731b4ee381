// SPDX-License-Identifier: Apache-2.0
#include "m2drop/inbox/inotify_decoder.h"

#include <gtest/gtest.h>
#include <sys/inotify.h>

#include <cstring>
#include <string>

namespace m2drop::inbox {
namespace {

// Appends one record as the kernel lays it out: the header, then the name
// NUL-padded to `padded_len` bytes (the kernel pads to a multiple of
// sizeof(struct inotify_event)).
void Append(std::string& buf, int wd, uint32_t mask, std::string name = "",
            size_t padded_len = 0) {
  if (!name.empty() && padded_len == 0) {
    padded_len = (name.size() + 1 + 15) / 16 * 16;
  }
  inotify_event ev{};
  ev.wd = wd;
  ev.mask = mask;
  ev.len = static_cast<uint32_t>(padded_len);
  buf.append(reinterpret_cast<const char*>(&ev), sizeof ev);
  name.resize(padded_len, '\0');
  buf += name;
}

FsEvent Event(FsEventKind kind, int wd, std::string name) {
  return FsEvent{kind, wd, std::move(name), ""};
}

class InotifyDecoderTest : public ::testing::Test {
 protected:
  std::set<int> known_ = {1, 2};
  std::string buf_;
};

TEST_F(InotifyDecoderTest, DecodesSeveralEventsOfOneRead) {
  Append(buf_, 1, IN_CREATE, "a.csv");
  Append(buf_, 1, IN_CLOSE_WRITE, "a.csv");
  Append(buf_, 2, IN_MOVED_TO, "b.csv");
  Append(buf_, 2, IN_MOVED_FROM, "c.csv");
  Append(buf_, 1, IN_DELETE, "d.csv");
  std::vector<FsEvent> events = DecodeInotify(buf_, known_);
  EXPECT_EQ(events, (std::vector<FsEvent>{
                        Event(FsEventKind::kCreated, 1, "a.csv"),
                        Event(FsEventKind::kHint, 1, "a.csv"),
                        Event(FsEventKind::kHint, 2, "b.csv"),
                        Event(FsEventKind::kRemoved, 2, "c.csv"),
                        Event(FsEventKind::kRemoved, 1, "d.csv"),
                    }));
}

TEST_F(InotifyDecoderTest, StripsNamePaddingOfAnyLength) {
  Append(buf_, 1, IN_CLOSE_WRITE, "x.csv", 64);
  Append(buf_, 1, IN_CLOSE_WRITE, "exactly-sixteen.", 32);
  Append(buf_, 1, IN_CLOSE_WRITE, "y.csv", 6);  // no padding past the NUL
  std::vector<FsEvent> events = DecodeInotify(buf_, known_);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].name, "x.csv");
  EXPECT_EQ(events[1].name, "exactly-sixteen.");
  EXPECT_EQ(events[2].name, "y.csv");
}

TEST_F(InotifyDecoderTest, OverflowAsksForAFullRescan) {
  Append(buf_, -1, IN_Q_OVERFLOW);
  Append(buf_, 1, IN_CLOSE_WRITE, "after.csv");
  std::vector<FsEvent> events = DecodeInotify(buf_, known_);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, FsEventKind::kRescan);
  EXPECT_EQ(events[0].watch, -1);
  EXPECT_NE(events[0].reason.find("overflow"), std::string::npos);
  EXPECT_EQ(events[1], Event(FsEventKind::kHint, 1, "after.csv"));
}

TEST_F(InotifyDecoderTest, UnknownWatchAsksForRescanNamingIt) {
  Append(buf_, 7, IN_CLOSE_WRITE, "a.csv");
  std::vector<FsEvent> events = DecodeInotify(buf_, known_);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, FsEventKind::kRescan);
  EXPECT_EQ(events[0].watch, 7);
  EXPECT_NE(events[0].reason.find("unknown watch 7"), std::string::npos);
}

TEST_F(InotifyDecoderTest, DirectoryEntriesAreDropped) {
  Append(buf_, 1, IN_CREATE | IN_ISDIR, "sub");
  Append(buf_, 1, IN_MOVED_TO | IN_ISDIR, "moved-in");
  Append(buf_, 1, IN_DELETE | IN_ISDIR, "sub");
  Append(buf_, 1, IN_CLOSE_WRITE, "file.csv");
  std::vector<FsEvent> events = DecodeInotify(buf_, known_);
  EXPECT_EQ(events,
            (std::vector<FsEvent>{Event(FsEventKind::kHint, 1, "file.csv")}));
}

TEST_F(InotifyDecoderTest, SelfEventsMeanTheInboxIsGone) {
  for (uint32_t mask : {IN_DELETE_SELF | IN_ISDIR, IN_MOVE_SELF | IN_ISDIR,
                        IN_UNMOUNT, IN_IGNORED}) {
    buf_.clear();
    Append(buf_, 2, mask);
    std::vector<FsEvent> events = DecodeInotify(buf_, known_);
    EXPECT_EQ(events,
              (std::vector<FsEvent>{Event(FsEventKind::kInboxGone, 2, "")}))
        << "mask " << mask;
  }
}

TEST_F(InotifyDecoderTest, TruncatedHeaderEndsWithRescan) {
  Append(buf_, 1, IN_CLOSE_WRITE, "a.csv");
  Append(buf_, 1, IN_CLOSE_WRITE, "b.csv");
  buf_.resize(buf_.size() - 16 - 4);  // cut inside the second header
  std::vector<FsEvent> events = DecodeInotify(buf_, known_);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0], Event(FsEventKind::kHint, 1, "a.csv"));
  EXPECT_EQ(events[1].kind, FsEventKind::kRescan);
  EXPECT_NE(events[1].reason.find("truncated"), std::string::npos);
}

TEST_F(InotifyDecoderTest, TruncatedNameEndsWithRescan) {
  Append(buf_, 1, IN_CLOSE_WRITE, "a.csv", 32);
  buf_.resize(buf_.size() - 8);
  std::vector<FsEvent> events = DecodeInotify(buf_, known_);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, FsEventKind::kRescan);
}

TEST_F(InotifyDecoderTest, UnexpectedMaskOrMissingNameAsksForRescan) {
  Append(buf_, 1, IN_ATTRIB, "a.csv");
  Append(buf_, 1, IN_CLOSE_WRITE);
  std::vector<FsEvent> events = DecodeInotify(buf_, known_);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, FsEventKind::kRescan);
  EXPECT_NE(events[0].reason.find("unexpected"), std::string::npos);
  EXPECT_EQ(events[1].kind, FsEventKind::kRescan);
  EXPECT_NE(events[1].reason.find("without a file name"), std::string::npos);
}

TEST_F(InotifyDecoderTest, EmptyReadGivesNoEvents) {
  EXPECT_TRUE(DecodeInotify("", known_).empty());
}

}  // namespace
}  // namespace m2drop::inbox
