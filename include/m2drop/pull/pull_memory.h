// SPDX-License-Identifier: Apache-2.0
// PullMemory: what a pull remembers of the files it fetched, across
// restarts (the ledger's pulled_files in the daemon; a map in tests).
//
// A fetched file is remembered by name, size and remote mtime as soon as it
// is in the inbox. With after = "keep" the record stays (the file is never
// fetched again unless its size or mtime changes); with "delete" or "move"
// it is forgotten once that is done on the server, so a restart in between
// finishes the job without fetching the file again.
//
// Thread-safety: implementations are called from the puller's thread only.
#ifndef M2DROP_PULL_PULL_MEMORY_H_
#define M2DROP_PULL_PULL_MEMORY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "m2drop/base/result.h"
#include "m2drop/base/status.h"

namespace m2drop::pull {

struct Remembered {
  std::string name;
  uint64_t size = 0;
  int64_t mtime_s = 0;
  bool kept = false;  // after = keep; false: the delete or move is pending

  friend bool operator==(const Remembered&, const Remembered&) = default;
};

class PullMemory {
 public:
  virtual ~PullMemory() = default;
  // Every file remembered for this pull.
  virtual Result<std::vector<Remembered>> All() = 0;
  // Remembers `file`, replacing what was remembered under its name.
  virtual Status Remember(const Remembered& file) = 0;
  // Forgets `name`; OK when it was not remembered.
  virtual Status Forget(const std::string& name) = 0;
};

}  // namespace m2drop::pull

#endif  // M2DROP_PULL_PULL_MEMORY_H_
