// SPDX-License-Identifier: Apache-2.0
#include "m2drop/pipeline/import_drop.h"

namespace m2drop::pipeline {

ReportInput ToReportInput(const ImportResult& result) {
  ReportInput input;
  input.summary = result.summary;
  input.outcomes = result.outcomes;
  input.header_raw = result.header_raw;
  input.delimiter = result.delimiter;
  for (const RawRow& row : result.failed_rows) {
    input.raw_rows[row.line] = row.text;
  }
  return input;
}

}  // namespace m2drop::pipeline
