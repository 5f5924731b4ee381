// SPDX-License-Identifier: Apache-2.0
// FileSystem: the seam between m2drop and the directories it watches and
// files into (STYLE.md §4). The inbox monitor and the daemon reach the disk
// only through it, so that tests can use FakeFileSystem
// (tests/fakes/fake_file_system.h: mtimes from a FakeClock, every operation
// recorded, failures injectable per path and operation) or the real
// PosixFileSystem on a temp directory.
//
// Paths are absolute or relative to the working directory; nothing here
// follows a symbolic link (Stat and ListDir report the link itself), so a
// link planted in an inbox cannot make m2drop read outside it.
//
// Thread-safety: implementations are safe to call from any thread. Every
// call blocks on the disk.
#ifndef M2DROP_FS_FILE_SYSTEM_H_
#define M2DROP_FS_FILE_SYSTEM_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "m2drop/base/result.h"
#include "m2drop/base/status.h"

namespace m2drop::fs {

enum class FileType { kRegular, kDirectory, kSymlink, kOther };

struct FileInfo {
  FileType type = FileType::kOther;
  uint64_t size = 0;
  int64_t mtime_ns = 0;  // modification time, ns since the Unix epoch
  uint64_t inode = 0;
  uint64_t device = 0;
};

struct DirEntry {
  std::string name;  // no directory part
  FileInfo info;
};

// What kind of filesystem a directory sits on, for the choice between
// inotify and polling (inotify sees nothing of changes made by other hosts
// on network and FUSE filesystems).
enum class FsKind { kLocal, kNetwork, kFuse, kUnknown };

class FileSystem {
 public:
  virtual ~FileSystem() = default;

  // The entries of `dir` (not "." or ".."), in no particular order.
  // kNotFound when `dir` does not exist; kIo otherwise.
  virtual Result<std::vector<DirEntry>> ListDir(const std::string& dir) = 0;
  // lstat(2). kNotFound when nothing is at `path`.
  virtual Result<FileInfo> Stat(const std::string& path) = 0;
  // Atomic rename within one filesystem that never replaces `to`:
  // kRejected (message says "exists") when `to` exists, kNotFound when
  // `from` is gone (another process took it), kIo with "different
  // filesystems" for EXDEV, kIo otherwise.
  virtual Status RenameNoReplace(const std::string& from,
                                 const std::string& to) = 0;
  // mkdir -p. OK when it exists already as a directory.
  virtual Status MakeDirs(const std::string& dir) = 0;
  // Removes a file. OK when it is already gone.
  virtual Status Remove(const std::string& path) = 0;
  // statfs(2) of `path`'s filesystem.
  virtual Result<FsKind> KindOf(const std::string& path) = 0;
};

// The real one, over POSIX calls (renameat2 RENAME_NOREPLACE, lstat,
// statfs). Where a filesystem refuses RENAME_NOREPLACE (EINVAL: some
// network and FUSE ones), a file is moved by link(2) then unlink(2): it
// still never replaces `to`, but a crash between the two leaves both
// names. Stateless.
class PosixFileSystem final : public FileSystem {
 public:
  static PosixFileSystem& Instance();

  Result<std::vector<DirEntry>> ListDir(const std::string& dir) override;
  Result<FileInfo> Stat(const std::string& path) override;
  Status RenameNoReplace(const std::string& from,
                         const std::string& to) override;
  Status MakeDirs(const std::string& dir) override;
  Status Remove(const std::string& path) override;
  Result<FsKind> KindOf(const std::string& path) override;
};

}  // namespace m2drop::fs

#endif  // M2DROP_FS_FILE_SYSTEM_H_
