// SPDX-License-Identifier: Apache-2.0
// Claiming a ready file (STYLE.md §5 rule 9): the rename from the inbox into
// work/ is the lock between m2drop processes sharing an inbox. Exactly one
// rename of a file succeeds; the others see it gone and move on.
//
// Who processes a file in work/ is decided by WorkLock: an flock(2) on the
// file, held while it is imported and filed. The kernel drops it when the
// holder dies (even by kill -9), so a restarted daemon, or a second one,
// can take over what a dead one left in work/ and never what a live one is
// working on. The lock is an open fs::ReadableFile, and it is the only way
// the daemon reads the drop (hash, import) until it is filed: the bytes
// imported are the bytes claimed, whatever work/NAME names by then.
//
// Thread-safety: the functions are thread-safe; a WorkLock belongs to one
// thread at a time. Everything blocks only on the disk.
#ifndef M2DROP_INBOX_CLAIM_H_
#define M2DROP_INBOX_CLAIM_H_

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "m2drop/base/result.h"
#include "m2drop/fs/file_system.h"
#include "m2drop/inbox/inbox_monitor.h"

namespace m2drop::inbox {

// Renames `file.path` to `work_dir`/NAME (NAME.<n> style suffix before the
// extension when that name is taken in work/: never an overwrite; a name
// that would not fit NAME_MAX is shortened, fs/file_names.h) and
// removes its marker file. Returns the path in work/. kNotFound when the
// file is gone (another process claimed it: not an error to log loudly).
Result<std::string> Claim(fs::FileSystem& fs, const ReadyFile& file,
                          const std::string& work_dir);

// An exclusive flock on a file in work/ (or a filed one), held until
// destroyed, through the file it keeps open.
class WorkLock {
 public:
  // Opens `path` (never through a symbolic link) and locks it without
  // waiting. nullopt when another live process holds it, or when nothing
  // or no regular file is there, or when the file was replaced between open
  // and lock (the device and inode behind the path are compared with the
  // ones locked). kIo on other errors.
  static Result<std::optional<WorkLock>> TryLock(fs::FileSystem& fs,
                                                 const std::string& path);

  WorkLock(WorkLock&& other) noexcept = default;
  WorkLock& operator=(WorkLock&& other) noexcept = default;
  WorkLock(const WorkLock&) = delete;
  WorkLock& operator=(const WorkLock&) = delete;
  ~WorkLock() = default;

  // The locked file, open: read the drop through it (and check a path
  // against its identity) until it is filed.
  const fs::ReadableFile& file() const { return *file_; }

 private:
  explicit WorkLock(std::unique_ptr<fs::ReadableFile> file)
      : file_(std::move(file)) {}
  // Closing the only descriptor of the open file releases the flock.
  std::unique_ptr<fs::ReadableFile> file_;
};

}  // namespace m2drop::inbox

#endif  // M2DROP_INBOX_CLAIM_H_
