// SPDX-License-Identifier: Apache-2.0
// Opening a drop the way its profile says: the CSV reader with the profile's
// dialect settings and the configured limits, and the header mapped onto the
// profile's logical fields. Shared by validate, import and the daemon so
// that every path reads a file identically.
//
// Not thread-safe (one Drop per file and thread); OpenDrop blocks on reads.
#ifndef M2DROP_PIPELINE_DROP_READER_H_
#define M2DROP_PIPELINE_DROP_READER_H_

#include <memory>
#include <string>

#include "m2drop/base/result.h"
#include "m2drop/config/config.h"
#include "m2drop/csv/header_map.h"
#include "m2drop/csv/reader.h"
#include "m2drop/fs/file_system.h"
#include "m2drop/pipeline/summary.h"

namespace m2drop::pipeline {

struct Drop {
  std::unique_ptr<csv::Reader> reader;
  csv::HeaderMap columns;  // logical field -> column
};

// The reader options a profile and the limits ask for.
csv::ReaderOptions ReaderOptionsFor(const config::Profile& profile,
                                    const config::LimitsConfig& limits);

// The profile's logical fields (its [profile.columns] over the defaults) as
// the CSV header mapper takes them.
std::vector<csv::FieldSpec> FieldSpecsFor(const config::Profile& profile);

// Opens `path` — or reads `file` when given (the daemon's claimed drop,
// already open: `path` then only names it) — and maps its header.
// File-level failures, each naming the file: kNotFound/kIo when it cannot
// be read; kInvalidInput when it is not a readable CSV or lacks a required
// column (the message says which columns were expected and which were
// found). REQUIRES: `file` outlives the Drop.
Result<Drop> OpenDrop(const std::string& path, const config::Profile& profile,
                      const config::LimitsConfig& limits,
                      const fs::ReadableFile* file = nullptr);

// The dialect as the summary reports it.
DialectSummary SummarizeDialect(const csv::Dialect& dialect);

}  // namespace m2drop::pipeline

#endif  // M2DROP_PIPELINE_DROP_READER_H_
