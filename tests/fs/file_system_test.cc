// SPDX-License-Identifier: Apache-2.0
#include "m2drop/fs/file_system.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::fs {
namespace {

using ::m2drop::testing::ReadWholeFile;
using ::m2drop::testing::ScopedTempDir;

class PosixFileSystemTest : public ::testing::Test {
 protected:
  PosixFileSystem& fs_ = PosixFileSystem::Instance();
  ScopedTempDir dir_;
};

TEST_F(PosixFileSystemTest, ListDirReportsEntriesWithoutDots) {
  dir_.WriteFile("a.csv", "12345");
  dir_.WriteFile("sub/b.csv", "x");
  auto entries = fs_.ListDir(dir_.path().string());
  ASSERT_OK(entries);
  std::vector<std::string> names;
  for (const DirEntry& e : *entries) names.push_back(e.name);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"a.csv", "sub"}));
  for (const DirEntry& e : *entries) {
    if (e.name == "a.csv") {
      EXPECT_EQ(e.info.type, FileType::kRegular);
      EXPECT_EQ(e.info.size, 5u);
      EXPECT_GT(e.info.mtime_ns, 0);
    } else {
      EXPECT_EQ(e.info.type, FileType::kDirectory);
    }
  }
}

TEST_F(PosixFileSystemTest, ListDirOfMissingDirectoryIsNotFound) {
  auto entries = fs_.ListDir(dir_.Join("nope"));
  EXPECT_EQ(entries.status().code(), StatusCode::kNotFound);
  EXPECT_NE(entries.status().message().find("nope"), std::string::npos);
}

TEST_F(PosixFileSystemTest, ListDirOfAFileIsNotADirectory) {
  std::string file = dir_.WriteFile("f", "x");
  auto entries = fs_.ListDir(file);
  EXPECT_EQ(entries.status().code(), StatusCode::kIo);
  EXPECT_NE(entries.status().message().find("Not a directory"),
            std::string::npos)
      << entries.status();
}

TEST_F(PosixFileSystemTest, StatOfSymlinkReportsTheLinkNotItsTarget) {
  std::string target = dir_.WriteFile("target.csv", "0123456789");
  std::string link = dir_.Join("link.csv");
  ASSERT_EQ(symlink(target.c_str(), link.c_str()), 0);
  auto info = fs_.Stat(link);
  ASSERT_OK(info);
  EXPECT_EQ(info->type, FileType::kSymlink);
  auto target_info = fs_.Stat(target);
  ASSERT_OK(target_info);
  EXPECT_EQ(target_info->type, FileType::kRegular);
  EXPECT_NE(info->inode, target_info->inode);
}

TEST_F(PosixFileSystemTest, ListDirDoesNotFollowSymlinks) {
  ASSERT_EQ(symlink("/etc", dir_.Join("etc").c_str()), 0);
  auto entries = fs_.ListDir(dir_.path().string());
  ASSERT_OK(entries);
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].info.type, FileType::kSymlink);
}

TEST_F(PosixFileSystemTest, StatOfMissingPathIsNotFound) {
  auto info = fs_.Stat(dir_.Join("missing"));
  EXPECT_EQ(info.status().code(), StatusCode::kNotFound);
  EXPECT_NE(info.status().message().find("missing"), std::string::npos);
}

TEST_F(PosixFileSystemTest, StatBelowAFileIsNotFound) {
  std::string file = dir_.WriteFile("f", "x");
  EXPECT_EQ(fs_.Stat(file + "/below").status().code(), StatusCode::kNotFound);
}

TEST_F(PosixFileSystemTest, RenameNoReplaceMovesTheFile) {
  std::string from = dir_.WriteFile("a", "content");
  std::string to = dir_.Join("b");
  ASSERT_OK(fs_.RenameNoReplace(from, to));
  EXPECT_EQ(ReadWholeFile(to), "content");
  EXPECT_EQ(fs_.Stat(from).status().code(), StatusCode::kNotFound);
}

TEST_F(PosixFileSystemTest, RenameNoReplaceRefusesAnExistingTarget) {
  std::string from = dir_.WriteFile("a", "new");
  std::string to = dir_.WriteFile("b", "old");
  Status s = fs_.RenameNoReplace(from, to);
  EXPECT_EQ(s.code(), StatusCode::kRejected);
  EXPECT_NE(s.message().find("exists"), std::string::npos) << s;
  EXPECT_EQ(ReadWholeFile(to), "old");
  EXPECT_EQ(ReadWholeFile(from), "new");
}

