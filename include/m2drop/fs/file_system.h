// SPDX-License-Identifier: Apache-2.0
// FileSystem: the seam between m2drop and the files it reads, writes and
// moves (STYLE.md §4). Every file operation of a drop's life goes through
// it — the inbox scan, the claim, the work lock, reading and hashing the
// drop, its reports, its filing and the recovery at start-up — and so do
// the commands that read or file a drop (validate, inspect, import,
// status). Each command chooses the implementation once, at its
// composition root (main.cc passes PosixFileSystem to every Run function),
// and passes it down; tests use FakeFileSystem
// (tests/fakes/fake_file_system.h: mtimes from a FakeClock, every operation
// recorded, failures and crashes injectable) or the real PosixFileSystem on
// a temp directory. Both keep one error contract, held by one test run
// against each (tests/fs/file_system_contract_test.cc).
//
// Paths are absolute or relative to the working directory; nothing here
// follows a symbolic link (Stat and ListDir report the link itself,
// OpenRegular refuses one), so a link planted in an inbox or in work/
// cannot make m2drop read outside it.
//
// Besides names, the seam hands out open files: a ReadableFile for a drop
// (read at offsets, its identity, its lock), so that what is hashed,
// imported and filed is the file claimed, not whatever a path names later
// (docs/design.md §4); and a WritableFile for a temp file that is then renamed
// into place (reports: leveldb's write-temp-then-rename).
//
// Thread-safety: implementations are safe to call from any thread. Every
// call blocks on the disk.
#ifndef M2DROP_FS_FILE_SYSTEM_H_
#define M2DROP_FS_FILE_SYSTEM_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
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
  uint32_t mode = 0;  // permission bits (st_mode & 07777); 0 = unknown
};

struct DirEntry {
  std::string name;  // no directory part
  FileInfo info;
};

// What kind of filesystem a directory sits on, for the choice between
// inotify and polling (inotify sees nothing of changes made by other hosts
// on network and FUSE filesystems).
enum class FsKind { kLocal, kNetwork, kFuse, kUnknown };

// An open regular file (FileSystem::OpenRegular). The daemon reads a
// claimed drop only through one, from the claim to its filing, so that the
// bytes hashed, imported and filed are those of the file it claimed,
// whatever the path names by then (docs/design.md §4). Reads take an offset, so
// several readers (the hash, the CSV reader) share it without a shared
// position.
//
// Thread-safety: path, info and ReadAt may be called from any thread;
// TryLock from one at a time.
class ReadableFile {
 public:
  virtual ~ReadableFile() = default;

  // The path it was opened by, for messages (that path may name another
  // file by now).
  virtual const std::string& path() const = 0;
  // What it was when opened (fstat(2)): kRegular, size, mtime, inode and
  // device; the identity a path is checked against before it is trusted.
  virtual const FileInfo& info() const = 0;
  // Copies up to `capacity` bytes from `offset` into `buffer` and returns
  // how many; 0 at the end. kIo naming the path.
  virtual Result<size_t> ReadAt(uint64_t offset, char* buffer,
                                size_t capacity) const = 0;
  // An exclusive advisory lock (flock(2)) without waiting: true when taken
  // (or held already through this object), false when another open of the
  // file holds it — even in this process. Released when this object goes,
  // or its process dies. kIo.
  virtual Result<bool> TryLock() = 0;
};

// A new file being written (FileSystem::NewTempFile). Closed, not removed,
// when destroyed: the caller renames it into place or removes it.
// Thread-compatible.
class WritableFile {
 public:
  virtual ~WritableFile() = default;

  virtual const std::string& path() const = 0;
  // Appends `bytes`. kIo with the system's reason ("No space left on
  // device").
  virtual Status Append(std::string_view bytes) = 0;
  // fsync(2)s and closes the file, so that a rename of it survives a crash.
  // kIo (a full disk may only show here). REQUIRES: called once.
  virtual Status Close() = 0;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;

