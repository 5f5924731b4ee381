// SPDX-License-Identifier: Apache-2.0
// Applying a stock plan (stock_plan.h) to Magento, in one of two ways:
//
// MSI (stock_api = "msi", magento-rest.md §1.7): POST
// /V1/inventory/source-items in batches of `batch_size` updates, up to
// `max_parallel` batches at once (Client::SaveSourceItems sends each batch
// in requests of at most array_limit() items, and learns a lower "Maximum
// items" limit by itself). The batches are independent: the plan keeps one
// update per (SKU, source), so their order does not matter. Magento
// validates a whole request before saving any of it, so a request it
// rejects (kRejected, or a garbled answer) is split in halves, and each
// half sent again, until the bad rows are alone: every good row is saved,
// every bad one kFailed with Magento's message. One bad row in a request of
// n costs about 2·log2(n) more requests, all inside its batch. SKU and
// source are sent trimmed, status explicitly as 0 or 1.
//
// Legacy (stock_api = "legacy", §1.8): PUT /V1/products/{sku}/stockItems/1
// per update, on up to `max_parallel` threads, then GET /V1/stockItems/{sku}
// to say on the row what Magento saved: StockItemRepository::save keeps an
// item out of stock whose quantity cannot be sold (0 without backorders),
// whatever the row asked. An unknown SKU (404) is kFailed "unknown_sku". Legacy
// stock items only have the default source: rows naming another one are refused
// before anything is sent (LegacySourceRefusal).
//
// Both: when Magento is unavailable or the import is stopped (kUnavailable,
// kCancelled), the rows of that request and every later one are kDeferred
// and that Status is returned; when Magento refuses the credentials
// (kUnauthenticated), the same, and the import stops (exit 77). Requests
// in flight on other threads are then stopped too, and their rows
// deferred. Rows whose outcome became final are handed to `batch_done`
// after each batch (MSI) or each update (legacy), one call at a time, from
// any of the threads.
//
// Thread-compatible: one call per import. Blocks on Magento.
#ifndef M2DROP_KINDS_STOCK_STOCK_APPLY_H_
#define M2DROP_KINDS_STOCK_STOCK_APPLY_H_

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <stop_token>
#include <string>
#include <vector>

#include "m2drop/base/status.h"
#include "m2drop/kinds/stock/stock_row.h"
#include "m2drop/magento/client.h"
#include "m2drop/magento/types.h"
#include "m2drop/pipeline/row_outcome.h"

namespace m2drop::pipeline {

// What both ways of applying work on. `outcomes` is indexed like `rows`
// (REQUIRES: same size); only the entries of the updates are written.
struct StockApplyContext {
  const std::vector<StockRow>& rows;
  magento::Client& client;
  std::stop_token stop;
  // Indexes of rows whose outcome just became final; may be empty.
  std::function<void(std::span<const size_t> rows)> batch_done;
  RowOutcomes* outcomes;
};

// The source item a row saves: SKU and source trimmed, status 0/1.
magento::SourceItem SourceItemOf(const StockRow& row);

// Saves rows[i] for every i in `updates` through MSI, `batch_size` updates
// per batch (at least 1), on up to `max_parallel` threads (at least 1).
// Returns OK, or the Status that deferred rows (kUnavailable, kCancelled,
// kUnauthenticated).
Status ApplyMsi(const StockApplyContext& context,
                const std::vector<size_t>& updates, int batch_size,
                int max_parallel);

// Updates the legacy stock item of rows[i] for every i in `updates`, on up
// to `max_parallel` threads (at least 1). Returns as ApplyMsi.
Status ApplyLegacy(const StockApplyContext& context,
                   const std::vector<size_t>& updates, int max_parallel);

// Marks rows[i] for every i in `rows` kDeferred because of `why` (Magento
// unavailable, the import stopped, or the credentials refused).
void DeferStockRows(const StockApplyContext& context,
                    std::span<const size_t> rows, const Status& why);

// A dry run: every update kWouldApply, saying what would be written.
void PlanOnly(const StockApplyContext& context,
              const std::vector<size_t>& updates, bool legacy);

// kFailed "source_not_supported" when a legacy import's row names a source
// other than `default_source`; nullopt when the row can be sent.
std::optional<RowOutcome> LegacySourceRefusal(
    const StockRow& row, const std::string& default_source);

// "12.5" / "120": a quantity as a person writes it (at most 4 decimals,
// Magento's precision).
std::string FormatQuantity(double quantity);

}  // namespace m2drop::pipeline

#endif  // M2DROP_KINDS_STOCK_STOCK_APPLY_H_
