// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/file_filing.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "m2drop/pipeline/disposition.h"
#include "m2drop/pipeline/disposition_io.h"

namespace m2drop::app {
namespace {

std::string BaseName(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

// Renames the temp report into `dir` as NAME.report.json, NAME being the
// first free candidate of `base_name`.
Result<std::string> PlaceReport(const std::string& dir,
                                const std::string& base_name, WallTime now,
                                const std::string& temp) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    const std::string target =
        dir + "/" + pipeline::CandidateName(base_name, now, attempt) +
        ".report.json";
    M2DROP_ASSIGN_OR_RETURN(bool moved,
                            pipeline::RenameNoReplace(temp, target));
    if (moved) return target;
  }
  return Status::Io("no free report name for " + base_name + " in " + dir);
}

}  // namespace

Result<Filed> FileWithReports(const std::string& path,
                              const std::string& dest_dir,
                              const pipeline::ReportInput& input,
                              const Clock& clock, std::string* moved_to) {
  Filed filed;
  M2DROP_ASSIGN_OR_RETURN(filed.path,
                          pipeline::FileAway(path, dest_dir, clock));
  *moved_to = filed.path;
  M2DROP_RETURN_IF_ERROR(pipeline::WriteReports(
      input, dest_dir, BaseName(filed.path), clock, &filed.reports));
  return filed;
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

Result<Filed> FileDuplicate(const std::string& path,
                            const std::string& dest_dir,
                            const DuplicateOf& duplicate, const Clock& clock,
                            std::string* moved_to) {
  Filed filed;
  M2DROP_ASSIGN_OR_RETURN(filed.path,
                          pipeline::FileAway(path, dest_dir, clock));
  *moved_to = filed.path;
  const WallTime now = clock.WallNow();
  const std::string base = BaseName(filed.path);
  M2DROP_ASSIGN_OR_RETURN(
      std::string temp,
      pipeline::WriteTempFile(dest_dir, base + ".report.json",
                              DuplicateReportJson(duplicate, now)));
  Result<std::string> placed = PlaceReport(dest_dir, base, now, temp);
  if (!placed.ok()) {
    unlink(temp.c_str());
    return placed.status();
  }
  filed.reports.report_json = *placed;
  M2DROP_RETURN_IF_ERROR(pipeline::SyncDir(dest_dir));
  return filed;
}

}  // namespace m2drop::app
