// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/filing_recovery.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <optional>

#include "m2drop/app/file_filing.h"
#include "m2drop/app/ledger_rows.h"
#include "m2drop/app/magento_connection.h"
#include "m2drop/fs/content_hash.h"
#include "m2drop/fs/file_system.h"
#include "m2drop/inbox/claim.h"
#include "m2drop/pipeline/disposition_io.h"
#include "m2drop/pipeline/import_drop.h"
#include "m2drop/pipeline/report.h"

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
};

std::string BaseName(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

// The filed copy of `entry` in `dir`: same content, no report beside it,
// no live process holding it. nullopt when none.
std::optional<std::string> FindFiled(const ledger::FileEntry& entry,
                                     const std::string& dir) {
  fs::FileSystem& fs = fs::PosixFileSystem::Instance();
  auto listing = fs.ListDir(dir);
  if (!listing.ok()) return std::nullopt;
  const std::string claimed_name = BaseName(entry.path);
  for (const fs::DirEntry& e : *listing) {
    if (e.info.type != fs::FileType::kRegular ||
        !pipeline::IsCandidateName(claimed_name, e.name)) {
      continue;
    }
    const std::string path = dir + "/" + e.name;
    if (fs.Stat(path + ".report.json").ok()) continue;  // reported already
    if (e.info.size != entry.size) continue;
    Result<std::string> sha = fs::Sha256OfFile(path);
    if (!sha.ok() || *sha != entry.sha256) continue;
    return path;
  }
  return std::nullopt;
}

// Rebuilds the import result of the filed file from the ledger's rows.
Result<pipeline::ImportResult> Rebuild(const config::Config& config,
                                       const config::Profile& profile,
                                       ledger::Ledger& ledger,
                                       const ledger::FileEntry& entry,
                                       const std::string& path,
                                       const Clock& clock) {
  M2DROP_ASSIGN_OR_RETURN(std::vector<ledger::RowEntry> rows,
                          ledger.Rows(entry.id));
  const auto decided = DecidedOutcomes(rows);
  NoMagento no_magento;
  pipeline::DropImportOptions options;
  options.done_before = &decided;
  options.source_name = entry.name;
  Result<pipeline::ImportResult> r =
      pipeline::ImportDrop(path, profile, config.limits, no_magento,
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

// Recovers one entry whose work/ file is gone; nullopt when it cannot.
std::optional<RecoveredFiling> RecoverOne(const config::Config& config,
                                          ledger::Ledger& ledger,
                                          ledger::FileEntry entry,
                                          const Clock& clock) {
  const config::Profile* profile = config::FindProfile(config, entry.profile);
  if (profile == nullptr) return std::nullopt;
  ledger::FileState state = ledger::FileState::kProcessed;
  std::optional<std::string> path = FindFiled(entry, profile->processed_dir);
  if (!path) {
    state = ledger::FileState::kFailed;
    path = FindFiled(entry, profile->failed_dir);
  }
  if (!path) {
    spdlog::warn(
        "file={} profile={} ledger entry {} is unfinished but the file is "
        "neither at {} nor, unreported, in processed/ or failed/; left as it "
        "is",
        entry.name, entry.profile, entry.id, entry.path);
    return std::nullopt;
  }
  // A live daemon between its move and its report holds the file's lock.
  auto lock = inbox::WorkLock::TryLock(*path);
  if (!lock.ok() || !lock->has_value()) return std::nullopt;
  Result<pipeline::ImportResult> r =
      Rebuild(config, *profile, ledger, entry, *path, clock);
  pipeline::ReportPaths reports;
  Status written =
      r.ok() ? pipeline::WriteReports(
                   pipeline::ToReportInput(*r),
                   std::filesystem::path(*path).parent_path().string(),
                   BaseName(*path), clock, &reports)
             : r.status();
  if (!written.ok()) {
    spdlog::error(
        "file={} profile={} filed as {} before a crash; its report "
        "could not be rebuilt: {}",
        entry.name, entry.profile, *path, written.message());
    return std::nullopt;
  }
  entry.state = state;
  entry.path = *path;
  entry.report_json = reports.report_json;
  entry.errors_csv = reports.errors_csv;
  entry.rows_total = r->summary.rows_total;
  entry.applied = r->summary.applied;
  entry.already_present = r->summary.already_present;
  entry.stale = r->summary.stale;
  entry.failed = r->summary.failed;
  entry.deferred = r->summary.deferred;
  entry.note = "report rebuilt from the ledger after a crash";
  if (Status s = ledger.UpdateFile(entry); !s.ok()) {
    spdlog::error("file={} ledger: cannot record the recovered state: {}",
                  entry.name, s.message());
  }
  spdlog::warn(
      "file={} profile={} was filed as {} just before a crash; its "
      "report was rebuilt from the ledger: {}",
      entry.name, entry.profile, *path, reports.report_json);
  return RecoveredFiling{entry.profile, entry.name, *path, state,
                         reports.report_json};
}

}  // namespace

Result<std::vector<RecoveredFiling>> RecoverInterruptedFilings(
    const config::Config& config, ledger::Ledger& ledger, const Clock& clock) {
  std::vector<RecoveredFiling> recovered;
  fs::FileSystem& fs = fs::PosixFileSystem::Instance();
  for (ledger::FileState state :
       {ledger::FileState::kClaimed, ledger::FileState::kWaiting}) {
    M2DROP_ASSIGN_OR_RETURN(std::vector<ledger::FileEntry> entries,
                            ledger.FilesInState(state));
    for (ledger::FileEntry& entry : entries) {
      if (fs.Stat(entry.path).ok()) continue;  // still in work/: resumed
      if (auto r = RecoverOne(config, ledger, std::move(entry), clock)) {
        recovered.push_back(std::move(*r));
      }
    }
  }
  return recovered;
}

}  // namespace m2drop::app
