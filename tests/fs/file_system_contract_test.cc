// SPDX-License-Identifier: Apache-2.0
// The FileSystem contract (file_system.h), run against PosixFileSystem on a
// temp directory and against FakeFileSystem: what every test that uses the
// fake assumes of the disk is what the disk does. One error contract for
// every rename and mkdir of a drop's life.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "fakes/fake_file_system.h"
#include "m2drop/base/fake_clock.h"
#include "m2drop/base/strings.h"
#include "m2drop/fs/file_system.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::fs {
namespace {

using ::testing::HasSubstr;

// The real disk under a temp directory.
class PosixEnv {
 public:
  FileSystem& fs() { return PosixFileSystem::Instance(); }
  std::string Root() const { return dir_.path().string(); }
  void PutFile(const std::string& path, const std::string& bytes) {
    dir_.WriteFile(path.substr(Root().size() + 1), bytes);
  }
  void PutSymlink(const std::string& path, const std::string& target) {
    ASSERT_EQ(symlink(target.c_str(), path.c_str()), 0) << path;
  }

 private:
  testing::ScopedTempDir dir_;
};

// The fake, rooted at a directory of its own.
class FakeEnv {
 public:
  FakeEnv() { fs_.AddDir(Root()); }
  FileSystem& fs() { return fs_; }
  std::string Root() const { return "/contract"; }
  void PutFile(const std::string& path, const std::string& bytes) {
    fs_.WriteFile(path, bytes);
  }
  void PutSymlink(const std::string& path, const std::string& target) {
    fs_.AddSymlink(path, target);
  }

 private:
  FakeClock clock_;
  FakeFileSystem fs_{clock_};
};

template <typename Env>
class FileSystemContractTest : public ::testing::Test {
 protected:
  FileSystem& fs() { return env_.fs(); }
  std::string At(const std::string& name) { return env_.Root() + "/" + name; }
  std::string Put(const std::string& name, const std::string& bytes) {
    env_.PutFile(At(name), bytes);
    return At(name);
  }
  // The bytes of the regular file at `path` read through the seam; "" with
  // a test failure when it cannot be read.
  std::string Read(const std::string& path) {
    auto file = fs().OpenRegular(path);
    EXPECT_OK(file);
    if (!file.ok()) return "";
    std::string bytes(64, '\0');
    auto n = (*file)->ReadAt(0, bytes.data(), bytes.size());
    EXPECT_OK(n);
    bytes.resize(n.ok() ? *n : 0);
    return bytes;
  }
  std::vector<std::string> Names(const std::string& dir) {
    auto entries = fs().ListDir(dir);
    EXPECT_OK(entries);
    std::vector<std::string> names;
    if (!entries.ok()) return names;
    for (const DirEntry& e : *entries) names.push_back(e.name);
    std::sort(names.begin(), names.end());
    return names;
  }

