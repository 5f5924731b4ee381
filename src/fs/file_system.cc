// SPDX-License-Identifier: Apache-2.0
#include "m2drop/fs/file_system.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "m2drop/base/strings.h"
#include "m2drop/fs/file_names.h"

namespace m2drop::fs {
namespace {

// "<what> <path>: <errno text>", the shape of every message here.
std::string ErrnoMessage(std::string_view what, const std::string& path,
                         int err) {
  return std::string(what) + " " + QuoteForMessage(path) + ": " +
         std::strerror(err);
}

// kNotFound for ENOENT, kIo for the rest.
Status ErrnoStatus(std::string_view what, const std::string& path, int err) {
  if (err == ENOENT) {
    return Status::NotFound(ErrnoMessage(what, path, err));
  }
  return Status::Io(ErrnoMessage(what, path, err));
}

FileType TypeOf(mode_t mode) {
  if (S_ISREG(mode)) return FileType::kRegular;
  if (S_ISDIR(mode)) return FileType::kDirectory;
  if (S_ISLNK(mode)) return FileType::kSymlink;
  return FileType::kOther;
}

FileInfo InfoOf(const struct stat& st) {
  FileInfo info;
  info.type = TypeOf(st.st_mode);
  info.size = static_cast<uint64_t>(st.st_size);
  info.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 +
                  st.st_mtim.tv_nsec;
  info.inode = static_cast<uint64_t>(st.st_ino);
  info.device = static_cast<uint64_t>(st.st_dev);
  info.mode = static_cast<uint32_t>(st.st_mode & 07777);
  return info;
}

// Closes a directory stream on every path out of ListDir.
class DirCloser {
 public:
  explicit DirCloser(DIR* dir) : dir_(dir) {}
  ~DirCloser() { closedir(dir_); }
  DirCloser(const DirCloser&) = delete;
  DirCloser& operator=(const DirCloser&) = delete;

