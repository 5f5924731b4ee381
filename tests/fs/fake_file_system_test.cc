// SPDX-License-Identifier: Apache-2.0
#include "fakes/fake_file_system.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "m2drop/base/fake_clock.h"
#include "testing/status_matchers.h"

namespace m2drop::fs {
namespace {

class FakeFileSystemTest : public ::testing::Test {
 protected:
  std::vector<std::string> Names(const std::string& dir) {
    auto entries = fs_.ListDir(dir);
    EXPECT_OK(entries);
    std::vector<std::string> names;
    if (!entries.ok()) return names;
    for (const DirEntry& e : *entries) names.push_back(e.name);
    std::sort(names.begin(), names.end());
    return names;
  }

  FakeClock clock_;
  FakeFileSystem fs_{clock_};
};

TEST_F(FakeFileSystemTest, WriteAndAppendTakeSizeAndMtimeFromTheClock) {
  fs_.WriteFile("/in/a.csv", "abc");
  auto first = fs_.Stat("/in/a.csv");
  ASSERT_OK(first);
  EXPECT_EQ(first->type, FileType::kRegular);
  EXPECT_EQ(first->size, 3u);

  clock_.Advance(std::chrono::seconds(2));
  fs_.Append("/in/a.csv", "de");
  auto second = fs_.Stat("/in/a.csv");
  ASSERT_OK(second);
  EXPECT_EQ(second->size, 5u);
  EXPECT_EQ(second->mtime_ns - first->mtime_ns, 2'000'000'000);
  EXPECT_EQ(second->inode, first->inode);
  EXPECT_EQ(fs_.Contents("/in/a.csv"), "abcde");
}

TEST_F(FakeFileSystemTest, ListDirShowsDirectChildrenOnly) {
  fs_.WriteFile("/in/a.csv", "");
  fs_.WriteFile("/in/sub/b.csv", "");
  fs_.WriteFile("/other/c.csv", "");
  EXPECT_EQ(Names("/in"), (std::vector<std::string>{"a.csv", "sub"}));
  EXPECT_EQ(Names("/in/"), (std::vector<std::string>{"a.csv", "sub"}));
  EXPECT_EQ(Names("/"), (std::vector<std::string>{"in", "other"}));
  EXPECT_EQ(fs_.ListDir("/nope").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(fs_.ListDir("/in/a.csv").status().code(), StatusCode::kIo);
}

TEST_F(FakeFileSystemTest, RenameFollowsThePosixContract) {
  fs_.WriteFile("/in/a.csv", "new");
  fs_.WriteFile("/work/a.csv", "old");
  Status taken = fs_.RenameNoReplace("/in/a.csv", "/work/a.csv");
  EXPECT_EQ(taken.code(), StatusCode::kRejected);
  EXPECT_NE(taken.message().find("exists"), std::string::npos);
  EXPECT_EQ(fs_.Contents("/work/a.csv"), "old");

  ASSERT_OK(fs_.RenameNoReplace("/in/a.csv", "/work/b.csv"));
  EXPECT_EQ(fs_.Contents("/work/b.csv"), "new");
  EXPECT_FALSE(fs_.Exists("/in/a.csv"));

  EXPECT_EQ(fs_.RenameNoReplace("/in/a.csv", "/work/c.csv").code(),
            StatusCode::kNotFound);
  EXPECT_EQ(fs_.RenameNoReplace("/work/b.csv", "/missing/b.csv").code(),
            StatusCode::kIo);
}

TEST_F(FakeFileSystemTest, RenameOfADirectoryMovesItsContent) {
  fs_.WriteFile("/a/x/f", "1");
  fs_.AddDir("/b");
  ASSERT_OK(fs_.RenameNoReplace("/a/x", "/b/y"));
  EXPECT_EQ(fs_.Contents("/b/y/f"), "1");
  EXPECT_FALSE(fs_.Exists("/a/x/f"));
  EXPECT_EQ(Names("/a"), std::vector<std::string>{});
}

TEST_F(FakeFileSystemTest, RecordsEveryCallIncludingFailures) {
  fs_.WriteFile("/in/a", "");
  (void)fs_.ListDir("/in");
  (void)fs_.Stat("/in/a");
  (void)fs_.RenameNoReplace("/in/a", "/in/b");
  (void)fs_.MakeDirs("/out/x");
  (void)fs_.Remove("/in/zz");
  (void)fs_.KindOf("/in");
  EXPECT_EQ(fs_.ops(), (std::vector<std::string>{
                           "list /in", "stat /in/a", "rename /in/a -> /in/b",
                           "mkdirs /out/x", "remove /in/zz", "kind /in"}));
  fs_.ClearOps();
  EXPECT_TRUE(fs_.ops().empty());
}

TEST_F(FakeFileSystemTest, FailNextFailsOnceOnThatPathOnly) {
  fs_.WriteFile("/in/a", "x");
  fs_.WriteFile("/in/b", "y");
  fs_.FailNext(FakeFileSystem::Op::kRename, "/in/a",
               Status::Io("disk on fire"));
  EXPECT_OK(fs_.RenameNoReplace("/in/b", "/in/b2"));
  EXPECT_EQ(fs_.RenameNoReplace("/in/a", "/in/a2"), Status::Io("disk on fire"));
  EXPECT_TRUE(fs_.Exists("/in/a"));
  EXPECT_OK(fs_.RenameNoReplace("/in/a", "/in/a2"));

  fs_.FailNext(FakeFileSystem::Op::kStat, "/in/a2", Status::Io("flaky"));
  EXPECT_EQ(fs_.Stat("/in/a2").status(), Status::Io("flaky"));
  EXPECT_OK(fs_.Stat("/in/a2"));
}

TEST_F(FakeFileSystemTest, MakeDirsAndRemove) {
  ASSERT_OK(fs_.MakeDirs("/a/b/c"));
  EXPECT_OK(fs_.MakeDirs("/a/b/c"));
  auto info = fs_.Stat("/a/b");
  ASSERT_OK(info);
  EXPECT_EQ(info->type, FileType::kDirectory);
  fs_.WriteFile("/a/file", "x");
  EXPECT_EQ(fs_.MakeDirs("/a/file/d").code(), StatusCode::kIo);
  EXPECT_OK(fs_.Remove("/a/file"));
  EXPECT_FALSE(fs_.Exists("/a/file"));
  EXPECT_OK(fs_.Remove("/a/file"));
  EXPECT_EQ(fs_.Remove("/a/b").code(), StatusCode::kIo);
}

TEST_F(FakeFileSystemTest, SymlinksAndKinds) {
  fs_.AddSymlink("/in/link", "/etc/passwd");
  auto info = fs_.Stat("/in/link");
  ASSERT_OK(info);
  EXPECT_EQ(info->type, FileType::kSymlink);

  fs_.AddDir("/mnt/nfs/inbox");
  fs_.SetKind("/mnt/nfs", FsKind::kNetwork);
  EXPECT_EQ(fs_.KindOf("/mnt/nfs/inbox").value_or(FsKind::kUnknown),
            FsKind::kNetwork);
  EXPECT_EQ(fs_.KindOf("/in").value_or(FsKind::kUnknown), FsKind::kLocal);
  EXPECT_EQ(fs_.KindOf("/gone").status().code(), StatusCode::kNotFound);
}

TEST_F(FakeFileSystemTest, DeleteActsLikeAnotherProcess) {
  fs_.WriteFile("/in/a", "x");
  fs_.Delete("/in");
  EXPECT_FALSE(fs_.Exists("/in/a"));
  EXPECT_FALSE(fs_.Exists("/in"));
  EXPECT_TRUE(fs_.ops().empty());
}

TEST_F(FakeFileSystemTest, OpenFilesReadTheirBytesAndLockPerInode) {
  fs_.WriteFile("/work/a.csv", "claimed");
  auto file = fs_.OpenRegular("/work/a.csv");
  ASSERT_OK(file);
  fs_.WriteFile("/work/a.csv", "replaced");  // a new inode under the name
  char buf[16];
  auto n = (*file)->ReadAt(0, buf, sizeof buf);
  ASSERT_OK(n);
  EXPECT_EQ(std::string(buf, *n), "claimed");
  auto now = fs_.Stat("/work/a.csv");
  ASSERT_OK(now);
  EXPECT_FALSE(SameFile((*file)->info(), *now));

  auto again = fs_.OpenRegular("/work/a.csv");
  auto third = fs_.OpenRegular("/work/a.csv");
  ASSERT_OK(again);
  ASSERT_OK(third);
  EXPECT_EQ((*again)->TryLock().value(), true);
  EXPECT_EQ((*third)->TryLock().value(), false);
  again->reset();
  EXPECT_EQ((*third)->TryLock().value(), true);
  fs_.AddSymlink("/work/link", "/etc/passwd");
  EXPECT_EQ(fs_.OpenRegular("/work/link").status().code(),
            StatusCode::kInvalidInput);
}

TEST_F(FakeFileSystemTest, TempFilesAreWrittenAndFailOnRequest) {
  fs_.AddDir("/out");
  auto tmp = WriteTempFile(fs_, "/out", "r.json", "{}");
  ASSERT_OK(tmp);
  EXPECT_EQ(fs_.Contents(*tmp), "{}");
  fs_.FailNext(FakeFileSystem::Op::kAppend, "/out",
               Status::Io("No space left on device"));
  auto full = WriteTempFile(fs_, "/out", "r.json", "{}");
  EXPECT_EQ(full.status(), Status::Io("No space left on device"));
  EXPECT_EQ(Names("/out").size(), 1u);  // nothing left behind
  EXPECT_EQ(WriteTempFile(fs_, "/none", "r", "x").status().code(),
            StatusCode::kNotFound);
  EXPECT_OK(fs_.SyncDir("/out"));
}

}  // namespace
}  // namespace m2drop::fs