  // The entries of `dir` (not "." or ".."), in no particular order.
  // kNotFound when `dir` does not exist; kIo otherwise.
  virtual Result<std::vector<DirEntry>> ListDir(const std::string& dir) = 0;
  // lstat(2). kNotFound when nothing is at `path`.
  virtual Result<FileInfo> Stat(const std::string& path) = 0;
  // Atomic rename within one filesystem that never replaces `to`. The one
  // error contract of every move m2drop makes (claim, filing, reports):
  //   kRejected ("the target exists") when `to` exists;
  //   kNotFound when `from` is gone (another process took it);
  //   kIo "the target directory does not exist" when `to`'s directory is
  //     missing or is not a directory;
  //   kIo "different filesystems" (EXDEV), the message naming both places
  //     and saying that they must share one filesystem (m2drop never copies);
  //   kIo otherwise.
  virtual Status RenameNoReplace(const std::string& from,
                                 const std::string& to) = 0;
  // mkdir -p. OK when it exists already as a directory; kIo naming what is
  // in the way ("'X' is not a directory") when a non-directory sits at
  // `dir` or above it — the one place that checks it; kIo otherwise.
  virtual Status MakeDirs(const std::string& dir) = 0;
  // Removes a file. OK when it is already gone.
  virtual Status Remove(const std::string& path) = 0;
  // statfs(2) of `path`'s filesystem.
  virtual Result<FsKind> KindOf(const std::string& path) = 0;
  // Opens the regular file at `path` for reading, never through a symbolic
  // link and never waiting for a FIFO's writer. kNotFound when nothing is
  // there (a file where a directory of the path should be included);
  // kInvalidInput when it is not a regular file (a symbolic link, a
  // directory, a FIFO); kIo otherwise.
  virtual Result<std::unique_ptr<ReadableFile>> OpenRegular(
      const std::string& path) = 0;
  // Creates a new hidden file in `dir` for writing, named after `name`
  // (".NAME.tmp-XXXXXX", NAME shortened to fit NAME_MAX, see
  // file_names.h; the inbox ignores such names), readable by its group
  // (0640) so that a producer in the directory's group can read a report.
  // kNotFound when nothing is at `dir`; kIo otherwise (a file at `dir`
  // included).
  virtual Result<std::unique_ptr<WritableFile>> NewTempFile(
      const std::string& dir, std::string_view name) = 0;
  // fsync(2)s the directory, so that renames into and out of it survive a
  // crash. kIo.
  virtual Status SyncDir(const std::string& dir) = 0;
};

// Writes `content` into a new temp file in `dir` (NewTempFile, Append,
// Close) and returns its path; on failure nothing is left behind and the
// Status (kNotFound, kIo) names the file or directory.
Result<std::string> WriteTempFile(FileSystem& fs, const std::string& dir,
                                  std::string_view name,
                                  std::string_view content);

// Whether `info` is the file `other` describes (same device and inode).
inline bool SameFile(const FileInfo& info, const FileInfo& other) {
  return info.device == other.device && info.inode == other.inode;
}

// The real one, over POSIX calls (renameat2 RENAME_NOREPLACE, mkdir, lstat,
// statfs, open O_NOFOLLOW + pread + flock, mkostemp + fsync). Where a
// filesystem refuses RENAME_NOREPLACE (EINVAL: some network and FUSE ones), a
// file is moved by link(2) then unlink(2): it still never replaces `to`, but a
// crash between the two leaves both names. Stateless.
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
  Result<std::unique_ptr<ReadableFile>> OpenRegular(
      const std::string& path) override;
  Result<std::unique_ptr<WritableFile>> NewTempFile(
      const std::string& dir, std::string_view name) override;
  Status SyncDir(const std::string& dir) override;
};

}  // namespace m2drop::fs

#endif  // M2DROP_FS_FILE_SYSTEM_H_
