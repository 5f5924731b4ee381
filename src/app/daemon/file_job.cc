// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/daemon/file_job.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <exception>
#include <filesystem>
#include <optional>
#include <unordered_map>
#include <vector>

#include "m2drop/app/daemon/file_event.h"
#include "m2drop/app/daemon/file_filing.h"
#include "m2drop/app/daemon/ledger_rows.h"
#include "m2drop/app/magento_connection.h"
#include "m2drop/fs/content_hash.h"
#include "m2drop/fs/file_system.h"
#include "m2drop/inbox/claim.h"
#include "m2drop/kinds/drop.h"
#include "m2drop/pipeline/disposition.h"
#include "m2drop/pipeline/import_drop.h"
#include "m2drop/pipeline/report.h"
#include "m2drop/pipeline/report_files.h"

namespace m2drop::app {
namespace {

using ledger::FileState;
using pipeline::RowOutcome;

void CopyCounts(const pipeline::FileSummary& s, ledger::FileEntry* e) {
  e->rows_total = s.rows_total;
  e->applied = s.applied;
  e->already_present = s.already_present;
  e->stale = s.stale;
  e->failed = s.failed;
  e->deferred = s.deferred;
}

JobResult NotMine() {
  JobResult r;
  r.end = JobEnd::kNotMine;
  return r;
}

// One run of one file; see file_job.h for the steps.
class Job {
 public:
  Job(const FileJobDeps& deps, const WorkItem& item, std::stop_token stop)
      : deps_(deps), item_(item), stop_(std::move(stop)) {}

  JobResult Run();

 private:
  JobResult Locked();
  Status OpenEntry(const std::string& sha, uint64_t size);
  void ForgetUnfiledReports();
  std::optional<JobResult> TryDuplicate(const std::string& sha, uint64_t size);
  JobResult Import();
  JobResult Finish(const pipeline::ImportResult& r);
  JobResult FileLevelFailure(const Status& problem);
  JobResult ImportRefused(const Status& status);
  Result<app::Filed> File(const std::string& dest_dir,
                          const pipeline::ReportTexts& texts);
  JobResult Filed(const app::Filed& filed, FileState state, std::string note);
  JobResult Wait(Status why, bool unfiled = false);
  void Log(const std::string& state, const std::string& note = "",
           const std::string& path = "", const std::string& report = "");
  int64_t ElapsedMs() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               deps_.clock.Now() - start_)
        .count();
  }

  const FileJobDeps& deps_;
  const WorkItem& item_;
  std::stop_token stop_;
  const config::Profile* profile_ = nullptr;
  SteadyTime start_{};
  ledger::FileEntry entry_;
  bool have_entry_ = false;
  std::unordered_map<uint64_t, RowOutcome> done_before_;
  // Held from the claim to the filing; the drop is read only through it.
  std::optional<inbox::WorkLock> lock_;
};

JobResult Job::Run() {
  start_ = deps_.clock.Now();
  profile_ = config::FindProfile(*item_.config, item_.profile);
  if (profile_ == nullptr) {
    return Wait(Status::Internal("profile " + item_.profile +
                                 " is not in the configuration it was "
                                 "claimed under"));
  }
  auto lock = inbox::WorkLock::TryLock(deps_.fs, item_.path);
  if (!lock.ok()) return Wait(lock.status());
  if (!lock->has_value()) return NotMine();
  lock_ = std::move(**lock);  // held until the file is filed or waits
  return Locked();
}

JobResult Job::Locked() {
  const fs::ReadableFile& file = lock_->file();
  const uint64_t size = file.info().size;
  // A file over max_file_size is refused unread (ImportDrop says why), so
  // it is not hashed either: hashing a 1 GiB file takes seconds. Its ledger
  // entry has no hash, and it is never taken for a duplicate.
  const bool oversized = size > item_.config->limits.max_file_size;
  Result<std::string> sha =
      oversized ? Result<std::string>(std::string()) : fs::Sha256Of(file);
  if (!sha.ok()) return Wait(sha.status());
  if (std::optional<JobResult> dup =
          oversized ? std::nullopt : TryDuplicate(*sha, size)) {
    return *dup;
  }
  if (Status s = OpenEntry(*sha, size); !s.ok()) return Wait(s);
  Log("claimed");
  return Import();
}

Status Job::OpenEntry(const std::string& sha, uint64_t size) {
  M2DROP_ASSIGN_OR_RETURN(auto unfinished,
                          deps_.ledger.FindUnfinished(item_.profile, sha));
  // Only this very file's entry: another drop of the same bytes may be in
  // work/ and on another worker right now.
  if (unfinished && unfinished->path == item_.path) {
    entry_ = *unfinished;
    M2DROP_ASSIGN_OR_RETURN(std::vector<ledger::RowEntry> rows,
                            deps_.ledger.Rows(entry_.id));
    done_before_ = DecidedOutcomes(rows);
    ForgetUnfiledReports();
  } else {
    entry_ = ledger::FileEntry{};
    entry_.profile = item_.profile;
    entry_.name = item_.name;
    entry_.sha256 = sha;
    entry_.size = size;
    entry_.path = item_.path;
    M2DROP_ASSIGN_OR_RETURN(entry_.id, deps_.ledger.AddFile(entry_));
  }
  have_entry_ = true;
  entry_.state = FileState::kClaimed;
  entry_.attempts += 1;
  entry_.note.clear();
  return deps_.ledger.UpdateFile(entry_);
}

