// SPDX-License-Identifier: Apache-2.0
// Planning a stock drop (docs/design.md §6, issue 6): which checked rows are
// sent to Magento, and which are stale. Pure; thread-safe.
//
// One update per (sku, source) key. Within the file, rows of one key are
// taken in file order and a later row replaces the one kept so far, unless
// both carry a version of the same kind (both timestamps or both
// sequences) and the later one is older: then the later row is *stale*
// ("line 2 has a newer update ..."). Equal versions: the later row wins.
// Versions of different kinds, or a row without one, do not compare: the
// later row wins.
//
// A row replaced by a later row of the same key is also reported kStale,
// "superseded by line N": its quantity never reached Magento because a
// later row of the same file replaced it. It is neither applied (nothing was
// written for it) nor an error (the file is right to list a key twice), and
// stale is what the report calls "skipped because a newer update exists".
//
// Across files, the kept row is stale when the ledger holds a newer version
// of the same kind for its key ("file X applied a newer quantity (version
// ...)"). An equal version is not stale: re-importing the same file (or
// resuming it) writes the same upsert again, which is harmless.
#ifndef M2DROP_KINDS_STOCK_STOCK_PLAN_H_
#define M2DROP_KINDS_STOCK_STOCK_PLAN_H_

#include <cstddef>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "m2drop/kinds/stock/stock_row.h"
#include "m2drop/ledger/stock_versions.h"
#include "m2drop/pipeline/row_outcome.h"
#include "m2drop/pipeline/values.h"

namespace m2drop::pipeline {

struct StockPlan {
  // Indexes into the rows of the updates to send, one per key, in the file
  // order of the rows kept.
  std::vector<size_t> updates;
  // Indexes and outcomes (kStale, code "stale") of the rows not sent.
  std::vector<std::pair<size_t, RowOutcome>> stale;
};

// The ledger key of a row: SKU and source trimmed, as they are sent.
ledger::StockKey KeyOf(const StockRow& row);

// The distinct keys of `rows`, for Ledger::LastStockVersions.
std::vector<ledger::StockKey> KeysOf(std::span<const StockRow> rows);

// Plans `rows` (checked rows of one file, in file order) against the
// versions already applied (`applied`: from the ledger; may be empty).
StockPlan PlanStockRows(
    const std::vector<StockRow>& rows,
    const std::map<ledger::StockKey, ledger::StockStamp>& applied);

// "2026-11-21T10:00:00Z" for a timestamp (fractions kept when present),
// "sequence 42" for a sequence.
std::string DescribeVersion(const StockVersion& version);

}  // namespace m2drop::pipeline

#endif  // M2DROP_KINDS_STOCK_STOCK_PLAN_H_
