// SPDX-License-Identifier: Apache-2.0
#include "m2drop/csv/byte_source.h"

#include <gtest/gtest.h>

#include "fakes/fake_file_system.h"
#include "m2drop/base/fake_clock.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::csv {
namespace {

fs::FileSystem& Posix() { return fs::PosixFileSystem::Instance(); }

std::string ReadAll(ByteSource& source, size_t chunk) {
  std::string out;
  std::string buf(chunk, '\0');
  for (;;) {
    Result<size_t> n = source.Read(buf.data(), chunk);
    EXPECT_OK(n);
    if (!n.ok() || *n == 0) return out;
    out.append(buf.data(), *n);
  }
}

TEST(ByteSourceTest, FileSourceReadsWholeFileAndKnowsItsSize) {
  m2drop::testing::ScopedTempDir dir;
  std::string data(100000, 'x');
  data += "end";
  auto source = FileByteSource::Open(Posix(), dir.WriteFile("a.csv", data));
  ASSERT_OK(source);
  EXPECT_EQ((*source)->size(), data.size());
  EXPECT_EQ(ReadAll(**source, 4096), data);
  char c;
  EXPECT_EQ(*(*source)->Read(&c, 1), 0u);  // Stays at the end.
}

TEST(ByteSourceTest, FileSourceClassifiesOpenFailures) {
  m2drop::testing::ScopedTempDir dir;
  auto missing = FileByteSource::Open(Posix(), dir.Join("nope.csv"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  auto directory = FileByteSource::Open(Posix(), dir.path().string());
  ASSERT_FALSE(directory.ok());
  EXPECT_EQ(directory.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(directory.status().message().find("not a regular file"),
            std::string::npos);
}

TEST(ByteSourceTest, FileSourceOpensThroughTheSeamItIsGiven) {
  FakeClock clock;
  fs::FakeFileSystem files(clock);
  files.WriteFile("/in/a.csv", "sku,quantity\n");
  auto source = FileByteSource::Open(files, "/in/a.csv");
  ASSERT_OK(source);
  EXPECT_EQ(ReadAll(**source, 4), "sku,quantity\n");
  EXPECT_EQ(files.ops(), std::vector<std::string>{"open /in/a.csv"});
  files.AddSymlink("/in/link.csv", "/etc/passwd");
  EXPECT_EQ(FileByteSource::Open(files, "/in/link.csv").status().code(),
            StatusCode::kInvalidInput);
}

TEST(ByteSourceTest, OpenFileSourceReadsTheOpenFileFromItsStart) {
  m2drop::testing::ScopedTempDir dir;
  std::string data(5000, 'y');
  auto file =
      fs::PosixFileSystem::Instance().OpenRegular(dir.WriteFile("a.csv", data));
  ASSERT_OK(file);
  char skip[10];
  ASSERT_OK((*file)->ReadAt(0, skip, sizeof skip));  // another reader
  OpenFileByteSource source(**file);
  EXPECT_EQ(source.size(), data.size());
  EXPECT_EQ(ReadAll(source, 333), data);
}

TEST(ByteSourceTest, StringSourceServesInChunks) {
  StringByteSource source("hello, world");
  EXPECT_EQ(source.size(), 12u);
  EXPECT_EQ(ReadAll(source, 5), "hello, world");
}

}  // namespace
}  // namespace m2drop::csv
