// SPDX-License-Identifier: Apache-2.0
// Validation of a whole drop without calling Magento: read every record the
// way the profile says, check every row, and summarise (`m2drop validate`,
// and the first pass of every import). Streams: memory does not grow with
// the file. Blocks on file reads; thread-compatible.
#ifndef M2DROP_PIPELINE_VALIDATE_H_
#define M2DROP_PIPELINE_VALIDATE_H_

#include <functional>
#include <string>
#include <vector>

#include "m2drop/base/clock.h"
#include "m2drop/base/result.h"
#include "m2drop/config/config.h"
#include "m2drop/csv/header_map.h"
#include "m2drop/csv/record.h"
#include "m2drop/pipeline/summary.h"

namespace m2drop::pipeline {

// One kind's check of one record: true when the row is valid, else false
// with its problems appended to `errors`.
using RecordCheck = std::function<bool(const csv::Record& record,
                                       std::vector<RowError>* errors)>;

// Makes a kind's RecordCheck for a drop whose header mapped to `columns`
// (decimal_comma: the delimiter is not ',', so "1,5" is a number).
using MakeRecordCheck = RecordCheck (*)(const config::Profile& profile,
                                        const csv::HeaderMap& columns,
                                        bool decimal_comma);

// Checks every row of the drop at `path` against `profile`, with the
// profile's kind's check (kinds/registry.h picks `make_check`). The summary
// counts rows_total (every data record, malformed ones included), valid and
// failed rows, and lists each problem (up to limits.max_errors_reported)
// with its line, column and reason. File-level failures are the Status of
// OpenDrop (drop_reader.h), or the reader's when it stops mid-file.
Result<FileSummary> ValidateDrop(const std::string& path,
                                 const config::Profile& profile,
                                 const config::LimitsConfig& limits,
                                 const Clock& clock,
                                 MakeRecordCheck make_check);

}  // namespace m2drop::pipeline

#endif  // M2DROP_PIPELINE_VALIDATE_H_
