// SPDX-License-Identifier: Apache-2.0
#include "m2drop/pipeline/disposition_io.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "m2drop/base/strings.h"

namespace m2drop::pipeline {
namespace {

std::string ErrnoText(int err) { return std::strerror(err); }

std::tm UtcParts(WallTime t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm parts{};
  gmtime_r(&secs, &parts);
  return parts;
}

std::string FormatUtc(WallTime t, const char* format) {
  std::tm parts = UtcParts(t);
  char buf[32];
  size_t n = std::strftime(buf, sizeof buf, format, &parts);
  return std::string(buf, n);
}

// Closes a file descriptor on every path out of a function.
class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  ~FdCloser() {
    if (fd_ >= 0) close(fd_);
  }
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;
  // Closes now, reporting the error close(2) may carry (NFS, quotas).
  int Close() {
    int rc = close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

Status WriteAll(int fd, std::string_view content) {
  while (!content.empty()) {
    ssize_t n = write(fd, content.data(), content.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::Io(ErrnoText(errno));
    content.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

// The fallback where renameat2(RENAME_NOREPLACE) is not supported: link(2)
// fails with EEXIST atomically, and the old name is then removed.
Result<bool> LinkThenUnlink(const std::string& from, const std::string& to) {
  if (link(from.c_str(), to.c_str()) != 0) {
    int err = errno;
    if (err == EEXIST) return false;
    if (err == EXDEV) {
      return Status::InvalidInput(CrossDeviceMessage(from, to));
    }
    if (err == ENOENT && access(from.c_str(), F_OK) != 0) {
      return Status::NotFound(QuoteForMessage(from) + " no longer exists");
    }
    return Status::Io("cannot move " + QuoteForMessage(from) + " to " +
                      QuoteForMessage(to) + ": " + ErrnoText(err));
  }
  if (unlink(from.c_str()) != 0) {
    return Status::Io("moved " + QuoteForMessage(from) + " to " +
                      QuoteForMessage(to) +
                      " but cannot remove the old name: " + ErrnoText(errno));
  }
  return true;
}

}  // namespace

std::string CompactUtc(WallTime t) { return FormatUtc(t, "%Y%m%dT%H%M%SZ"); }

std::string IsoUtc(WallTime t) { return FormatUtc(t, "%Y-%m-%dT%H:%M:%SZ"); }

std::string CandidateName(std::string_view name, WallTime t, int attempt) {
  if (attempt <= 0) return std::string(name);
  size_t dot = name.rfind('.');
  if (dot == 0 || dot == std::string_view::npos) dot = name.size();
  std::string suffix = "." + CompactUtc(t);
  if (attempt > 1) suffix += "-" + std::to_string(attempt);
  return std::string(name.substr(0, dot)) + suffix +
         std::string(name.substr(dot));
}

bool IsCandidateName(std::string_view name, std::string_view candidate) {
  if (candidate == name) return true;
  size_t dot = name.rfind('.');
  if (dot == 0 || dot == std::string_view::npos) dot = name.size();
  const std::string_view stem = name.substr(0, dot);
  const std::string_view ext = name.substr(dot);
  if (candidate.size() < stem.size() + ext.size() + 17 ||
      !candidate.starts_with(stem) || !candidate.ends_with(ext)) {
    return false;
  }
  // What lies between: ".20261122T070501Z" and optionally "-N".
  std::string_view mid = candidate.substr(
      stem.size(), candidate.size() - stem.size() - ext.size());
  auto digits = [](std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
      return c >= '0' && c <= '9';
    });
  };
  if (mid.size() < 17 || mid[0] != '.' || mid[9] != 'T' || mid[16] != 'Z' ||
      !digits(mid.substr(1, 8)) || !digits(mid.substr(10, 6))) {
    return false;
  }
  mid.remove_prefix(17);
  return mid.empty() || (mid[0] == '-' && digits(mid.substr(1)));
}

std::string CrossDeviceMessage(std::string_view from,
                               std::string_view dest_dir) {
  return "cannot move " + QuoteForMessage(from) + " into " +
         QuoteForMessage(dest_dir) +
         ": they are on different filesystems; put the inbox, work, "
         "processed and failed directories on one filesystem so that every "
         "move is an atomic rename (m2drop does not copy files)";
}

Result<bool> RenameNoReplace(const std::string& from, const std::string& to) {
  if (renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(),
                RENAME_NOREPLACE) == 0) {
    return true;
  }
  int err = errno;
  switch (err) {
    case EEXIST:
      return false;
    case EXDEV:
      return Status::InvalidInput(CrossDeviceMessage(from, to));
    case EINVAL:
    case ENOSYS:
      // Filesystems without RENAME_NOREPLACE (some network and FUSE ones).
      return LinkThenUnlink(from, to);
    case ENOENT:
      if (access(from.c_str(), F_OK) != 0) {
        return Status::NotFound(QuoteForMessage(from) + " no longer exists");
      }
      break;
    default:
      break;
  }
  return Status::Io("cannot move " + QuoteForMessage(from) + " to " +
                    QuoteForMessage(to) + ": " + ErrnoText(err));
}

Status MakeDirs(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return Status::Io("cannot create the directory " + QuoteForMessage(dir) +
                      ": " + ec.message());
  }
  return Status::Ok();
}

Result<std::string> WriteTempFile(const std::string& dir, std::string_view name,
                                  std::string_view content) {
  std::string path = dir + "/." + std::string(name) + ".tmp-XXXXXX";
  int fd = mkostemp(path.data(), O_CLOEXEC);
  if (fd < 0) {
    return Status::Io("cannot create a file in " + QuoteForMessage(dir) + ": " +
                      ErrnoText(errno));
  }
  FdCloser closer(fd);
  Status written = WriteAll(fd, content);
  if (written.ok() && fsync(fd) != 0) written = Status::Io(ErrnoText(errno));
  if (written.ok() && closer.Close() != 0) {
    written = Status::Io(ErrnoText(errno));
  }
  if (!written.ok()) {
    unlink(path.c_str());
    return Status::Io("cannot write " + QuoteForMessage(path) + ": " +
                      written.message());
  }
  return path;
}

Status SyncDir(const std::string& dir) {
  int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0 || fsync(fd) != 0) {
    int err = errno;
    if (fd >= 0) close(fd);
    return Status::Io("cannot sync the directory " + QuoteForMessage(dir) +
                      ": " + ErrnoText(err));
  }
  close(fd);
  return Status::Ok();
}

}  // namespace m2drop::pipeline
