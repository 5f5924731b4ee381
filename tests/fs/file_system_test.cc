// SPDX-License-Identifier: Apache-2.0
#include "m2drop/fs/file_system.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
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

}  // namespace
}  // namespace m2drop::fs
