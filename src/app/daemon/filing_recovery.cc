// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/daemon/filing_recovery.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <optional>

#include "m2drop/app/daemon/file_filing.h"
#include "m2drop/app/daemon/ledger_rows.h"
#include "m2drop/app/magento_connection.h"
#include "m2drop/fs/content_hash.h"
#include "m2drop/inbox/claim.h"
#include "m2drop/kinds/drop.h"
#include "m2drop/pipeline/disposition_io.h"
#include "m2drop/pipeline/import_drop.h"
#include "m2drop/pipeline/report_files.h"

namespace m2drop::app {
namespace {

// Answers every request with "unavailable": a recovery never talks to
// Magento. Every row of a filed file has its outcome in the ledger, so
// nothing should ask; a row that does is reported as deferred.
class NoMagento final : public magento::ApiCaller {
 public:
  magento::ApiResult Call(const magento::ApiRequest& request,
                          std::stop_token) override {
    magento::ApiResult r;
    r.status = Status::Unavailable("not sent: rebuilding the report of " +
                                   request.route + " from the ledger");
    return r;
  }
  Status WaitToResend(const magento::ApiRequest& request,
                      const magento::ApiResult&, magento::ResendBudget&,
                      std::stop_token) override {
    return Status::Unavailable("not resent: rebuilding the report of " +
                               request.route + " from the ledger");
  }
};

std::string BaseName(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

// The filed copy of an entry, open and locked.
struct Found {
  std::string path;
  inbox::WorkLock lock;
  bool reported = false;  // the entry's own reports are beside it
};

// The filed copy of `entry` in `dir` (see filing_recovery.h); nullopt when
// none.
std::optional<Found> FindFiled(fs::FileSystem& fs,
                               const ledger::FileEntry& entry,
                               const std::string& dir) {
  auto listing = fs.ListDir(dir);
  if (!listing.ok()) return std::nullopt;
  const std::string claimed_name = BaseName(entry.path);
  for (const fs::DirEntry& e : *listing) {
    if (e.info.type != fs::FileType::kRegular || e.info.size != entry.size ||
        !pipeline::IsCandidateName(claimed_name, e.name)) {
      continue;
    }
    const std::string report =
        pipeline::ReportPathsFor(dir, e.name, false).report_json;
    const bool reported = fs.Stat(report).ok();
    // A report the entry did not plan belongs to another filing.
    if (reported && report != entry.report_json) continue;
    const std::string path = dir + "/" + e.name;
    auto lock = inbox::WorkLock::TryLock(fs, path);
    if (!lock.ok() || !lock->has_value()) continue;
    Result<std::string> sha = fs::Sha256Of((*lock)->file());
    if (!sha.ok() || *sha != entry.sha256) continue;
    return Found{path, std::move(**lock), reported};
  }
  return std::nullopt;
}

// Rebuilds the import result of the filed file from the ledger's rows.
Result<pipeline::ImportResult> Rebuild(const config::Config& config,
                                       const config::Profile& profile,
                                       ledger::Ledger& ledger,
                                       const ledger::FileEntry& entry,
                                       const Found& found, const Clock& clock) {
  M2DROP_ASSIGN_OR_RETURN(std::vector<ledger::RowEntry> rows,
                          ledger.Rows(entry.id));
  const auto decided = DecidedOutcomes(rows);
  NoMagento no_magento;
  pipeline::DropImportOptions options;
  options.done_before = &decided;
  options.source_name = entry.name;
  options.file = &found.lock.file();
  Result<pipeline::ImportResult> r =
      kinds::ImportDrop(found.path, profile, config.limits, no_magento,
                        ClientOptionsFor(config), clock, options);
  if (r.ok()) return r;
  if (r.status().code() == StatusCode::kCancelled ||
      r.status().code() == StatusCode::kInternal) {
    return r.status();
  }
  // Refused as a whole when it was imported, so it is again.
  return FileLevelResult(entry.name, entry.profile, r.status(),
                         config.limits.max_errors_reported);
}

// Writes the reports of a drop filed without any; fills `entry`'s counts
// and report paths.
Status RebuildReports(fs::FileSystem& fs, const config::Config& config,
                      const config::Profile& profile, ledger::Ledger& ledger,
                      const Found& found, const Clock& clock,
                      ledger::FileEntry* entry) {
  M2DROP_ASSIGN_OR_RETURN(
      pipeline::ImportResult r,
      Rebuild(config, profile, ledger, *entry, found, clock));
  pipeline::ReportPaths reports;
  M2DROP_RETURN_IF_ERROR(pipeline::WriteReports(
      fs, pipeline::RenderReports(pipeline::ToReportInput(r), clock.WallNow()),
      std::filesystem::path(found.path).parent_path().string(),
      BaseName(found.path), clock, &reports));
  entry->report_json = reports.report_json;
  entry->errors_csv = reports.errors_csv;
  entry->rows_total = r.summary.rows_total;
  entry->applied = r.summary.applied;
  entry->already_present = r.summary.already_present;
  entry->stale = r.summary.stale;
  entry->failed = r.summary.failed;
  entry->deferred = r.summary.deferred;
  entry->note = "report rebuilt from the ledger after a crash";
  return Status::Ok();
}

// Recovers one entry whose work/ file is gone; nullopt when it cannot.
std::optional<RecoveredFiling> RecoverOne(fs::FileSystem& fs,
                                          const config::Config& config,
                                          ledger::Ledger& ledger,
                                          ledger::FileEntry entry,
                                          const Clock& clock) {
  const config::Profile* profile = config::FindProfile(config, entry.profile);
  if (profile == nullptr) return std::nullopt;
  ledger::FileState state = ledger::FileState::kProcessed;
  std::optional<Found> found = FindFiled(fs, entry, profile->processed_dir);
  if (!found) {
    state = ledger::FileState::kFailed;
    found = FindFiled(fs, entry, profile->failed_dir);
  }
  if (!found) {
    spdlog::warn(
        "file={} profile={} ledger entry {} is unfinished but the file is "
        "neither at {} nor, unrecorded, in processed/ or failed/; left as it "
        "is",
        entry.name, entry.profile, entry.id, entry.path);
    return std::nullopt;
  }
  if (found->reported) {
    entry.note = "filed just before a crash; recorded at the next start";
  } else if (Status s = RebuildReports(fs, config, *profile, ledger, *found,
                                       clock, &entry);
             !s.ok()) {
    spdlog::error(
        "file={} profile={} filed as {} before a crash; its report "
        "could not be rebuilt: {}",
        entry.name, entry.profile, found->path, s.message());
    return std::nullopt;
  }
  entry.state = state;
  entry.path = found->path;
  if (Status s = ledger.UpdateFile(entry); !s.ok()) {
    spdlog::error("file={} ledger: cannot record the recovered state: {}",
                  entry.name, s.message());
  }
  spdlog::warn(
      "file={} profile={} was filed as {} just before a crash: {} ({})",
      entry.name, entry.profile, found->path, entry.note, entry.report_json);
  return RecoveredFiling{entry.profile, entry.name,        found->path,
                         state,         entry.report_json, !found->reported};
}

}  // namespace

Result<std::vector<RecoveredFiling>> RecoverInterruptedFilings(
    fs::FileSystem& fs, const config::Config& config, ledger::Ledger& ledger,
    const Clock& clock) {
  std::vector<RecoveredFiling> recovered;
  for (ledger::FileState state :
       {ledger::FileState::kClaimed, ledger::FileState::kWaiting}) {
    M2DROP_ASSIGN_OR_RETURN(std::vector<ledger::FileEntry> entries,
                            ledger.FilesInState(state));
    for (ledger::FileEntry& entry : entries) {
      if (fs.Stat(entry.path).ok()) continue;  // still in work/: resumed
      if (auto r = RecoverOne(fs, config, ledger, std::move(entry), clock)) {
        recovered.push_back(std::move(*r));
      }
    }
  }
  return recovered;
}

}  // namespace m2drop::app
