// SPDX-License-Identifier: Apache-2.0
// Parsers for the small typed values in drop rows that are not quantities:
// yes/no flags, stock status words and stock version stamps. Pure functions,
// thread-safe. Each refusal is kInvalidInput with a message that quotes the
// value and says what was expected, ready for a row error.
#ifndef M2DROP_PIPELINE_VALUES_H_
#define M2DROP_PIPELINE_VALUES_H_

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "m2drop/base/result.h"

namespace m2drop::pipeline {

// yes/no/true/false/y/n/1/0/on/off, any case, surrounding spaces ignored.
Result<bool> ParseYesNo(std::string_view text);

// Stock status: 1/0, "in stock"/"out of stock" (also in_stock, instock,
// out_of_stock), true/false, yes/no. Returns true for in stock.
Result<bool> ParseStockStatus(std::string_view text);

// Which version of a stock quantity a row carries, so that an older update
// never overwrites a newer one. Either an instant (ISO 8601 timestamp) or a
// plain sequence number; the two kinds do not compare with each other.
struct StockVersion {
  enum class Kind { kTimestamp, kSequence };
  Kind kind = Kind::kSequence;
  // Microseconds since the Unix epoch (UTC) for kTimestamp; the number
  // itself for kSequence.
  int64_t value = 0;

  friend auto operator<=>(const StockVersion&, const StockVersion&) = default;
};

// Accepts a non-negative integer (sequence) or an ISO 8601 date-time:
// "2026-11-21T10:00:00Z", "2026-11-21 10:00:00", with optional fractional
// seconds and a "Z" or "+hh:mm"/"-hh:mm"/"+hhmm" offset (no offset = UTC),
// or a bare date "2026-11-21" (midnight UTC).
Result<StockVersion> ParseStockVersion(std::string_view text);

}  // namespace m2drop::pipeline

#endif  // M2DROP_PIPELINE_VALUES_H_
