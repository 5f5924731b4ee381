// SPDX-License-Identifier: Apache-2.0
#include "m2drop/kinds/stock/stock_row.h"

#include "m2drop/base/strings.h"
#include "m2drop/csv/quantity.h"
#include "m2drop/pipeline/row_fields.h"

namespace m2drop::pipeline {

StockColumns StockColumns::From(const csv::HeaderMap& map) {
  return {map.ColumnOf("sku"), map.ColumnOf("quantity"), map.ColumnOf("source"),
          map.ColumnOf("status"), map.ColumnOf("version")};
}

std::optional<StockRow> CheckStockRecord(const csv::Record& record,
                                         const StockColumns& columns,
                                         const StockRules& rules,
                                         std::vector<RowError>* errors) {
  const size_t errors_before = errors->size();
  const uint64_t line = record.line();
  StockRow row;
  row.line = line;

  row.sku = FieldAt(record, columns.sku);
  if (row.sku.empty()) {
    AddRowError(errors, line, columns.sku, "missing_value", "the SKU is empty");
  }

  std::string_view qty = FieldAt(record, columns.quantity);
  auto quantity = csv::ParseQuantity(qty, rules.allow_decimal_comma);
  if (!quantity.ok()) {
    AddRowError(errors, line, columns.quantity, "invalid_quantity",
                quantity.status().message());
  } else if (*quantity < 0 && !rules.allow_negative) {
    AddRowError(errors, line, columns.quantity, "invalid_quantity",
                "the quantity " + QuoteForMessage(qty) +
                    " is negative; set allow_negative = true in the profile "
                    "if this shop sells on backorder");
  } else {
    row.quantity = *quantity;
  }

  std::string_view source = FieldAt(record, columns.source);
  row.source = source.empty() ? rules.default_source : std::string(source);
  if (row.source.find_first_of(" \t") != std::string::npos) {
    AddRowError(errors, line, columns.source, "invalid_value",
                "the source code " + QuoteForMessage(row.source) +
                    " contains spaces; Magento source codes cannot");
  }

  std::string_view status = FieldAt(record, columns.status);
  if (status.empty()) {
    row.in_stock = quantity.ok() && *quantity > 0;
  } else {
    auto parsed = ParseStockStatus(status);
    if (parsed.ok()) {
      row.in_stock = *parsed;
    } else {
      AddRowError(errors, line, columns.status, "invalid_value",
                  "the status: " + parsed.status().message());
    }
  }

  std::string_view version = FieldAt(record, columns.version);
  if (!version.empty()) {
    auto parsed = ParseStockVersion(version);
    if (parsed.ok()) {
      row.version = *parsed;
    } else {
      AddRowError(errors, line, columns.version, "invalid_value",
                  "the version: " + parsed.status().message());
    }
  }
  if (errors->size() != errors_before) return std::nullopt;
  return row;
}

RecordCheck StockRecordCheck(const config::Profile& profile,
                             const csv::HeaderMap& columns,
                             bool decimal_comma) {
  StockColumns mapped = StockColumns::From(columns);
  StockRules rules{profile.stock.default_source, profile.stock.allow_negative,
                   decimal_comma};
  return [mapped, rules](const csv::Record& record,
                         std::vector<RowError>* errors) {
    return CheckStockRecord(record, mapped, rules, errors).has_value();
  };
}

}  // namespace m2drop::pipeline