void Job::ForgetUnfiledReports() {
  // An earlier attempt placed these reports, then a crash (or a failure)
  // kept it from moving the drop, which is still here: they describe no
  // filed file. Filing places fresh ones.
  if (entry_.report_json.empty()) return;
  (void)deps_.fs.Remove(entry_.report_json);
  if (!entry_.errors_csv.empty()) (void)deps_.fs.Remove(entry_.errors_csv);
  entry_.report_json.clear();
  entry_.errors_csv.clear();
}

std::optional<JobResult> Job::TryDuplicate(const std::string& sha,
                                           uint64_t size) {
  if (item_.config->daemon.on_duplicate != config::OnDuplicate::kSkip) {
    return std::nullopt;
  }
  auto unfinished = deps_.ledger.FindUnfinished(item_.profile, sha);
  if (unfinished.ok() && *unfinished && (*unfinished)->path == item_.path) {
    return std::nullopt;  // this file's own unfinished entry: resume it
  }
  auto original = deps_.ledger.FindProcessed(item_.profile, sha);
  if (!original.ok()) return Wait(original.status());
  if (!*original) return std::nullopt;
  const DuplicateOf dup{item_.profile, item_.name, (*original)->name,
                        (*original)->finished_at_ms};
  // Filed first, recorded after: a crash in between leaves no unfinished
  // entry that a restart would take for a file to import.
  Result<app::Filed> filed =
      File(profile_->processed_dir,
           {DuplicateReportJson(dup, deps_.clock.WallNow()), ""});
  if (!filed.ok()) return Wait(filed.status(), /*unfiled=*/true);
  entry_ = ledger::FileEntry{};
  entry_.profile = item_.profile;
  entry_.name = item_.name;
  entry_.sha256 = sha;
  entry_.size = size;
  entry_.path = filed->path;
  entry_.attempts = 1;
  auto id = deps_.ledger.AddFile(entry_);
  if (id.ok()) {
    entry_.id = *id;
    have_entry_ = true;
  } else {
    spdlog::error("file={} ledger: cannot record the duplicate: {}", item_.name,
                  id.status().message());
  }
  return Filed(*filed, FileState::kDuplicate, DuplicateMessage(dup));
}

JobResult Job::Import() {
  const config::Config& config = *item_.config;
  pipeline::DropImportOptions options;
  options.max_parallel = config.magento.max_in_flight;
  options.stop = stop_;
  options.done_before = done_before_.empty() ? nullptr : &done_before_;
  options.stock_versions = &deps_.ledger;
  options.source_name = item_.name;
  const int64_t id = entry_.id;
  ledger::Ledger& ledger = deps_.ledger;
  const std::string name = item_.name;
  options.on_rows_done = [&ledger, id, name](std::span<const RowOutcome> rows) {
    const std::vector<ledger::RowEntry> entries = ToRowEntries(rows);
    if (Status s = ledger.RecordRows(id, entries); !s.ok()) {
      // The import goes on: Magento's state still stops a row from being
      // applied twice; only the cheap resume is lost for these rows.
      spdlog::error("file={} ledger: cannot record {} row outcomes: {}", name,
                    entries.size(), s.message());
    }
  };
  options.file = &lock_->file();
  Result<pipeline::ImportResult> r =
      kinds::ImportDrop(item_.path, *profile_, config.limits, deps_.caller,
                        ClientOptionsFor(config), deps_.clock, options);
  if (!r.ok()) return ImportRefused(r.status());
  return Finish(*r);
}

JobResult Job::ImportRefused(const Status& status) {
  switch (status.code()) {
    case StatusCode::kInvalidInput:
    case StatusCode::kNotFound:
    case StatusCode::kIo:
      return FileLevelFailure(status);
    case StatusCode::kUnauthenticated:
      spdlog::error(
          "Magento refused m2drop's credentials ([magento] auth = {}): {}; "
          "files wait in work/ until the credentials are fixed (see `m2drop "
          "check-config`)",
          config::AuthMethodName(item_.config->magento.auth), status.message());
      return Wait(status);
    default:
      return Wait(status);
  }
}

JobResult Job::Finish(const pipeline::ImportResult& r) {
  CopyCounts(r.summary, &entry_);
  const pipeline::Disposition d = pipeline::Decide(r.summary);
  if (d == pipeline::Disposition::kRetryLater) {
    return Wait(r.interrupted.ok()
                    ? Status::Unavailable(std::to_string(r.summary.deferred) +
                                          " rows deferred: Magento unavailable")
                    : r.interrupted);
  }
  const bool ok = d == pipeline::Disposition::kProcessed;
  Result<app::Filed> filed =
      File(ok ? profile_->processed_dir : profile_->failed_dir,
           pipeline::RenderReports(pipeline::ToReportInput(r),
                                   deps_.clock.WallNow()));
  if (!filed.ok()) return Wait(filed.status(), /*unfiled=*/true);
  return Filed(*filed, ok ? FileState::kProcessed : FileState::kFailed, "");
}

