// SPDX-License-Identifier: Apache-2.0
#include "m2drop/ledger/state_dir.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "m2drop/base/strings.h"

namespace m2drop::ledger {
namespace {

constexpr mode_t kGroupAndOther = 0077;

Status IoError(const std::string& what, const std::string& path, int err) {
  return Status::Io(what + " " + QuoteForMessage(path) + ": " +
                    std::strerror(err));
}

// Takes group and other permissions away from `path` when it exists and
// has some. Best effort: only the owner may change a mode.
void Restrict(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0 || (st.st_mode & kGroupAndOther) == 0) {
    return;
  }
  (void)chmod(path.c_str(), st.st_mode & 07700);
}

}  // namespace

Status MakeStateDir(const std::string& state_dir) {
  const std::filesystem::path dir(state_dir);
  std::error_code ec;
  if (dir.has_parent_path()) {
    std::filesystem::create_directories(dir.parent_path(), ec);
    if (ec) {
      return IoError("cannot create the state directory's parent",
                     dir.parent_path().string(), ec.value());
    }
  }
  if (mkdir(state_dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return IoError("cannot create the state directory", state_dir, errno);
  }
  struct stat st;
  if (stat(state_dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return Status::Io("the state directory " + QuoteForMessage(state_dir) +
                      " is not a directory");
  }
  return Status::Ok();
}

Status MakeLedgerPrivate(const std::string& path) {
  if (path.empty() || path == ":memory:") return Status::Ok();
  // O_CREAT with 0600: a new ledger is private from its first byte.
  const int fd = open(path.c_str(), O_RDONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return IoError("cannot open the ledger", path, errno);
  close(fd);
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    Restrict(path + suffix);
  }
  return Status::Ok();
}

}  // namespace m2drop::ledger
