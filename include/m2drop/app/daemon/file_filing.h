// SPDX-License-Identifier: Apache-2.0
// Filing a finished drop from work/ into processed/ or failed/ (docs/design.md
// §4, §7; issue 17 items 1 and 6): its reports first, then the drop
// (pipeline::FileAfterReports), so a drop is never filed without its
// report: when the reports cannot be written (a full disk, a read-only
// directory) it stays in work/ and FileJob tries again later.
//
// Only the file that was claimed is filed. The drop is renamed by its
// work/ name only while that name still is the file the job holds open
// (same device and inode, checked before the rename and again after it).
// When it is not — someone with write access to work/ renamed another
// entry over it, or removed it — that entry is neither read nor filed
// under the drop's name: it is moved into `aside_dir` (the profile's
// failed/) as NAME.replaced for a person to look at, and the claimed bytes
// are written from the open file to the drop's place, so the drop is never
// lost.
//
// Also the report of a duplicate drop, which was not imported at all.
//
// Thread-safe (no shared state); blocks on the file system.
#ifndef M2DROP_APP_DAEMON_FILE_FILING_H_
#define M2DROP_APP_DAEMON_FILE_FILING_H_

#include <cstdint>
#include <functional>
#include <string>

#include "m2drop/base/clock.h"
#include "m2drop/base/result.h"
#include "m2drop/fs/file_system.h"
#include "m2drop/pipeline/import_drop.h"
#include "m2drop/pipeline/report.h"
#include "m2drop/pipeline/report_files.h"

namespace m2drop::app {

// A drop in work/ as its job holds it.
struct ClaimedDrop {
  const fs::ReadableFile& file;  // open since the claim (identity, bytes)
  std::string work_path;         // its name in work/
  std::string aside_dir;         // where an entry that replaced it goes
};

struct Filed {
  std::string path;  // the drop's final path
  pipeline::ReportPaths reports;
  // When work/NAME was no longer the claimed file: what happened to the
  // name ("a symbolic link had taken its place, moved to
  // …/failed/x.csv.replaced", "the name had been removed"); "" otherwise.
  std::string replaced;
};

// Files `drop` into `dest_dir` after its reports `texts`, as described
// above. `before_reports` as pipeline::FilingSteps (may be empty). The
// Status of the step that failed: the drop is still in work/ and no report
// of this attempt is left.
Result<Filed> FileClaimed(
    fs::FileSystem& fs, const ClaimedDrop& drop, const std::string& dest_dir,
    const pipeline::ReportTexts& texts, const Clock& clock,
    const std::function<Status(const pipeline::ReportPaths&)>& before_reports =
        nullptr);

// The result of a drop refused as a whole (unreadable, not a CSV, a
// required column missing): no rows, one file-level error "unreadable_file"
// with `problem`'s message. Pure.
pipeline::ImportResult FileLevelResult(const std::string& name,
                                       const std::string& profile,
                                       const Status& problem,
                                       int max_errors_reported);

// What a duplicate drop duplicates.
struct DuplicateOf {
  std::string profile;
  std::string file;              // the drop's own name
  std::string original;          // the processed original's name
  int64_t original_done_ms = 0;  // when the original was finished
};

// "duplicate of NAME processed at 2026-11-22T07:05:01Z; nothing applied".
// Pure.
std::string DuplicateMessage(const DuplicateOf& duplicate);

// NAME.report.json of a duplicate: {"file", "profile", "mode":"duplicate",
// "duplicate_of", "original_processed_at", "message", every count 0,
// "generated_at", "rows":[]}. Pure.
std::string DuplicateReportJson(const DuplicateOf& duplicate, WallTime now);

}  // namespace m2drop::app

#endif  // M2DROP_APP_DAEMON_FILE_FILING_H_
