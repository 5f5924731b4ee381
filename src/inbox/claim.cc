// SPDX-License-Identifier: Apache-2.0
#include "m2drop/inbox/claim.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "m2drop/base/strings.h"

namespace m2drop::inbox {
namespace {

// Enough for any real collision; past it something is wrong with work/.
constexpr int kMaxSuffix = 1000;

// "name.csv" with suffix 2 → "name.2.csv"; "name" → "name.2". A leading
// dot is part of the stem, not an extension.
std::string WithSuffix(const std::string& name, int n) {
  size_t dot = name.rfind('.');
  if (dot == std::string::npos || dot == 0) {
    return name + "." + std::to_string(n);
  }
  return name.substr(0, dot) + "." + std::to_string(n) + name.substr(dot);
}

std::string JoinPath(const std::string& dir, const std::string& name) {
  if (!dir.empty() && dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

// Renames into work/ under the first free name.
Result<std::string> RenameIntoWork(fs::FileSystem& fs, const ReadyFile& file,
                                   const std::string& work_dir) {
  for (int n = 0; n <= kMaxSuffix; ++n) {
    std::string name = n == 0 ? file.name : WithSuffix(file.name, n);
    std::string target = JoinPath(work_dir, name);
    Status moved = fs.RenameNoReplace(file.path, target);
    if (moved.ok()) return target;
    if (moved.code() != StatusCode::kRejected) return moved;
  }
  return Status::Io("cannot claim " + QuoteForMessage(file.path) + ": " +
                    std::to_string(kMaxSuffix + 1) +
                    " names like it are taken in " + QuoteForMessage(work_dir));
}

}  // namespace

Result<std::string> Claim(fs::FileSystem& fs, const ReadyFile& file,
                          const std::string& work_dir) {
  // The rename into a missing work/ would fail with ENOENT, which reads as
  // "someone else claimed it": make sure work/ is there first.
  M2DROP_RETURN_IF_ERROR(fs.MakeDirs(work_dir));
  M2DROP_ASSIGN_OR_RETURN(std::string claimed,
                          RenameIntoWork(fs, file, work_dir));
  if (!file.marker_path.empty()) {
    // A marker left behind would mark the next drop of the same name as
    // complete before it is.
    Status removed = fs.Remove(file.marker_path);
    if (!removed.ok()) {
      spdlog::warn("inbox: claimed {} but cannot remove its marker: {}",
                   file.path, removed.ToString());
    }
  }
  return claimed;
}

Result<std::optional<WorkLock>> WorkLock::TryLock(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    if (errno == ENOENT || errno == ELOOP) return std::optional<WorkLock>();
    return Status::Io("cannot open " + QuoteForMessage(path) +
                      " to lock it: " + std::strerror(errno));
  }
  WorkLock lock(fd);  // closes fd on every return below but the last
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) return std::optional<WorkLock>();
    return Status::Io("cannot lock " + QuoteForMessage(path) + ": " +
                      std::strerror(errno));
  }
  // Between open and flock the holder may have filed the file away (and a
  // new one may sit under the name): the lock counts only if the path
  // still names the inode we locked.
  struct stat locked, current;
  if (fstat(fd, &locked) != 0) {
    return Status::Io("cannot stat " + QuoteForMessage(path) + ": " +
                      std::strerror(errno));
  }
  if (lstat(path.c_str(), &current) != 0) {
    if (errno == ENOENT) return std::optional<WorkLock>();
    return Status::Io("cannot stat " + QuoteForMessage(path) + ": " +
                      std::strerror(errno));
  }
  if (current.st_ino != locked.st_ino || current.st_dev != locked.st_dev) {
    return std::optional<WorkLock>();
  }
  return std::optional<WorkLock>(std::move(lock));
}

WorkLock::WorkLock(WorkLock&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)) {}

WorkLock& WorkLock::operator=(WorkLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

WorkLock::~WorkLock() {
  // Closing the only descriptor of the open file releases the flock.
  if (fd_ >= 0) close(fd_);
}

}  // namespace m2drop::inbox
