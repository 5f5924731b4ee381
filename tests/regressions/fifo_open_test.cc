// SPDX-License-Identifier: Apache-2.0
// Regression (hostile-input corpus, issue 8): opening a FIFO as a CSV file
// waited for a writer forever — `m2drop validate some.fifo` hung — before
// FileByteSource::Open refused it as not a regular file.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <string>

#include "m2drop/csv/byte_source.h"
#include "m2drop/csv/reader.h"
#include "testing/temp_dir.h"

namespace m2drop::csv {
namespace {

using std::chrono::seconds;

class FifoOpenRegressionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.Join("drop.csv");
    ASSERT_EQ(::mkfifo(path_.c_str(), 0600), 0);
  }

  // Opening a FIFO for writing without blocking succeeds only while a
  // reader has it open: it releases an Open() that wrongly waits.
  void ReleaseABlockedReader() {
    int fd = ::open(path_.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd >= 0) ::close(fd);
  }

  testing::ScopedTempDir dir_;
  std::string path_;
};

TEST_F(FifoOpenRegressionTest, FileByteSourceRefusesAFifoWithoutWaiting) {
  auto opened = std::async(std::launch::async, [&] {
    return FileByteSource::Open(fs::PosixFileSystem::Instance(), path_);
  });
  if (opened.wait_for(seconds(5)) != std::future_status::ready) {
    ReleaseABlockedReader();
    FAIL() << "FileByteSource::Open waited for a writer on a FIFO";
  }
  auto source = opened.get();
  ASSERT_FALSE(source.ok());
  EXPECT_EQ(source.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(source.status().message().find("is not a regular file"),
            std::string::npos)
      << source.status();
}

TEST_F(FifoOpenRegressionTest, ReaderOpenNamesTheFifo) {
  auto opened = std::async(std::launch::async, [&] {
    return Reader::Open(fs::PosixFileSystem::Instance(), path_, {});
  });
  if (opened.wait_for(seconds(5)) != std::future_status::ready) {
    ReleaseABlockedReader();
    FAIL() << "Reader::Open waited for a writer on a FIFO";
  }
  auto reader = opened.get();
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(reader.status().message().find("drop.csv"), std::string::npos);
}

}  // namespace
}  // namespace m2drop::csv
