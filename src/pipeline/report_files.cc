// SPDX-License-Identifier: Apache-2.0
#include "m2drop/pipeline/report_files.h"

#include <filesystem>

#include "m2drop/base/strings.h"
#include "m2drop/fs/file_names.h"
#include "m2drop/pipeline/disposition_io.h"

namespace m2drop::pipeline {
namespace {

// A bound on the search for a free name; thousands of files of one name
// within one second means something else is wrong.
constexpr int kMaxNameAttempts = 1000;

// The longer of the two report suffixes, ".report.json".
constexpr size_t kReportSuffix = 12;

std::string BaseName(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

bool Taken(fs::FileSystem& fs, const std::string& path) {
  return !path.empty() && fs.Stat(path).ok();
}

void RemoveReports(fs::FileSystem& fs, const ReportPaths& paths) {
  (void)fs.Remove(paths.report_json);
  if (!paths.errors_csv.empty()) (void)fs.Remove(paths.errors_csv);
}

std::string NoFreeName(std::string_view name, const std::string& dir) {
  return "cannot file " + QuoteForMessage(name) + " into " +
         QuoteForMessage(dir) + ": " + std::to_string(kMaxNameAttempts) +
         " names are taken already";
}

}  // namespace

ReportTexts RenderReports(const ReportInput& input, WallTime now) {
  return ReportTexts{ReportJson(input, now), ErrorsCsv(input)};
}

ReportPaths ReportPathsFor(const std::string& dir, std::string_view file_name,
                           bool with_errors) {
  const std::string stem =
      dir + "/" + fs::NameWith(file_name, "", fs::kNameMax - kReportSuffix);
  return ReportPaths{stem + ".report.json",
                     with_errors ? stem + ".errors.csv" : ""};
}

Result<ReportPaths> PlaceReports(fs::FileSystem& fs, const std::string& dir,
                                 std::string_view file_name,
                                 const ReportTexts& texts) {
  const ReportPaths paths =
      ReportPathsFor(dir, file_name, !texts.errors_csv.empty());
  M2DROP_ASSIGN_OR_RETURN(
      std::string json_tmp,
      fs::WriteTempFile(fs, dir, BaseName(paths.report_json), texts.json));
  std::string csv_tmp;
  if (!paths.errors_csv.empty()) {
    Result<std::string> written = fs::WriteTempFile(
        fs, dir, BaseName(paths.errors_csv), texts.errors_csv);
    if (!written.ok()) {
      (void)fs.Remove(json_tmp);
      return written.status();
    }
    csv_tmp = *written;
  }
  Status placed = fs.RenameNoReplace(json_tmp, paths.report_json);
  if (placed.ok() && !csv_tmp.empty()) {
    placed = fs.RenameNoReplace(csv_tmp, paths.errors_csv);
    // The JSON is ours (the no-replace rename just made it): the pair
    // keeps one name, or neither stays.
    if (!placed.ok()) (void)fs.Remove(paths.report_json);
  }
  if (!placed.ok()) {
    // Whatever was not renamed into place is still a temp file.
    (void)fs.Remove(json_tmp);
    if (!csv_tmp.empty()) (void)fs.Remove(csv_tmp);
    return placed;
  }
  return paths;
}

Status WriteReports(fs::FileSystem& fs, const ReportTexts& texts,
                    const std::string& dir, const std::string& base_name,
                    const Clock& clock, ReportPaths* out) {
  const WallTime now = clock.WallNow();
  for (int attempt = 0; attempt < kMaxNameAttempts; ++attempt) {
    Result<ReportPaths> placed =
        PlaceReports(fs, dir, CandidateName(base_name, now, attempt), texts);
    if (placed.ok()) {
      *out = *placed;
      return fs.SyncDir(dir);
    }
    if (placed.status().code() != StatusCode::kRejected) {
      return placed.status();
    }
  }
  return Status::Io(NoFreeName(base_name, dir));
}

Result<FiledPaths> FileAfterReports(fs::FileSystem& fs, std::string_view name,
                                    const std::string& dest_dir,
                                    const ReportTexts& texts,
                                    const Clock& clock,
                                    const FilingSteps& steps) {
  M2DROP_RETURN_IF_ERROR(fs.MakeDirs(dest_dir));
  const WallTime now = clock.WallNow();
  for (int attempt = 0; attempt < kMaxNameAttempts; ++attempt) {
    const std::string candidate = CandidateName(name, now, attempt);
    const std::string target = dest_dir + "/" + candidate;
    const ReportPaths planned =
        ReportPathsFor(dest_dir, candidate, !texts.errors_csv.empty());
    if (Taken(fs, target) || Taken(fs, planned.report_json) ||
        Taken(fs, planned.errors_csv)) {
      continue;
    }
    if (steps.before_reports) {
      M2DROP_RETURN_IF_ERROR(steps.before_reports(planned));
    }
    Result<ReportPaths> placed = PlaceReports(fs, dest_dir, candidate, texts);
    if (!placed.ok()) {
      if (placed.status().code() == StatusCode::kRejected) continue;
      return placed.status();
    }
    // The reports are durable before the drop moves: a crash in between
    // leaves the drop where it was, and reports its ledger entry knows.
    Status moved = fs.SyncDir(dest_dir);
    if (moved.ok()) moved = steps.move(target);
    if (moved.ok()) {
      // Moved: the drop is filed. A failed sync only puts its durability
      // across a power loss in doubt, no reason to import it again.
      (void)fs.SyncDir(dest_dir);
      return FiledPaths{target, *placed};
    }
    RemoveReports(fs, *placed);
    if (moved.code() != StatusCode::kRejected) return moved;
  }
  return Status::Io(NoFreeName(name, dest_dir));
}

}  // namespace m2drop::pipeline
