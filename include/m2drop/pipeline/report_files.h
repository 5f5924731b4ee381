// SPDX-License-Identifier: Apache-2.0
// A drop's reports on disk (docs/design.md §4, issue 17 items 5 and 6), through
// the fs::FileSystem seam:
//   - their names: NAME.report.json and NAME.errors.csv beside the drop
//     filed as NAME, NAME shortened to fit NAME_MAX where it must be
//     (fs/file_names.h; the report's "file" field names the drop as it
//     came);
//   - writing them: each to a temp file in the directory, fsynced, then
//     renamed into place without replacing anything;
//   - filing a drop after them (FileAfterReports): a drop is moved into
//     processed/ or failed/ only once its reports are in place, so a full
//     disk or an unwritable directory leaves it where it was, never filed
//     without a report.
//
// Thread-safe (no shared state); the functions block on the file system.
#ifndef M2DROP_PIPELINE_REPORT_FILES_H_
#define M2DROP_PIPELINE_REPORT_FILES_H_

#include <functional>
#include <string>
#include <string_view>

#include "m2drop/base/clock.h"
#include "m2drop/base/result.h"
#include "m2drop/fs/file_system.h"
#include "m2drop/pipeline/report.h"

namespace m2drop::pipeline {

// The reports' contents.
struct ReportTexts {
  std::string json;        // NAME.report.json
  std::string errors_csv;  // NAME.errors.csv; "" = no such file
};

// ReportJson(input, now) and ErrorsCsv(input). Pure.
ReportTexts RenderReports(const ReportInput& input, WallTime now);

// The reports of a file named `file_name` in `dir`: dir/NAME.report.json
// and, when `with_errors`, dir/NAME.errors.csv ("" otherwise), NAME being
// `file_name` shortened (fs::NameWith) so that both fit NAME_MAX. Pure.
ReportPaths ReportPathsFor(const std::string& dir, std::string_view file_name,
                           bool with_errors);

// Writes `texts` as the reports of `file_name` in `dir` (which must
// exist): temp files first, then renamed into place. kRejected when one of
// the names is taken (nothing is left placed then); kNotFound / kIo naming
// the file when writing fails (nothing is left behind).
Result<ReportPaths> PlaceReports(fs::FileSystem& fs, const std::string& dir,
                                 std::string_view file_name,
                                 const ReportTexts& texts);

// Writes `texts` into `dir` (which must exist) as the reports of
// CandidateName(base_name, clock.WallNow(), n) for the first n where the
// names are free: an existing report is never overwritten. Fills `out`.
// kNotFound / kIo naming the file or directory on failure.
Status WriteReports(fs::FileSystem& fs, const ReportTexts& texts,
                    const std::string& dir, const std::string& base_name,
                    const Clock& clock, ReportPaths* out);

// How FileAfterReports moves the drop, and who is told what.
struct FilingSteps {
  // Moves the drop to `target` (which was free a moment ago). kRejected
  // when `target` is taken now: the reports are taken back and the next
  // name is tried; any other failure ends the filing the same way.
  std::function<Status(const std::string& target)> move;
  // Told the report paths right before they are placed (the daemon records
  // them in its ledger, so that a restart after a crash before the move
  // knows them for its own); its failure ends the filing. May be empty.
  std::function<Status(const ReportPaths& planned)> before_reports;
};

// Where a drop was filed.
struct FiledPaths {
  std::string path;  // the drop's final path
  ReportPaths reports;
};

// Files the drop called `name` into `dest_dir` (created when missing) after
// its reports: for the first CandidateName(name, now, n) where the drop's
// name and its report names are free, places the reports
// (PlaceReports), then calls steps.move. The drop's Status when a step
// fails — the drop is then where it was and no report of this attempt
// stays —; kIo when 1000 names are taken.
Result<FiledPaths> FileAfterReports(fs::FileSystem& fs, std::string_view name,
                                    const std::string& dest_dir,
                                    const ReportTexts& texts,
                                    const Clock& clock,
                                    const FilingSteps& steps);

}  // namespace m2drop::pipeline

#endif  // M2DROP_PIPELINE_REPORT_FILES_H_
