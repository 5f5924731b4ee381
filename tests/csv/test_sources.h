// SPDX-License-Identifier: Apache-2.0
// Byte sources for csv/ tests: one that hands out a string a few bytes at a
// time (to put every buffer boundary in every place), and one that generates
// a large input on the fly without holding it.
#ifndef M2DROP_TESTS_CSV_TEST_SOURCES_H_
#define M2DROP_TESTS_CSV_TEST_SOURCES_H_

#include <algorithm>
#include <cstring>
#include <functional>
#include <string>

#include "m2drop/csv/byte_source.h"

namespace m2drop::csv::testing {

// Serves `data` at most `chunk` bytes per Read; reports no size, like a pipe.
class ChunkedSource final : public ByteSource {
 public:
  ChunkedSource(std::string data, size_t chunk)
      : data_(std::move(data)), chunk_(chunk) {}

  Result<size_t> Read(char* buffer, size_t capacity) override {
    size_t n = std::min({capacity, chunk_, data_.size() - offset_});
    std::memcpy(buffer, data_.data() + offset_, n);
    offset_ += n;
    return n;
  }

 private:
  std::string data_;
  size_t chunk_;
  size_t offset_ = 0;
};

// Produces `header` and then `rows` lines made by `make_row(i)` (i from 1),
// generating each line when it is needed. Reports no size.
class GeneratedSource final : public ByteSource {
 public:
  GeneratedSource(std::string header, uint64_t rows,
                  std::function<std::string(uint64_t)> make_row)
      : pending_(std::move(header)), rows_(rows), make_row_(make_row) {}

  Result<size_t> Read(char* buffer, size_t capacity) override {
    size_t written = 0;
    while (written < capacity) {
      if (offset_ == pending_.size()) {
        if (next_ > rows_) break;
        pending_ = make_row_(next_++);
        offset_ = 0;
      }
      size_t n = std::min(capacity - written, pending_.size() - offset_);
      std::memcpy(buffer + written, pending_.data() + offset_, n);
      offset_ += n;
      written += n;
      total_ += n;
    }
    return written;
  }

  uint64_t total_bytes() const { return total_; }

 private:
  std::string pending_;
  size_t offset_ = 0;
  uint64_t rows_;
  uint64_t next_ = 1;
  std::function<std::string(uint64_t)> make_row_;
  uint64_t total_ = 0;
};

// Serves `data`, then fails every further read: for I/O error paths.
class FailingSource final : public ByteSource {
 public:
  explicit FailingSource(std::string data) : data_(std::move(data)) {}

  Result<size_t> Read(char* buffer, size_t capacity) override {
    if (offset_ == data_.size()) return Status::Io("disk on fire");
    size_t n = std::min(capacity, data_.size() - offset_);
    std::memcpy(buffer, data_.data() + offset_, n);
    offset_ += n;
    return n;
  }

 private:
  std::string data_;
  size_t offset_ = 0;
};

}  // namespace m2drop::csv::testing

#endif  // M2DROP_TESTS_CSV_TEST_SOURCES_H_
