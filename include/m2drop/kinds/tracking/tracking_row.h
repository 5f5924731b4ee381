// SPDX-License-Identifier: Apache-2.0
// Tracking rows: one CSV record of a 3PL tracking drop, checked and typed
// (docs/design.md §6). Everything a row can be refused for without asking
// Magento is decided here: empty order, tracking number or carrier, quantities
// that are not positive numbers, bad notify flags. Pure; thread-safe.
#ifndef M2DROP_KINDS_TRACKING_TRACKING_ROW_H_
#define M2DROP_KINDS_TRACKING_TRACKING_ROW_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "m2drop/config/config.h"
#include "m2drop/csv/header_map.h"
#include "m2drop/csv/record.h"
#include "m2drop/pipeline/summary.h"
#include "m2drop/pipeline/validate.h"

namespace m2drop::pipeline {

// Where each tracking field sits in the file (csv::HeaderMap::kNoColumn when
// the file lacks an optional one), resolved once per file.
struct TrackingColumns {
  size_t order, tracking, carrier, title, sku, qty, notify;

  static TrackingColumns From(const csv::HeaderMap& map);
};

struct TrackingRow {
  uint64_t line = 0;
  std::string order;  // as written: leading zeros kept
  std::string tracking;
  std::string carrier;         // free text or a carrier code, mapped later
  std::string title;           // "" when the file has none
  std::string sku;             // "" when the row names no item
  std::optional<double> qty;   // only with a SKU
  std::optional<bool> notify;  // overrides the profile when present
};

struct TrackingRules {
  bool ship_remaining = true;        // rows may name no items
  bool allow_decimal_comma = false;  // "1,5" is 1.5 (delimiter is not ',')
};

// Checks `record`. Returns the typed row, or nullopt after appending one
// RowError per problem found (all of them, so a person fixes the row once).
std::optional<TrackingRow> CheckTrackingRecord(const csv::Record& record,
                                               const TrackingColumns& columns,
                                               const TrackingRules& rules,
                                               std::vector<RowError>* errors);

// The tracking kind's RecordCheck (validate.h) under `profile`'s rules.
RecordCheck TrackingRecordCheck(const config::Profile& profile,
                                const csv::HeaderMap& columns,
                                bool decimal_comma);

}  // namespace m2drop::pipeline

#endif  // M2DROP_KINDS_TRACKING_TRACKING_ROW_H_
