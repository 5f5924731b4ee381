// SPDX-License-Identifier: Apache-2.0
// The SKU check of a stock import (check_skus = true, issue 6): released
// Magento versions save MSI source items for SKUs that do not exist
// (magento-rest.md §1.7), so the SKUs to be sent are looked up first, in
// batched product searches (Client::ForEachProductBySkus: page_size SKUs
// per search, several at once), and an unknown SKU becomes a row error instead
// of a phantom source item.
//
// Thread-compatible; blocks on Magento.
#ifndef M2DROP_KINDS_STOCK_STOCK_SKU_CHECK_H_
#define M2DROP_KINDS_STOCK_STOCK_SKU_CHECK_H_

#include <cstddef>
#include <stop_token>
#include <vector>

#include "m2drop/base/result.h"
#include "m2drop/kinds/stock/stock_row.h"
#include "m2drop/magento/client.h"
#include "m2drop/pipeline/row_outcome.h"

namespace m2drop::pipeline {

// Looks up the SKUs of rows[i] for every i in `updates` (each SKU once;
// Magento matches SKUs ignoring case, and so does this check). Returns the
// indexes whose SKU Magento does not know, in the order of `updates`, or
// the Status of the search (kUnavailable, kUnauthenticated, kCancelled,
// kRejected, kInternal).
Result<std::vector<size_t>> FindUnknownSkus(const std::vector<StockRow>& rows,
                                            const std::vector<size_t>& updates,
                                            magento::Client& client,
                                            std::stop_token stop);

// The outcome of a row whose SKU Magento does not know: kFailed,
// "unknown_sku", saying what to do.
RowOutcome UnknownSkuOutcome(const StockRow& row);

}  // namespace m2drop::pipeline

#endif  // M2DROP_KINDS_STOCK_STOCK_SKU_CHECK_H_
