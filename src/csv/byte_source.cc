// SPDX-License-Identifier: Apache-2.0
#include "m2drop/csv/byte_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "m2drop/base/strings.h"

namespace m2drop::csv {
namespace {

std::string ErrnoText(int err) { return std::strerror(err); }

}  // namespace

Result<std::unique_ptr<FileByteSource>> FileByteSource::Open(
    const std::string& path) {
  // O_NONBLOCK: opening a FIFO would otherwise wait for a writer forever
  // (a FIFO dropped into an inbox, or named to `m2drop validate`); it is
  // refused below as not a regular file. Reads of regular files ignore it.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    int err = errno;
    std::string msg =
        "cannot open " + QuoteForMessage(path) + ": " + ErrnoText(err);
    if (err == ENOENT) return Status::NotFound(std::move(msg));
    return Status::Io(std::move(msg));
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return Status::Io("cannot stat " + QuoteForMessage(path) + ": " +
                      ErrnoText(err));
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::InvalidInput(QuoteForMessage(path) +
                                " is not a regular file");
  }
  return std::unique_ptr<FileByteSource>(
      new FileByteSource(fd, path, static_cast<uint64_t>(st.st_size)));
}

FileByteSource::~FileByteSource() { ::close(fd_); }

Result<size_t> FileByteSource::Read(char* buffer, size_t capacity) {
  for (;;) {
    ssize_t n = ::read(fd_, buffer, capacity);
    if (n >= 0) return static_cast<size_t>(n);
    if (errno == EINTR) continue;
    return Status::Io("cannot read " + QuoteForMessage(path_) + ": " +
                      ErrnoText(errno));
  }
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