 private:
  DIR* dir_;
};

bool IsDotOrDotDot(const char* name) {
  return std::strcmp(name, ".") == 0 || std::strcmp(name, "..") == 0;
}

std::string MoveMessage(const std::string& from, const std::string& to) {
  return "cannot move " + QuoteForMessage(from) + " to " + QuoteForMessage(to);
}

// The one message of a move that failed with EXDEV: names both places and
// says they must be on one filesystem (a copy would not be atomic).
Status CrossDevice(const std::string& from, const std::string& to) {
  return Status::Io(MoveMessage(from, to) +
                    ": they are on different filesystems; put the inbox, "
                    "work, processed and failed directories on one "
                    "filesystem so that every move is an atomic rename "
                    "(m2drop does not copy files)");
}

// The Status of a failed rename(2)/link(2) of `from` to `to` with `err`
// (see RenameNoReplace in file_system.h).
Status MoveError(const std::string& from, const std::string& to, int err) {
  switch (err) {
    case EEXIST:
      return Status::Rejected(MoveMessage(from, to) + ": the target exists");
    case EXDEV:
      return CrossDevice(from, to);
    case ENOENT:
    case ENOTDIR:
      // Also when the target's directory is missing (or is a file): say
      // which.
      if (access(from.c_str(), F_OK) != 0) {
        return Status::NotFound(MoveMessage(from, to) + ": " +
                                QuoteForMessage(from) + " no longer exists");
      }
      return Status::Io(MoveMessage(from, to) +
                        ": the target directory does not exist");
    default:
      return Status::Io(MoveMessage(from, to) + ": " + std::strerror(err));
  }
}

// The fallback where renameat2(RENAME_NOREPLACE) is not supported (some
// network and FUSE filesystems): link(2) fails with EEXIST atomically, then
// the old name goes. Files only; directories cannot be hard-linked.
Status LinkThenUnlink(const std::string& from, const std::string& to) {
  if (link(from.c_str(), to.c_str()) != 0) return MoveError(from, to, errno);
  if (unlink(from.c_str()) != 0 && errno != ENOENT) {
    return Status::Io(
        "moved " + QuoteForMessage(from) + " to " + QuoteForMessage(to) +
        " but cannot remove the old name: " + std::strerror(errno));
  }
  return Status::Ok();
}

// mkdir(2) of one directory whose parent exists: OK when a directory is
// there already; kIo naming what is in the way otherwise.
Status MakeOneDir(const std::string& target, const std::string& dir) {
  if (mkdir(dir.c_str(), 0777) == 0) return Status::Ok();
  const int err = errno;
  struct stat st;
  if (err == EEXIST && stat(dir.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return Status::Ok();
    return Status::Io("cannot create the directory " + QuoteForMessage(target) +
                      ": " + QuoteForMessage(dir) + " is not a directory");
  }
  if (err == ENOTDIR) {
    return Status::Io("cannot create the directory " + QuoteForMessage(target) +
                      ": a directory above it is not a directory");
  }
  return Status::Io(ErrnoMessage("cannot create the directory", target, err));
}

// statfs(2) f_type values (linux/magic.h and the filesystems' own sources;
// several are missing from older kernel headers, hence spelled out here).
constexpr int64_t kNetworkMagics[] = {
    0x6969,      // NFS
    0x517B,      // SMB (smbfs)
    0xFF534D42,  // CIFS
    0xFE534D42,  // SMB2
    0x00C36400,  // CEPH
    0x01021997,  // 9P (v9fs)
    0x5346414F,  // AFS
    0x6B414653,  // kAFS
    0x73757245,  // CODA
    0x564C,      // NCP
    0x0BD00BD0,  // Lustre
    0x47504653,  // GPFS
    0x01161970,  // GFS2
    0x7461636F,  // OCFS2
    0x013111A8,  // IBRIX
};
constexpr int64_t kFuseMagic = 0x65735546;

FsKind KindOfMagic(int64_t magic) {
  // f_type is signed on some ABIs: compare the low 32 bits.
  magic &= 0xFFFFFFFF;
  if (magic == kFuseMagic) return FsKind::kFuse;
  for (int64_t m : kNetworkMagics) {
    if (m == magic) return FsKind::kNetwork;
  }
  return FsKind::kLocal;
}

// Owns a file descriptor: closed on every path out.
class OwnedFd {
 public:
  explicit OwnedFd(int fd) : fd_(fd) {}
  ~OwnedFd() { (void)Close(); }
  OwnedFd(const OwnedFd&) = delete;
  OwnedFd& operator=(const OwnedFd&) = delete;
  int get() const { return fd_; }
  int Release() { return std::exchange(fd_, -1); }
  // Closes now; 0 or the errno close(2) reported (NFS, quotas).
  int Close() {
    if (fd_ < 0) return 0;
    const int rc = close(std::exchange(fd_, -1)) == 0 ? 0 : errno;
    return rc;
  }

 private:
  int fd_;
};

class PosixReadableFile final : public ReadableFile {
 public:
  PosixReadableFile(int fd, std::string path, const FileInfo& info)
      : fd_(fd), path_(std::move(path)), info_(info) {}

  const std::string& path() const override { return path_; }
  const FileInfo& info() const override { return info_; }

  Result<size_t> ReadAt(uint64_t offset, char* buffer,
                        size_t capacity) const override {
    for (;;) {
      ssize_t n =
          pread(fd_.get(), buffer, capacity, static_cast<off_t>(offset));
      if (n >= 0) return static_cast<size_t>(n);
      if (errno != EINTR) {
        return Status::Io(ErrnoMessage("cannot read", path_, errno));
      }
    }
  }

  Result<bool> TryLock() override {
    if (flock(fd_.get(), LOCK_EX | LOCK_NB) == 0) return true;
    if (errno == EWOULDBLOCK) return false;
    return Status::Io(ErrnoMessage("cannot lock", path_, errno));
  }

 private:
  OwnedFd fd_;
  const std::string path_;
  const FileInfo info_;
};

class PosixWritableFile final : public WritableFile {
 public:
  PosixWritableFile(int fd, std::string path)
      : fd_(fd), path_(std::move(path)) {}

  const std::string& path() const override { return path_; }

  Status Append(std::string_view bytes) override {
    while (!bytes.empty()) {
      ssize_t n = write(fd_.get(), bytes.data(), bytes.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Status::Io(ErrnoMessage("cannot write", path_, errno));
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return Status::Ok();
  }

  Status Close() override {
    if (fsync(fd_.get()) != 0) {
      return Status::Io(ErrnoMessage("cannot write", path_, errno));
    }
    if (int err = fd_.Close(); err != 0) {
      return Status::Io(ErrnoMessage("cannot write", path_, err));
    }
    return Status::Ok();
  }

 private:
  OwnedFd fd_;
  const std::string path_;
};

}  // namespace

PosixFileSystem& PosixFileSystem::Instance() {
  static PosixFileSystem instance;
  return instance;
}

Result<std::vector<DirEntry>> PosixFileSystem::ListDir(const std::string& dir) {
  DIR* stream = opendir(dir.c_str());
  if (stream == nullptr) {
    return ErrnoStatus("cannot list the directory", dir, errno);
  }
  DirCloser closer(stream);
  int dir_fd = dirfd(stream);
  std::vector<DirEntry> entries;
  while (true) {
    errno = 0;
    struct dirent* ent = readdir(stream);
    if (ent == nullptr) break;
    if (IsDotOrDotDot(ent->d_name)) continue;
    struct stat st;
    if (fstatat(dir_fd, ent->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
      // Gone between readdir and fstatat (claimed or removed): not there.
      if (errno == ENOENT) continue;
      return ErrnoStatus("cannot stat", dir + "/" + ent->d_name, errno);
    }
    entries.push_back(DirEntry{ent->d_name, InfoOf(st)});
  }
  if (errno != 0) return ErrnoStatus("cannot list the directory", dir, errno);
  return entries;
}

Result<FileInfo> PosixFileSystem::Stat(const std::string& path) {
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) {
    // ENOTDIR: a component of the path is a file, so nothing is there.
    int err = errno == ENOTDIR ? ENOENT : errno;
    return ErrnoStatus("cannot stat", path, err);
  }
  return InfoOf(st);
}

Status PosixFileSystem::RenameNoReplace(const std::string& from,
                                        const std::string& to) {
  if (renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(),
                RENAME_NOREPLACE) == 0) {
    return Status::Ok();
  }
  const int err = errno;
  if (err == EINVAL || err == ENOSYS) return LinkThenUnlink(from, to);
  return MoveError(from, to, err);
}

Status PosixFileSystem::MakeDirs(const std::string& dir) {
  // Each ancestor from the top, so that what is in the way is named; "a/b"
  // and "/a/b/" alike.
  for (size_t slash = dir.find('/', 1); slash != std::string::npos;
       slash = dir.find('/', slash + 1)) {
    if (dir[slash - 1] == '/') continue;
    M2DROP_RETURN_IF_ERROR(MakeOneDir(dir, dir.substr(0, slash)));
  }
  if (!dir.empty() && dir.back() == '/') return Status::Ok();
  return MakeOneDir(dir, dir);
}

Status PosixFileSystem::Remove(const std::string& path) {
  if (unlink(path.c_str()) != 0 && errno != ENOENT) {
    return Status::Io(ErrnoMessage("cannot remove", path, errno));
  }
  return Status::Ok();
}

Result<FsKind> PosixFileSystem::KindOf(const std::string& path) {
  struct statfs sfs;
  if (statfs(path.c_str(), &sfs) != 0) {
    return ErrnoStatus("cannot statfs", path, errno);
  }
  return KindOfMagic(static_cast<int64_t>(sfs.f_type));
}

Result<std::unique_ptr<ReadableFile>> PosixFileSystem::OpenRegular(
    const std::string& path) {
  // O_NOFOLLOW: a symbolic link renamed over a drop must not make m2drop
  // read its target. O_NONBLOCK: opening a FIFO would otherwise wait for a
  // writer forever; it is refused below, and regular files ignore it.
  OwnedFd fd(
      open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK));
  if (fd.get() < 0) {
    if (errno == ELOOP) {
      return Status::InvalidInput(QuoteForMessage(path) +
                                  " is a symbolic link, not a regular file");
    }
    // ENOTDIR: a component of the path is a file, so nothing is there.
    return ErrnoStatus("cannot open", path, errno == ENOTDIR ? ENOENT : errno);
  }
  struct stat st;
  if (fstat(fd.get(), &st) != 0) return ErrnoStatus("cannot stat", path, errno);
  if (!S_ISREG(st.st_mode)) {
    return Status::InvalidInput(QuoteForMessage(path) +
                                " is not a regular file");
  }
  const FileInfo info = InfoOf(st);
  return std::unique_ptr<ReadableFile>(
      new PosixReadableFile(fd.Release(), path, info));
}

Result<std::unique_ptr<WritableFile>> PosixFileSystem::NewTempFile(
    const std::string& dir, std::string_view name) {
  // "." + NAME + ".tmp-XXXXXX" within NAME_MAX: 12 bytes around NAME.
  std::string path =
      dir + "/." + NameWith(name, "", kNameMax - 12) + ".tmp-XXXXXX";
  OwnedFd fd(mkostemp(path.data(), O_CLOEXEC));
  if (fd.get() < 0) return ErrnoStatus("cannot create a file in", dir, errno);
  // mkostemp makes it 0600; a report is for the directory's group too.
  if (fchmod(fd.get(), 0640) != 0) {
    const int err = errno;
    unlink(path.c_str());
    return ErrnoStatus("cannot set the mode of", path, err);
  }
  return std::unique_ptr<WritableFile>(
      new PosixWritableFile(fd.Release(), path));
}

Status PosixFileSystem::SyncDir(const std::string& dir) {
  OwnedFd fd(open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0 || fsync(fd.get()) != 0) {
    return Status::Io(ErrnoMessage("cannot sync the directory", dir, errno));
  }
  return Status::Ok();
}

Result<std::string> WriteTempFile(FileSystem& fs, const std::string& dir,
                                  std::string_view name,
                                  std::string_view content) {
  M2DROP_ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> file,
                          fs.NewTempFile(dir, name));
  Status written = file->Append(content);
  if (written.ok()) written = file->Close();
  if (!written.ok()) {
    (void)fs.Remove(file->path());
    return written;
  }
  return file->path();
}

}  // namespace m2drop::fs
