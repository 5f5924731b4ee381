// SPDX-License-Identifier: Apache-2.0
// StockVersions: the part of the ledger an import that keeps versions needs
// (docs/design.md §6): the last version applied per key, so that an older
// update is refused as stale across files, and recording the versions it
// applied. The pipeline depends on this alone, not on the whole Ledger
// (ledger.h), which implements it.
//
// Thread-safety: implementations are thread-safe.
#ifndef M2DROP_LEDGER_STOCK_VERSIONS_H_
#define M2DROP_LEDGER_STOCK_VERSIONS_H_

#include <compare>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <utility>

#include "m2drop/base/result.h"
#include "m2drop/base/status.h"

namespace m2drop::ledger {

// The key of a stock quantity in Magento MSI.
struct StockKey {
  std::string sku;
  std::string source;

  friend auto operator<=>(const StockKey&, const StockKey&) = default;
};

// The version of the last stock update applied for a key. `kind` is
// pipeline::StockVersion::Kind as an int (0 timestamp, 1 sequence); versions
// of different kinds do not compare.
struct StockStamp {
  int kind = 0;
  int64_t value = 0;
  std::string file;  // the drop that applied it, for the "stale" message
};

class StockVersions {
 public:
  virtual ~StockVersions() = default;

  // The last applied stamp of each of `keys` that has one.
  virtual Result<std::map<StockKey, StockStamp>> LastStockVersions(
      std::span<const StockKey> keys) = 0;
  // Records stamps applied now, in one transaction. A stamp replaces the
  // stored one unless that one is of the same kind and newer (a late
  // writer never moves a version back).
  virtual Status RecordStockVersions(
      std::span<const std::pair<StockKey, StockStamp>> stamps) = 0;
};

}  // namespace m2drop::ledger

#endif  // M2DROP_LEDGER_STOCK_VERSIONS_H_
