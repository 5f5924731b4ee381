// SPDX-License-Identifier: Apache-2.0
// Filing a finished drop from work/ into processed/ or failed/ together
// with its reports (docs/design.md §4): the move first (pipeline::FileAway,
// never an overwrite), then NAME.report.json (and NAME.errors.csv) beside it,
// named after the file's final name. Also the report of a duplicate drop,
// which was not imported at all.
//
// Thread-safe (no shared state); blocks on the file system.
#ifndef M2DROP_APP_FILE_FILING_H_
#define M2DROP_APP_FILE_FILING_H_

#include <cstdint>
#include <string>

#include "m2drop/base/clock.h"
#include "m2drop/base/result.h"
#include "m2drop/pipeline/import_drop.h"
#include "m2drop/pipeline/report.h"

namespace m2drop::app {

struct Filed {
  std::string path;  // the file's final path
  pipeline::ReportPaths reports;
};

// Moves `path` into `dest_dir` and writes `input`'s reports beside it.
// FileAway's Status when the move fails (the file stays where it was);
// WriteReports' kIo when the reports cannot be written (the file is moved
// already: `moved_to` says where, so the caller can record it).
Result<Filed> FileWithReports(const std::string& path,
                              const std::string& dest_dir,
                              const pipeline::ReportInput& input,
                              const Clock& clock, std::string* moved_to);

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

// Moves `path` into `dest_dir` and writes its duplicate report beside it.
// Statuses as FileWithReports.
Result<Filed> FileDuplicate(const std::string& path,
                            const std::string& dest_dir,
                            const DuplicateOf& duplicate, const Clock& clock,
                            std::string* moved_to);

}  // namespace m2drop::app

#endif  // M2DROP_APP_FILE_FILING_H_