TEST_F(PosixFileSystemTest, RenameNoReplaceOfGoneSourceIsNotFound) {
  Status s = fs_.RenameNoReplace(dir_.Join("gone"), dir_.Join("b"));
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_NE(s.message().find("gone"), std::string::npos) << s;
}

TEST_F(PosixFileSystemTest, RenameIntoMissingDirectoryIsIoNamingIt) {
  std::string from = dir_.WriteFile("a", "x");
  Status s = fs_.RenameNoReplace(from, dir_.Join("nodir/a"));
  EXPECT_EQ(s.code(), StatusCode::kIo);
  EXPECT_NE(s.message().find("target directory"), std::string::npos) << s;
  EXPECT_EQ(ReadWholeFile(from), "x");
}

TEST_F(PosixFileSystemTest, RenameAcrossFilesystemsIsIoSayingSo) {
  // /dev/shm is a tmpfs on most Linux hosts; skip where it shares the temp
  // dir's filesystem or is missing.
  ScopedTempDir other_base;  // only for its name's uniqueness
  std::string target = "/dev/shm/" + other_base.path().filename().string();
  auto shm = fs_.Stat("/dev/shm");
  auto here = fs_.Stat(dir_.path().string());
  ASSERT_OK(here);
  if (!shm.ok() || shm->device == here->device) {
    GTEST_SKIP() << "no second filesystem at /dev/shm";
  }
  std::string from = dir_.WriteFile("a", "x");
  Status s = fs_.RenameNoReplace(from, target);
  EXPECT_EQ(s.code(), StatusCode::kIo);
  EXPECT_NE(s.message().find("different filesystems"), std::string::npos) << s;
  // The one message of a cross-device move says what to change.
  EXPECT_NE(s.message().find("on one filesystem"), std::string::npos) << s;
  EXPECT_EQ(ReadWholeFile(from), "x");
  EXPECT_OK(fs_.Remove(target));  // in case the kernel moved it after all
}

TEST_F(PosixFileSystemTest, MakeDirsCreatesNestedAndAcceptsExisting) {
  std::string deep = dir_.Join("a/b/c");
  ASSERT_OK(fs_.MakeDirs(deep));
  EXPECT_TRUE(std::filesystem::is_directory(deep));
  EXPECT_OK(fs_.MakeDirs(deep));
}

TEST_F(PosixFileSystemTest, MakeDirsOverAFileIsIo) {
  std::string file = dir_.WriteFile("plain", "x");
  Status s = fs_.MakeDirs(file);
  EXPECT_EQ(s.code(), StatusCode::kIo);
  EXPECT_NE(s.message().find("plain"), std::string::npos) << s;
}

TEST_F(PosixFileSystemTest, RemoveDeletesAndToleratesGone) {
  std::string file = dir_.WriteFile("f", "x");
  ASSERT_OK(fs_.Remove(file));
  EXPECT_FALSE(std::filesystem::exists(file));
  EXPECT_OK(fs_.Remove(file));
}

TEST_F(PosixFileSystemTest, RemoveOfADirectoryIsIo) {
  ASSERT_OK(fs_.MakeDirs(dir_.Join("d")));
  EXPECT_EQ(fs_.Remove(dir_.Join("d")).code(), StatusCode::kIo);
}

TEST_F(PosixFileSystemTest, KindOfTempDirIsKnown) {
  auto kind = fs_.KindOf(dir_.path().string());
  ASSERT_OK(kind);
  EXPECT_NE(*kind, FsKind::kUnknown);
}

TEST_F(PosixFileSystemTest, KindOfProcIsLocal) {
  auto kind = fs_.KindOf("/proc");
  ASSERT_OK(kind);
  EXPECT_EQ(*kind, FsKind::kLocal);
}

TEST_F(PosixFileSystemTest, KindOfMissingPathIsNotFound) {
  EXPECT_EQ(fs_.KindOf(dir_.Join("missing")).status().code(),
            StatusCode::kNotFound);
}

