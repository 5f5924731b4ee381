// SPDX-License-Identifier: Apache-2.0
// Reading one logical field out of a record, and the row errors shared by the
// tracking and stock checks. Internal to pipeline/; pure.
#ifndef M2DROP_PIPELINE_ROW_FIELDS_H_
#define M2DROP_PIPELINE_ROW_FIELDS_H_

#include <string>
#include <string_view>
#include <vector>

#include "m2drop/csv/header_map.h"
#include "m2drop/csv/record.h"
#include "m2drop/pipeline/summary.h"

namespace m2drop::pipeline {

// The field in `column`, or "" when the file has no such column.
inline std::string_view FieldAt(const csv::Record& record, size_t column) {
  return column == csv::HeaderMap::kNoColumn || column >= record.size()
             ? std::string_view()
             : record[column];
}

// Appends a RowError for `column` (0-based; kNoColumn -> whole row).
inline void AddRowError(std::vector<RowError>* errors, uint64_t line,
                        size_t column, std::string code, std::string message) {
  uint32_t col = column == csv::HeaderMap::kNoColumn
                     ? 0
                     : static_cast<uint32_t>(column + 1);
  errors->push_back({line, col, std::move(code), std::move(message)});
}

// Excel shows long numbers as "1.23457E+17" and saves them that way: the
// digits are gone. True for such text.
bool LooksLikeExcelScientific(std::string_view text);

}  // namespace m2drop::pipeline

#endif  // M2DROP_PIPELINE_ROW_FIELDS_H_
