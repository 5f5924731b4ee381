// SPDX-License-Identifier: Apache-2.0
#include "m2drop/csv/byte_source.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace m2drop::csv {

Result<std::unique_ptr<FileByteSource>> FileByteSource::Open(
    fs::FileSystem& fs, const std::string& path) {
  M2DROP_ASSIGN_OR_RETURN(std::unique_ptr<fs::ReadableFile> file,
                          fs.OpenRegular(path));
  return std::unique_ptr<FileByteSource>(new FileByteSource(std::move(file)));
}

Result<size_t> OpenFileByteSource::Read(char* buffer, size_t capacity) {
  M2DROP_ASSIGN_OR_RETURN(size_t n, file_.ReadAt(offset_, buffer, capacity));
  offset_ += n;
  return n;
}

Result<size_t> StringByteSource::Read(char* buffer, size_t capacity) {
  size_t n = std::min(capacity, data_.size() - offset_);
  std::memcpy(buffer, data_.data() + offset_, n);
  offset_ += n;
  return n;
}

}  // namespace m2drop::csv
