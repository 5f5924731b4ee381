// SPDX-License-Identifier: Apache-2.0
#include "m2drop/kinds/tracking/tracking_row.h"

#include "m2drop/base/strings.h"
#include "m2drop/csv/quantity.h"
#include "m2drop/pipeline/row_fields.h"
#include "m2drop/pipeline/values.h"

namespace m2drop::pipeline {
namespace {

// An order or tracking number: present, and not mangled by a spreadsheet.
void CheckIdentifier(const std::string& value, const char* what, uint64_t line,
                     size_t column, std::vector<RowError>* errors) {
  if (value.empty()) {
    AddRowError(errors, line, column, "missing_value",
                std::string("the ") + what + " is empty");
  } else if (LooksLikeExcelScientific(value)) {
    AddRowError(errors, line, column, "invalid_value",
                std::string("the ") + what + " " + QuoteForMessage(value) +
                    " was turned into scientific notation by a spreadsheet; "
                    "its digits are lost: export the column as text");
  }
}

}  // namespace

TrackingColumns TrackingColumns::From(const csv::HeaderMap& map) {
  return {map.ColumnOf("order"),   map.ColumnOf("tracking"),
          map.ColumnOf("carrier"), map.ColumnOf("title"),
          map.ColumnOf("sku"),     map.ColumnOf("qty"),
          map.ColumnOf("notify")};
}

std::optional<TrackingRow> CheckTrackingRecord(const csv::Record& record,
                                               const TrackingColumns& columns,
                                               const TrackingRules& rules,
                                               std::vector<RowError>* errors) {
  const size_t errors_before = errors->size();
  const uint64_t line = record.line();
  TrackingRow row;
  row.line = line;

  row.order = FieldAt(record, columns.order);
  CheckIdentifier(row.order, "order number", line, columns.order, errors);
  row.tracking = FieldAt(record, columns.tracking);
  CheckIdentifier(row.tracking, "tracking number", line, columns.tracking,
                  errors);

  row.carrier = FieldAt(record, columns.carrier);
  if (row.carrier.empty()) {
    AddRowError(errors, line, columns.carrier, "missing_value",
                "the carrier is empty: name the carrier (e.g. UPS, DHL) or a "
                "Magento carrier code");
  }
  row.title = FieldAt(record, columns.title);
  row.sku = FieldAt(record, columns.sku);

  std::string_view qty = FieldAt(record, columns.qty);
  if (!qty.empty()) {
    auto parsed = csv::ParseQuantity(qty, rules.allow_decimal_comma);
    if (!parsed.ok()) {
      AddRowError(errors, line, columns.qty, "invalid_quantity",
                  parsed.status().message());
    } else if (*parsed <= 0) {
      AddRowError(
          errors, line, columns.qty, "invalid_quantity",
          "the quantity must be more than 0, got " + QuoteForMessage(qty));
    } else if (row.sku.empty()) {
      AddRowError(errors, line, columns.qty, "missing_value",
                  "a quantity is given but no SKU: name the item it counts");
    } else {
      row.qty = *parsed;
    }
  }
  if (row.sku.empty() && qty.empty() && !rules.ship_remaining) {
    AddRowError(errors, line, csv::HeaderMap::kNoColumn, "missing_value",
                "the row names no items (SKU and quantity), and this profile "
                "does not ship what is left (ship_remaining = false)");
  }

  std::string_view notify = FieldAt(record, columns.notify);
  if (!notify.empty()) {
    auto parsed = ParseYesNo(notify);
    if (parsed.ok()) {
      row.notify = *parsed;
    } else {
      AddRowError(errors, line, columns.notify, "invalid_value",
                  "notify: " + parsed.status().message());
    }
  }
  if (errors->size() != errors_before) return std::nullopt;
  return row;
}

RecordCheck TrackingRecordCheck(const config::Profile& profile,
                                const csv::HeaderMap& columns,
                                bool decimal_comma) {
  TrackingColumns mapped = TrackingColumns::From(columns);
  TrackingRules rules{profile.tracking.ship_remaining, decimal_comma};
  return [mapped, rules](const csv::Record& record,
                         std::vector<RowError>* errors) {
    return CheckTrackingRecord(record, mapped, rules, errors).has_value();
  };
}

}  // namespace m2drop::pipeline
