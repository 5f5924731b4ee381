// SPDX-License-Identifier: Apache-2.0
#include "m2drop/inbox/claim.h"

#include <spdlog/spdlog.h>

#include <utility>

#include "m2drop/base/strings.h"
#include "m2drop/fs/file_names.h"

namespace m2drop::inbox {
namespace {

// Enough for any real collision; past it something is wrong with work/.
constexpr int kMaxSuffix = 1000;

// "name.csv" with suffix 2 → "name.2.csv"; "name" → "name.2". A leading
// dot is part of the stem, not an extension. Fits NAME_MAX.
std::string WithSuffix(const std::string& name, int n) {
  return fs::NameWith(name, "." + std::to_string(n));
}

std::string JoinPath(const std::string& dir, const std::string& name) {
  if (!dir.empty() && dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

// Renames into work/ under the first free name.
Result<std::string> RenameIntoWork(fs::FileSystem& fs, const ReadyFile& file,
                                   const std::string& work_dir) {
  for (int n = 0; n <= kMaxSuffix; ++n) {
    std::string name = n == 0 ? file.name : WithSuffix(file.name, n);
    std::string target = JoinPath(work_dir, name);
    Status moved = fs.RenameNoReplace(file.path, target);
    if (moved.ok()) return target;
    if (moved.code() != StatusCode::kRejected) return moved;
  }
  return Status::Io("cannot claim " + QuoteForMessage(file.path) + ": " +
                    std::to_string(kMaxSuffix + 1) +
                    " names like it are taken in " + QuoteForMessage(work_dir));
}

}  // namespace

Result<std::string> Claim(fs::FileSystem& fs, const ReadyFile& file,
                          const std::string& work_dir) {
  // The rename into a missing work/ would fail with ENOENT, which reads as
  // "someone else claimed it": make sure work/ is there first.
  M2DROP_RETURN_IF_ERROR(fs.MakeDirs(work_dir));
  M2DROP_ASSIGN_OR_RETURN(std::string claimed,
                          RenameIntoWork(fs, file, work_dir));
  if (!file.marker_path.empty()) {
    // A marker left behind would mark the next drop of the same name as
    // complete before it is.
    Status removed = fs.Remove(file.marker_path);
    if (!removed.ok()) {
      spdlog::warn("inbox: claimed {} but cannot remove its marker: {}",
                   file.path, removed.ToString());
    }
  }
  return claimed;
}

Result<std::optional<WorkLock>> WorkLock::TryLock(fs::FileSystem& fs,
                                                  const std::string& path) {
  Result<std::unique_ptr<fs::ReadableFile>> opened = fs.OpenRegular(path);
  if (!opened.ok()) {
    // Gone (filed by its holder), or a symbolic link or FIFO planted in
    // work/: nothing to import there.
    if (opened.status().code() == StatusCode::kNotFound ||
        opened.status().code() == StatusCode::kInvalidInput) {
      return std::optional<WorkLock>();
    }
    return opened.status();
  }
  WorkLock lock(std::move(*opened));
  M2DROP_ASSIGN_OR_RETURN(bool locked, lock.file_->TryLock());
  if (!locked) return std::optional<WorkLock>();
  // Between open and flock the holder may have filed the file away (and a
  // new one may sit under the name): the lock counts only if the path
  // still names the file locked.
  Result<fs::FileInfo> current = fs.Stat(path);
  if (!current.ok()) {
    if (current.status().code() == StatusCode::kNotFound) {
      return std::optional<WorkLock>();
    }
    return current.status();
  }
  if (!fs::SameFile(*current, lock.file().info())) {
    return std::optional<WorkLock>();
  }
  return std::optional<WorkLock>(std::move(lock));
}

}  // namespace m2drop::inbox
