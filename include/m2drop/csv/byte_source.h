// SPDX-License-Identifier: Apache-2.0
// ByteSource: where the CSV reader gets its raw bytes, one chunk at a time.
//
// The reader never holds a whole file: it pulls chunks through this seam and
// keeps only the record it is assembling. Three implementations live here:
// OpenFileByteSource reads an fs::ReadableFile the caller holds open (the
// daemon's claimed drop: the bytes imported are the bytes claimed);
// FileByteSource opens a path through the fs::FileSystem seam and reads it;
// StringByteSource serves an in-memory string (tests, small inputs). Tests add
// their own (a source that dribbles one byte per call, or one that generates
// gigabytes on the fly).
//
// A ByteSource is used by one thread at a time; Read blocks on the disk.
#ifndef M2DROP_CSV_BYTE_SOURCE_H_
#define M2DROP_CSV_BYTE_SOURCE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "m2drop/base/result.h"
#include "m2drop/fs/file_system.h"

namespace m2drop::csv {

class ByteSource {
 public:
  virtual ~ByteSource() = default;

  // Copies up to `capacity` bytes into `buffer` and returns how many; 0 means
  // the end of the data (and stays 0). Fewer than `capacity` bytes does not
  // mean the end. kIo when the underlying read fails.
  // REQUIRES: capacity > 0.
  virtual Result<size_t> Read(char* buffer, size_t capacity) = 0;

  // The total size in bytes when it is known up front (regular files), so a
  // size limit can refuse a file before reading it.
  virtual std::optional<uint64_t> size() const { return std::nullopt; }
};

// Reads an open file from its start, through ReadAt (the file's other
// readers, e.g. its hash, do not move this one's position). size() is the
// size the file had when opened. `file` must outlive the source.
class OpenFileByteSource final : public ByteSource {
 public:
  explicit OpenFileByteSource(const fs::ReadableFile& file) : file_(file) {}

  Result<size_t> Read(char* buffer, size_t capacity) override;
  std::optional<uint64_t> size() const override { return file_.info().size; }

 private:
  const fs::ReadableFile& file_;
  uint64_t offset_ = 0;
};

// Reads a file it opens by path through the fs::FileSystem seam, and owns.
class FileByteSource final : public ByteSource {
 public:
  // Opens `path` with fs.OpenRegular (never through a symbolic link, never
  // waiting for a FIFO's writer): kNotFound when nothing is there,
  // kInvalidInput when it is not a regular file (a directory, a FIFO, a
  // symbolic link), kIo for other failures.
  static Result<std::unique_ptr<FileByteSource>> Open(fs::FileSystem& fs,
                                                      const std::string& path);

  Result<size_t> Read(char* buffer, size_t capacity) override {
    return reader_.Read(buffer, capacity);
  }
  std::optional<uint64_t> size() const override { return reader_.size(); }

 private:
  explicit FileByteSource(std::unique_ptr<fs::ReadableFile> file)
      : file_(std::move(file)), reader_(*file_) {}

  std::unique_ptr<fs::ReadableFile> file_;
  OpenFileByteSource reader_;
};

// Serves the bytes of a string it owns.
class StringByteSource final : public ByteSource {
 public:
  explicit StringByteSource(std::string data) : data_(std::move(data)) {}

  Result<size_t> Read(char* buffer, size_t capacity) override;
  std::optional<uint64_t> size() const override { return data_.size(); }

 private:
  std::string data_;
  size_t offset_ = 0;
};

}  // namespace m2drop::csv

#endif  // M2DROP_CSV_BYTE_SOURCE_H_