JobResult Job::FileLevelFailure(const Status& problem) {
  const pipeline::ImportResult r =
      FileLevelResult(item_.name, item_.profile, problem,
                      item_.config->limits.max_errors_reported);
  Result<app::Filed> filed = File(
      profile_->failed_dir, pipeline::RenderReports(pipeline::ToReportInput(r),
                                                    deps_.clock.WallNow()));
  if (!filed.ok()) return Wait(filed.status(), /*unfiled=*/true);
  return Filed(*filed, FileState::kFailed, problem.message());
}

Result<app::Filed> Job::File(const std::string& dest_dir,
                             const pipeline::ReportTexts& texts) {
  const ClaimedDrop drop{lock_->file(), item_.path, profile_->failed_dir};
  // The ledger learns the report names before they exist: after a crash
  // between the reports and the move, the resumed job knows them for its
  // own (ForgetUnfiledReports), and after one between the move and the
  // final state, the recovery finds the drop by them (filing_recovery.h).
  auto record = [this](const pipeline::ReportPaths& planned) {
    entry_.report_json = planned.report_json;
    entry_.errors_csv = planned.errors_csv;
    return deps_.ledger.UpdateFile(entry_);
  };
  Result<app::Filed> filed = FileClaimed(
      deps_.fs, drop, dest_dir, texts, deps_.clock,
      have_entry_ ? std::function<Status(const pipeline::ReportPaths&)>(record)
                  : nullptr);
  if (!filed.ok()) {
    return filed.status().WithContext(
        "cannot file " + item_.name +
        "; it waits in work/ until its reports can be written");
  }
  return filed;
}

JobResult Job::Filed(const app::Filed& filed, FileState state,
                     std::string note) {
  if (!filed.replaced.empty()) {
    const std::string swap =
        item_.path + " no longer named the claimed file: " + filed.replaced +
        "; the claimed bytes were imported and filed, nothing else was read";
    spdlog::error("file={} profile={} {}", item_.name, item_.profile, swap);
    note += (note.empty() ? "" : "; ") + swap;
  }
  entry_.state = state;
  entry_.path = filed.path;
  entry_.note = note;
  entry_.report_json = filed.reports.report_json;
  entry_.errors_csv = filed.reports.errors_csv;
  if (Status s = have_entry_ ? deps_.ledger.UpdateFile(entry_) : Status::Ok();
      !s.ok()) {
    spdlog::error("file={} ledger: cannot record state {}: {}", item_.name,
                  ledger::FileStateName(state), s.message());
  }
  Log(std::string(ledger::FileStateName(state)), note, filed.path,
      entry_.report_json);
  return JobResult{JobEnd::kFiled, state, filed.path, entry_.id, Status::Ok()};
}

JobResult Job::Wait(Status why, bool unfiled) {
  JobResult result{JobEnd::kWaiting, FileState::kClaimed, item_.path, 0, why};
  result.unfiled = unfiled;
  if (have_entry_) {
    entry_.state = FileState::kWaiting;
    entry_.note = why.message();
    if (Status s = deps_.ledger.UpdateFile(entry_); !s.ok()) {
      spdlog::error("file={} ledger: cannot record waiting: {}", item_.name,
                    s.message());
    }
    result.state = FileState::kWaiting;
    result.ledger_id = entry_.id;
  }
  Log("waiting", why.message());
  return result;
}

void Job::Log(const std::string& state, const std::string& note,
              const std::string& path, const std::string& report) {
  FileEvent e;
  e.file = item_.name;
  e.profile = item_.profile;
  e.state = state;
  e.attempt = entry_.attempts;
  e.rows = entry_.rows_total;
  e.applied = entry_.applied;
  e.already_present = entry_.already_present;
  e.failed = entry_.failed;
  e.deferred = entry_.deferred;
  e.stale = entry_.stale;
  e.elapsed_ms = ElapsedMs();
  e.note = note;
  e.path = path;
  e.report = report;
  LogFileEvent(e, item_.config->daemon.log_format);
  if (deps_.on_event) deps_.on_event(e);
}

}  // namespace

JobResult RunFileJob(const FileJobDeps& deps, const WorkItem& item,
                     std::stop_token stop) {
  try {
    return Job(deps, item, std::move(stop)).Run();
  } catch (const std::exception& e) {
    spdlog::error("file={} profile={} import stopped by an exception: {}",
                  item.name, item.profile, e.what());
    return JobResult{JobEnd::kWaiting, ledger::FileState::kClaimed, item.path,
                     0, Status::Internal(e.what())};
  }
}

}  // namespace m2drop::app
