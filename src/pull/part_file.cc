// SPDX-License-Identifier: Apache-2.0
#include "part_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "m2drop/base/strings.h"

namespace m2drop::pull::internal {
namespace {

Status Errno(const std::string& what, const std::string& path, int err) {
  return Status::Io("cannot " + what + " " + QuoteForMessage(path) + ": " +
                    std::strerror(err));
}

}  // namespace

Result<std::unique_ptr<PartFile>> PartFile::Create(const std::string& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    return Errno("remove the leftover", path, errno);
  }
  const int fd =
      ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) return Errno("create", path, errno);
  return std::unique_ptr<PartFile>(new PartFile(path, fd));
}

PartFile::~PartFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!finished_) ::unlink(path_.c_str());
}

Status PartFile::Finish(int64_t mtime_s) {
  // The producer's time, as `sftp get -p` keeps it: min_age and the
  // daemon's oldest-first order then mean what they say.
  const timespec times[2] = {{0, UTIME_OMIT}, {mtime_s, 0}};
  if (::futimens(fd_, times) != 0)
    return Errno("set the mtime of", path_, errno);
  if (::fsync(fd_) != 0) return Errno("fsync", path_, errno);
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) return Errno("close", path_, errno);
  finished_ = true;
  return Status::Ok();
}

}  // namespace m2drop::pull::internal
