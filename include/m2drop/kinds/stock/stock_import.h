// SPDX-License-Identifier: Apache-2.0
// The stock import (docs/design.md §6, issue 6): an ERP's or warehouse's stock
// file in, MSI source items (or legacy stock items) in Magento out, one
// request per batch, one bad SKU never failing its neighbours, an older
// update never overwriting a newer quantity.
//
// Plan before acting:
//   1. read the whole drop (streaming) and check every row locally
//      (CheckStockRecord: quantities, status, version, source); rows failing
//      those checks and malformed records become kFailed outcomes; rows an
//      earlier attempt decided (`done_before`) keep that outcome;
//   2. plan (stock_plan.h): one update per (sku, source), stale rows within
//      the file and against the versions in `stock_versions` skipped (kStale);
//   3. legacy API only: rows naming a source other than the profile's
//      default_source are refused (kFailed "source_not_supported");
//   4. check_skus: look the SKUs up in batches; unknown SKUs are kFailed
//      "unknown_sku" and not sent (stock_sku_check.h);
//   5. apply (stock_apply.h) in batches of the profile's batch_size (MSI) or
//      per SKU on max_parallel threads (legacy), recording the applied
//      versions in `stock_versions` and handing final rows to
//      `on_rows_done` after each batch.
// A file of N rows costs ⌈N / batch_size⌉ saves plus ⌈N / page_size⌉
// product searches (when every batch is accepted). A dry run makes only the
// product searches; its updates are kWouldApply.
//
// Thread-safety: as ImportTrackingDrop; several drops may be imported at
// once over one ApiCaller and one Ledger. Blocks on the file, on Magento and
// on the ledger; returns once every thread it started has finished.
#ifndef M2DROP_KINDS_STOCK_STOCK_IMPORT_H_
#define M2DROP_KINDS_STOCK_STOCK_IMPORT_H_

#include <string>

#include "m2drop/base/clock.h"
#include "m2drop/base/result.h"
#include "m2drop/config/config.h"
#include "m2drop/magento/api_caller.h"
#include "m2drop/magento/client.h"
#include "m2drop/pipeline/import_drop.h"

namespace m2drop::pipeline {

// Imports the stock drop at `path` under `profile` (REQUIRES: kind kStock)
// through a Client made with `client_options`, its array_limit replaced by
// the profile's batch_size. Uses every field of `options` (max_parallel:
// legacy updates at once). Row problems are outcomes; `interrupted` says
// why rows were deferred (kUnavailable, kCancelled). Returns:
//   - the file-level Status of OpenDrop, or the reader's mid-file;
//   - kUnauthenticated when Magento refused the credentials;
//   - kRejected/kInternal when Magento refused or garbled the SKU search;
//   - the ledger's Status when the stock versions cannot be read (before
//     anything is sent). A version that cannot be recorded after its save
//     is logged, not fatal: the quantity is in Magento; only later files'
//     staleness check misses it.
Result<ImportResult> ImportStockDrop(
    const std::string& path, const config::Profile& profile,
    const config::LimitsConfig& limits, magento::ApiCaller& caller,
    const magento::ClientOptions& client_options, const Clock& clock,
    const DropImportOptions& options);

}  // namespace m2drop::pipeline

#endif  // M2DROP_KINDS_STOCK_STOCK_IMPORT_H_
