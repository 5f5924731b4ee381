// SPDX-License-Identifier: Apache-2.0
#include "m2drop/fs/content_hash.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::fs {
namespace {

using ::m2drop::testing::ScopedTempDir;

constexpr char kEmptySha[] =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr char kAbcSha[] =
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

class ContentHashTest : public ::testing::Test {
 protected:
  ScopedTempDir dir_;
  PosixFileSystem& fs_ = PosixFileSystem::Instance();
};

TEST_F(ContentHashTest, HashesBytesWithKnownVectors) {
  EXPECT_EQ(Sha256Hex(""), kEmptySha);
  EXPECT_EQ(Sha256Hex("abc"), kAbcSha);
}

TEST_F(ContentHashTest, HashesEmptyFile) {
  auto hash = Sha256OfFile(fs_, dir_.WriteFile("empty", ""));
  ASSERT_OK(hash);
  EXPECT_EQ(*hash, kEmptySha);
}

TEST_F(ContentHashTest, HashesSmallFile) {
  auto hash = Sha256OfFile(fs_, dir_.WriteFile("abc", "abc"));
  ASSERT_OK(hash);
  EXPECT_EQ(*hash, kAbcSha);
}

TEST_F(ContentHashTest, FileLargerThanOneBlockMatchesInMemoryHash) {
  // 2.5 MiB of a non-repeating-per-block pattern: three reads, the last
  // partial, so a block boundary bug changes the digest.
  std::string content;
  content.reserve(5 << 19);
  for (size_t i = 0; content.size() < (5u << 19); ++i) {
    content += std::to_string(i * 7919) + ",";
  }
  content.resize(5u << 19);
  auto hash = Sha256OfFile(fs_, dir_.WriteFile("big.csv", content));
  ASSERT_OK(hash);
  EXPECT_EQ(*hash, Sha256Hex(content));
  EXPECT_NE(*hash, Sha256Hex(content.substr(1)));
}

TEST_F(ContentHashTest, MillionAsIsTheStandardVector) {
  // FIPS 180-2 test vector: one million 'a'.
  auto hash = Sha256OfFile(fs_, dir_.WriteFile("a", std::string(1000000, 'a')));
  ASSERT_OK(hash);
  EXPECT_EQ(*hash,
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_F(ContentHashTest, MissingFileIsNotFoundNamingThePath) {
  auto hash = Sha256OfFile(fs_, dir_.Join("nothing.csv"));
  EXPECT_EQ(hash.status().code(), StatusCode::kNotFound);
  EXPECT_NE(hash.status().message().find("nothing.csv"), std::string::npos);
}

TEST_F(ContentHashTest, DirectoryOrSymlinkIsNotHashed) {
  auto hash = Sha256OfFile(fs_, dir_.path().string());
  EXPECT_EQ(hash.status().code(), StatusCode::kInvalidInput);
  const std::string target = dir_.WriteFile("abc", "abc");
  const std::string link = dir_.Join("link");
  ASSERT_EQ(symlink(target.c_str(), link.c_str()), 0);
  EXPECT_EQ(Sha256OfFile(fs_, link).status().code(), StatusCode::kInvalidInput);
}

TEST_F(ContentHashTest, OpenFileIsHashedFromItsStart) {
  auto file =
      PosixFileSystem::Instance().OpenRegular(dir_.WriteFile("abc", "abc"));
  ASSERT_OK(file);
  // Twice: a read never moves a position the next one depends on.
  EXPECT_EQ(Sha256Of(**file).value(), kAbcSha);
  EXPECT_EQ(Sha256Of(**file).value(), kAbcSha);
}

}  // namespace
}  // namespace m2drop::fs
