// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/daemon/file_filing.h"

#include <chrono>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "m2drop/base/strings.h"
#include "m2drop/pipeline/disposition_io.h"

namespace m2drop::app {
namespace {

constexpr size_t kCopyBlock = 1 << 20;  // 1 MiB
constexpr int kMaxAsideAttempts = 100;

std::string BaseName(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

std::string DirOf(const std::string& path) {
  const std::string dir = std::filesystem::path(path).parent_path().string();
  return dir.empty() ? "." : dir;
}

std::string Describe(fs::FileType type) {
  switch (type) {
    case fs::FileType::kRegular:
      return "another regular file";
    case fs::FileType::kSymlink:
      return "a symbolic link";
    case fs::FileType::kDirectory:
      return "a directory";
    case fs::FileType::kOther:
      break;
  }
  return "a special file";
}

// Moves the drop to its filed name, or — when its work/ name no longer is
// the claimed file — sets what is there aside and writes the claimed bytes
// to the filed name instead (see file_filing.h).
class ClaimedMove {
 public:
  ClaimedMove(fs::FileSystem& fs, const ClaimedDrop& drop, const Clock& clock)
      : fs_(fs), drop_(drop), clock_(clock) {}

  Status Move(const std::string& target);
  const std::string& replaced() const { return replaced_; }

 private:
  bool IsClaimed(const Result<fs::FileInfo>& info) const {
    return info.ok() && fs::SameFile(*info, drop_.file.info());
  }
  Status SetAside(const std::string& path, fs::FileType type);
  Status CopyClaimed(const std::string& target);

  fs::FileSystem& fs_;
  const ClaimedDrop& drop_;
  const Clock& clock_;
  std::string replaced_;
};

Status ClaimedMove::Move(const std::string& target) {
  // Only a name that is gone or is another file means the drop was
  // replaced: a Stat that fails otherwise (EIO) says nothing about it, and
  // copying the claimed bytes then would file the drop while it is still in
  // work/ (filed twice). The drop waits instead.
  const Result<fs::FileInfo> before = fs_.Stat(drop_.work_path);
  if (!before.ok() && before.status().code() != StatusCode::kNotFound) {
    return before.status();
  }
  if (IsClaimed(before)) {
    Status moved = fs_.RenameNoReplace(drop_.work_path, target);
    if (moved.ok()) {
      const Result<fs::FileInfo> after = fs_.Stat(target);
      if (!after.ok() && after.status().code() != StatusCode::kNotFound) {
        // Moved, but unchecked: left for filing recovery rather than set
        // aside as a replacement (it is most likely the drop itself).
        return after.status();
      }
      if (IsClaimed(after)) {
        (void)fs_.SyncDir(DirOf(drop_.work_path));
        return Status::Ok();
      }
      // Replaced between the check and the rename: what moved is not the
      // drop, and it must not stay under the drop's name.
      M2DROP_RETURN_IF_ERROR(
          SetAside(target, after.ok() ? after->type : fs::FileType::kOther));
    } else if (moved.code() != StatusCode::kNotFound) {
      return moved;  // kRejected: the target was taken meanwhile
    }
  } else if (before.ok()) {
    M2DROP_RETURN_IF_ERROR(SetAside(drop_.work_path, before->type));
  }
  if (replaced_.empty()) replaced_ = "the name had been removed";
  return CopyClaimed(target);
}

Status ClaimedMove::SetAside(const std::string& path, fs::FileType type) {
  M2DROP_RETURN_IF_ERROR(fs_.MakeDirs(drop_.aside_dir));
  const std::string name = BaseName(drop_.work_path) + ".replaced";
  const WallTime now = clock_.WallNow();
  for (int attempt = 0; attempt < kMaxAsideAttempts; ++attempt) {
    const std::string aside =
        drop_.aside_dir + "/" + pipeline::CandidateName(name, now, attempt);
    Status moved = fs_.RenameNoReplace(path, aside);
    if (moved.ok()) {
      replaced_ = Describe(type) + " had taken its place, moved to " + aside;
      return Status::Ok();
    }
    if (moved.code() != StatusCode::kRejected) {
      return moved.WithContext("cannot set aside what replaced " +
                               QuoteForMessage(drop_.work_path));
    }
  }
  return Status::Io("cannot set aside what replaced " +
                    QuoteForMessage(drop_.work_path) + ": no free name in " +
                    QuoteForMessage(drop_.aside_dir));
}

Status ClaimedMove::CopyClaimed(const std::string& target) {
  M2DROP_ASSIGN_OR_RETURN(std::unique_ptr<fs::WritableFile> out,
                          fs_.NewTempFile(DirOf(target), BaseName(target)));
  std::vector<char> block(kCopyBlock);
  Status copied;
  for (uint64_t offset = 0; copied.ok();) {
    Result<size_t> n = drop_.file.ReadAt(offset, block.data(), block.size());
    if (!n.ok()) {
      copied = n.status();
    } else if (*n == 0) {
      break;
    } else {
      copied = out->Append(std::string_view(block.data(), *n));
      offset += *n;
    }
  }
  if (copied.ok()) copied = out->Close();
  if (copied.ok()) copied = fs_.RenameNoReplace(out->path(), target);
  if (!copied.ok()) (void)fs_.Remove(out->path());
  return copied;
}

}  // namespace

Result<Filed> FileClaimed(
    fs::FileSystem& fs, const ClaimedDrop& drop, const std::string& dest_dir,
    const pipeline::ReportTexts& texts, const Clock& clock,
    const std::function<Status(const pipeline::ReportPaths&)>& before_reports) {
  ClaimedMove move(fs, drop, clock);
  pipeline::FilingSteps steps;
  steps.move = [&move](const std::string& target) { return move.Move(target); };
  steps.before_reports = before_reports;
  M2DROP_ASSIGN_OR_RETURN(
      pipeline::FiledPaths filed,
      pipeline::FileAfterReports(fs, BaseName(drop.work_path), dest_dir, texts,
                                 clock, steps));
  return Filed{std::move(filed.path), std::move(filed.reports),
               move.replaced()};
}

pipeline::ImportResult FileLevelResult(const std::string& name,
                                       const std::string& profile,
                                       const Status& problem,
                                       int max_errors_reported) {
  pipeline::ImportResult r;
  r.summary.file = name;
  r.summary.profile = profile;
  r.summary.mode = "import";
  r.summary.AddError({0, 0, "unreadable_file", problem.message()},
                     static_cast<size_t>(max_errors_reported));
  return r;
}

std::string DuplicateMessage(const DuplicateOf& d) {
  const WallTime done{std::chrono::milliseconds(d.original_done_ms)};
  return "duplicate of " + d.original + " processed at " +
         pipeline::IsoUtc(done) + "; nothing applied";
}

std::string DuplicateReportJson(const DuplicateOf& d, WallTime now) {
  const WallTime done{std::chrono::milliseconds(d.original_done_ms)};
  nlohmann::ordered_json j = {{"file", d.file},
                              {"profile", d.profile},
                              {"mode", "duplicate"},
                              {"duplicate_of", d.original},
                              {"original_processed_at", pipeline::IsoUtc(done)},
                              {"message", DuplicateMessage(d)},
                              {"rows_total", 0},
                              {"applied", 0},
                              {"already_present", 0},
                              {"stale", 0},
                              {"failed", 0},
                              {"deferred", 0},
                              {"api_calls", 0},
                              {"generated_at", pipeline::IsoUtc(now)},
                              {"rows", nlohmann::json::array()}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace m2drop::app