  Env env_;
};

using Envs = ::testing::Types<PosixEnv, FakeEnv>;
TYPED_TEST_SUITE(FileSystemContractTest, Envs);

TYPED_TEST(FileSystemContractTest, RenameMovesTheFileWithItsIdentity) {
  const std::string from = this->Put("a.csv", "x");
  auto before = this->fs().Stat(from);
  ASSERT_OK(before);
  ASSERT_OK(this->fs().RenameNoReplace(from, this->At("b.csv")));
  auto after = this->fs().Stat(this->At("b.csv"));
  ASSERT_OK(after);
  EXPECT_TRUE(SameFile(*before, *after));
  EXPECT_EQ(this->fs().Stat(from).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(this->Read(this->At("b.csv")), "x");
}

TYPED_TEST(FileSystemContractTest, RenameNeverReplacesTheTarget) {
  const std::string from = this->Put("a.csv", "new");
  const std::string to = this->Put("b.csv", "old");
  Status s = this->fs().RenameNoReplace(from, to);
  EXPECT_EQ(s.code(), StatusCode::kRejected);
  EXPECT_THAT(s.message(), HasSubstr("the target exists"));
  EXPECT_EQ(this->Read(from), "new");
  EXPECT_EQ(this->Read(to), "old");
}

TYPED_TEST(FileSystemContractTest, RenameOfAGoneSourceIsNotFound) {
  Status s =
      this->fs().RenameNoReplace(this->At("gone.csv"), this->At("b.csv"));
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_THAT(s.message(), HasSubstr("no longer exists"));
}

TYPED_TEST(FileSystemContractTest, RenameIntoAMissingDirectoryIsIoSayingSo) {
  const std::string from = this->Put("a.csv", "x");
  const std::string file = this->Put("plain", "not a directory");
  for (const std::string& to : {this->At("nodir/a.csv"), file + "/a.csv"}) {
    Status s = this->fs().RenameNoReplace(from, to);
    EXPECT_EQ(s.code(), StatusCode::kIo) << to;
    EXPECT_THAT(s.message(), HasSubstr("the target directory does not exist"));
    EXPECT_EQ(this->Read(from), "x");
  }
}

TYPED_TEST(FileSystemContractTest, MakeDirsCreatesNestedAndAcceptsExisting) {
  const std::string deep = this->At("a/b/c");
  ASSERT_OK(this->fs().MakeDirs(deep));
  EXPECT_OK(this->fs().MakeDirs(deep));
  EXPECT_OK(this->fs().MakeDirs(deep + "/"));
  auto info = this->fs().Stat(deep);
  ASSERT_OK(info);
  EXPECT_EQ(info->type, FileType::kDirectory);
}

TYPED_TEST(FileSystemContractTest, MakeDirsNamesTheFileInTheWay) {
  const std::string file = this->Put("plain", "x");
  for (const std::string& dir : {file, file + "/below"}) {
    Status s = this->fs().MakeDirs(dir);
    EXPECT_EQ(s.code(), StatusCode::kIo) << dir;
    EXPECT_THAT(s.message(),
                HasSubstr(QuoteForMessage(file) + " is not a directory"));
  }
  EXPECT_EQ(this->Read(file), "x");
}

TYPED_TEST(FileSystemContractTest, RemoveToleratesGoneAndRefusesADirectory) {
  const std::string file = this->Put("f", "x");
  EXPECT_OK(this->fs().Remove(file));
  EXPECT_EQ(this->fs().Stat(file).status().code(), StatusCode::kNotFound);
  EXPECT_OK(this->fs().Remove(file));
  ASSERT_OK(this->fs().MakeDirs(this->At("d")));
  EXPECT_EQ(this->fs().Remove(this->At("d")).code(), StatusCode::kIo);
}

TYPED_TEST(FileSystemContractTest, NothingBelowAFileIsNotFound) {
  const std::string file = this->Put("plain", "x");
  EXPECT_EQ(this->fs().Stat(file + "/x").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(this->fs().OpenRegular(file + "/x").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(this->fs().Stat(this->At("none")).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(this->fs().OpenRegular(this->At("none")).status().code(),
            StatusCode::kNotFound);
}

TYPED_TEST(FileSystemContractTest, ListDirShowsNamesOrSaysWhyNot) {
  this->Put("d/a", "1");
  this->Put("d/b", "2");
  EXPECT_EQ(this->Names(this->At("d")), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(this->fs().ListDir(this->At("none")).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(this->fs().ListDir(this->At("d/a")).status().code(),
            StatusCode::kIo);
}

TYPED_TEST(FileSystemContractTest, OpenRegularRefusesLinksAndDirectories) {
  const std::string target = this->Put("target", "secret");
  this->env_.PutSymlink(this->At("link"), target);
  ASSERT_OK(this->fs().MakeDirs(this->At("d")));
  for (const std::string& path : {this->At("link"), this->At("d")}) {
    EXPECT_EQ(this->fs().OpenRegular(path).status().code(),
              StatusCode::kInvalidInput)
        << path;
  }
  auto link = this->fs().Stat(this->At("link"));
  ASSERT_OK(link);
  EXPECT_EQ(link->type, FileType::kSymlink);
}

TYPED_TEST(FileSystemContractTest, TempFilesAreHiddenAndWhereAsked) {
  ASSERT_OK(this->fs().MakeDirs(this->At("out")));
  auto tmp = WriteTempFile(this->fs(), this->At("out"), "r.json", "{}");
  ASSERT_OK(tmp);
  EXPECT_EQ(this->Read(*tmp), "{}");
  const std::vector<std::string> names = this->Names(this->At("out"));
  ASSERT_EQ(names.size(), 1u);
  EXPECT_EQ(names[0].rfind(".r.json.tmp-", 0), 0u) << names[0];
  EXPECT_OK(this->fs().SyncDir(this->At("out")));

  EXPECT_EQ(
      WriteTempFile(this->fs(), this->At("none"), "r", "x").status().code(),
      StatusCode::kNotFound);
  const std::string file = this->Put("plain", "x");
  EXPECT_EQ(this->fs().NewTempFile(file, "r").status().code(), StatusCode::kIo);
  EXPECT_EQ(this->fs().SyncDir(this->At("none")).code(), StatusCode::kIo);
}

TYPED_TEST(FileSystemContractTest, TryLockIsExclusivePerOpenFile) {
  const std::string path = this->Put("w.csv", "x");
  auto first = this->fs().OpenRegular(path);
  auto second = this->fs().OpenRegular(path);
  ASSERT_OK(first);
  ASSERT_OK(second);
  EXPECT_EQ((*first)->TryLock().value_or(false), true);
  EXPECT_EQ((*first)->TryLock().value_or(false), true);  // held already
  EXPECT_EQ((*second)->TryLock().value_or(true), false);
  first->reset();
  EXPECT_EQ((*second)->TryLock().value_or(false), true);
}

}  // namespace
}  // namespace m2drop::fs
