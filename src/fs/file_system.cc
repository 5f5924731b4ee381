// SPDX-License-Identifier: Apache-2.0
#include "m2drop/fs/file_system.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "m2drop/base/strings.h"

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

// The fallback where renameat2(RENAME_NOREPLACE) is not supported (some
// network and FUSE filesystems): link(2) fails with EEXIST atomically, then
// the old name goes. Files only; directories cannot be hard-linked.
Status LinkThenUnlink(const std::string& from, const std::string& to) {
  if (link(from.c_str(), to.c_str()) != 0) {
    int err = errno;
    if (err == EEXIST) {
      return Status::Rejected(MoveMessage(from, to) + ": the target exists");
    }
    if (err == EXDEV) {
      return Status::Io(MoveMessage(from, to) +
                        ": they are on different filesystems");
    }
    if (err == ENOENT) return ErrnoStatus("cannot move", from, err);
    return Status::Io(MoveMessage(from, to) + ": " + std::strerror(err));
  }
  if (unlink(from.c_str()) != 0 && errno != ENOENT) {
    return Status::Io(
        "moved " + QuoteForMessage(from) + " to " + QuoteForMessage(to) +
        " but cannot remove the old name: " + std::strerror(errno));
  }
  return Status::Ok();
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
  int err = errno;
  switch (err) {
    case EEXIST:
      return Status::Rejected(MoveMessage(from, to) + ": the target exists");
    case EXDEV:
      return Status::Io(MoveMessage(from, to) +
                        ": they are on different filesystems");
    case EINVAL:
    case ENOSYS:
      return LinkThenUnlink(from, to);
    case ENOENT:
      // ENOENT also means the target's directory is missing: say which.
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

Status PosixFileSystem::MakeDirs(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return Status::Io("cannot create the directory " + QuoteForMessage(dir) +
                      ": " + ec.message());
  }
  // create_directories reports success for an existing non-directory on
  // some library versions: check what is there.
  struct stat st;
  if (stat(dir.c_str(), &st) != 0) {
    return ErrnoStatus("cannot create the directory", dir, errno);
  }
  if (!S_ISDIR(st.st_mode)) {
    return Status::Io("cannot create the directory " + QuoteForMessage(dir) +
                      ": something else is there");
  }
  return Status::Ok();
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

}  // namespace m2drop::fs
