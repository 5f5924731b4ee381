// SPDX-License-Identifier: Apache-2.0
// Module-private: the local side of a download. A PartFile is the file a
// download writes in the inbox under its part name; it is removed unless
// Finish succeeded, so a failed transfer leaves nothing behind. POSIX, not
// FileSystem::NewTempFile: libssh's download writes to a descriptor, the
// file takes the server's mtime (futimens), and its fixed name
// (".m2drop-pull.NAME.part") lets the next start remove exactly the
// leftovers of its own crashed downloads, never a producer's temp upload.
// Real-disk tests cover it.
//
// Thread-safety: one thread per PartFile. Blocks on the disk.
#ifndef M2DROP_SRC_PULL_PART_FILE_H_
#define M2DROP_SRC_PULL_PART_FILE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "m2drop/base/result.h"
#include "m2drop/base/status.h"

namespace m2drop::pull::internal {

class PartFile {
 public:
  // Creates `path` afresh (removing a leftover of that name), mode 0640
  // before the umask. kIo naming the path when it cannot.
  static Result<std::unique_ptr<PartFile>> Create(const std::string& path);
  ~PartFile();  // closes; removes the file unless Finish succeeded
  PartFile(const PartFile&) = delete;
  PartFile& operator=(const PartFile&) = delete;

  int fd() const { return fd_; }
  // Gives the file the server's mtime, fsyncs and closes it. kIo on a
  // failure (the file is then removed by the destructor).
  Status Finish(int64_t mtime_s);

 private:
  PartFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}

  std::string path_;
  int fd_ = -1;
  bool finished_ = false;
};

}  // namespace m2drop::pull::internal

#endif  // M2DROP_SRC_PULL_PART_FILE_H_
