// SPDX-License-Identifier: Apache-2.0
#include "m2drop/pipeline/disposition.h"

#include <filesystem>

#include "m2drop/base/strings.h"
#include "m2drop/pipeline/disposition_io.h"

namespace m2drop::pipeline {
namespace {

// Bounds the search for a free name; thousands of files of one name within
// one second means something else is wrong.
constexpr int kMaxNameAttempts = 1000;

}  // namespace

std::string_view DispositionName(Disposition disposition) {
  switch (disposition) {
    case Disposition::kProcessed:
      return "processed";
    case Disposition::kFailed:
      return "failed";
    case Disposition::kRetryLater:
      return "retry_later";
  }
  return "unknown";
}

Disposition Decide(const FileSummary& summary) {
  if (summary.deferred > 0) return Disposition::kRetryLater;
  if (summary.failed > 0) return Disposition::kFailed;
  return Disposition::kProcessed;
}

Result<std::string> FileAway(const std::string& path,
                             const std::string& dest_dir, const Clock& clock) {
  M2DROP_RETURN_IF_ERROR(MakeDirs(dest_dir));
  const std::string name = std::filesystem::path(path).filename().string();
  const WallTime now = clock.WallNow();
  for (int attempt = 0; attempt < kMaxNameAttempts; ++attempt) {
    std::string target = dest_dir + "/" + CandidateName(name, now, attempt);
    Result<bool> moved = RenameNoReplace(path, target);
    if (!moved.ok()) {
      // EXDEV names the directory, not the candidate file.
      if (moved.status().code() == StatusCode::kInvalidInput) {
        return Status::InvalidInput(CrossDeviceMessage(path, dest_dir));
      }
      return moved.status();
    }
    if (*moved) {
      // Make the move durable: the entry appears in dest_dir and leaves
      // the source directory.
      M2DROP_RETURN_IF_ERROR(SyncDir(dest_dir));
      std::string source_dir =
          std::filesystem::path(path).parent_path().string();
      M2DROP_RETURN_IF_ERROR(SyncDir(source_dir.empty() ? "." : source_dir));
      return target;
    }
  }
  return Status::Io("cannot file " + QuoteForMessage(path) + " into " +
                    QuoteForMessage(dest_dir) + ": " +
                    std::to_string(kMaxNameAttempts) +
                    " names are taken already");
}

}  // namespace m2drop::pipeline