// A drop's bytes, read at offsets through one open file: what the daemon
// imports is what it claimed, whatever the name points to later.
TEST_F(PosixFileSystemTest, OpenRegularReadsTheOpenFileNotWhatTheNameBecomes) {
  std::string path = dir_.WriteFile("work/a.csv", "claimed bytes");
  auto file = fs_.OpenRegular(path);
  ASSERT_OK(file);
  EXPECT_EQ((*file)->info().size, 13u);
  auto stat = fs_.Stat(path);
  ASSERT_OK(stat);
  EXPECT_TRUE(SameFile((*file)->info(), *stat));
  // Replaced by another file under the same name.
  std::string other = dir_.WriteFile("work/.other", "OTHER");
  ASSERT_EQ(rename(other.c_str(), path.c_str()), 0);
  char buf[64];
  auto n = (*file)->ReadAt(8, buf, sizeof buf);
  ASSERT_OK(n);
  EXPECT_EQ(std::string(buf, *n), "bytes");
  n = (*file)->ReadAt(0, buf, 7);
  ASSERT_OK(n);
  EXPECT_EQ(std::string(buf, *n), "claimed");
  n = (*file)->ReadAt(13, buf, sizeof buf);
  ASSERT_OK(n);
  EXPECT_EQ(*n, 0u);
  auto now = fs_.Stat(path);
  ASSERT_OK(now);
  EXPECT_FALSE(SameFile((*file)->info(), *now));
}

TEST_F(PosixFileSystemTest, OpenRegularRefusesLinksDirectoriesAndFifos) {
  std::string target = dir_.WriteFile("private", "secret");
  std::string link = dir_.Join("link.csv");
  ASSERT_EQ(symlink(target.c_str(), link.c_str()), 0);
  EXPECT_EQ(fs_.OpenRegular(link).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(fs_.OpenRegular(dir_.path().string()).status().code(),
            StatusCode::kInvalidInput);
  std::string fifo = dir_.Join("fifo.csv");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_EQ(fs_.OpenRegular(fifo).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(fs_.OpenRegular(dir_.Join("none")).status().code(),
            StatusCode::kNotFound);
}

TEST_F(PosixFileSystemTest, TryLockIsExclusivePerOpenFile) {
  std::string path = dir_.WriteFile("a.csv", "x");
  auto first = fs_.OpenRegular(path);
  auto second = fs_.OpenRegular(path);
  ASSERT_OK(first);
  ASSERT_OK(second);
  EXPECT_EQ((*first)->TryLock().value(), true);
  EXPECT_EQ((*first)->TryLock().value(), true);  // held already
  EXPECT_EQ((*second)->TryLock().value(), false);
  first->reset();
  EXPECT_EQ((*second)->TryLock().value(), true);
}

TEST_F(PosixFileSystemTest, TempFilesAreHiddenGroupReadableAndComplete) {
  auto tmp = WriteTempFile(fs_, dir_.path().string(), "x.json", "{}");
  ASSERT_OK(tmp);
  const std::string name = std::filesystem::path(*tmp).filename().string();
  EXPECT_EQ(name.rfind(".x.json.tmp-", 0), 0u) << name;
  EXPECT_EQ(ReadWholeFile(*tmp), "{}");
  struct stat st;
  ASSERT_EQ(stat(tmp->c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
}

TEST_F(PosixFileSystemTest, TempFileOfANameMaxNameFits) {
  auto tmp =
      WriteTempFile(fs_, dir_.path().string(), std::string(255, 'n'), "x");
  ASSERT_OK(tmp);
  EXPECT_LE(std::filesystem::path(*tmp).filename().string().size(), 255u);
}

TEST_F(PosixFileSystemTest, TempFileInAMissingDirectoryLeavesNothing) {
  auto tmp = WriteTempFile(fs_, dir_.Join("nope"), "x", "y");
  EXPECT_EQ(tmp.status().code(), StatusCode::kNotFound);
  EXPECT_NE(tmp.status().message().find("nope"), std::string::npos);
}

TEST_F(PosixFileSystemTest, SyncDirOfAMissingDirectoryIsIo) {
  EXPECT_OK(fs_.SyncDir(dir_.path().string()));
  EXPECT_EQ(fs_.SyncDir(dir_.Join("nope")).code(), StatusCode::kIo);
}

}  // namespace
}  // namespace m2drop::fs
