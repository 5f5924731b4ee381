// SPDX-License-Identifier: Apache-2.0
// Stock rows: one CSV record of an ERP stock drop, checked and typed
// (docs/design.md §6): a SKU, a strict quantity, the source (the profile's
// default when the file names none), an optional status and an optional version
// stamp. Pure; thread-safe.
#ifndef M2DROP_KINDS_STOCK_STOCK_ROW_H_
#define M2DROP_KINDS_STOCK_STOCK_ROW_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "m2drop/config/config.h"
#include "m2drop/csv/header_map.h"
#include "m2drop/csv/record.h"
#include "m2drop/pipeline/summary.h"
#include "m2drop/pipeline/validate.h"
#include "m2drop/pipeline/values.h"

namespace m2drop::pipeline {

// Where each stock field sits in the file, resolved once per file.
struct StockColumns {
  size_t sku, quantity, source, status, version;

  static StockColumns From(const csv::HeaderMap& map);
};

struct StockRow {
  uint64_t line = 0;
  std::string sku;
  double quantity = 0;
  std::string source;  // never empty: the default source fills in
  // In stock? Absent in the file: derived from quantity > 0.
  bool in_stock = false;
  std::optional<StockVersion> version;
};

struct StockRules {
  std::string default_source = "default";
  bool allow_negative = false;
  bool allow_decimal_comma = false;  // the delimiter is not ','
};

// Checks `record`. Returns the typed row, or nullopt after appending one
// RowError per problem found.
std::optional<StockRow> CheckStockRecord(const csv::Record& record,
                                         const StockColumns& columns,
                                         const StockRules& rules,
                                         std::vector<RowError>* errors);

// The stock kind's RecordCheck (validate.h) under `profile`'s rules.
RecordCheck StockRecordCheck(const config::Profile& profile,
                             const csv::HeaderMap& columns, bool decimal_comma);

}  // namespace m2drop::pipeline

#endif  // M2DROP_KINDS_STOCK_STOCK_ROW_H_
