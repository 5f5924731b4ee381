// SPDX-License-Identifier: Apache-2.0
#include "m2drop/pipeline/stock_sku_check.h"

#include <set>
#include <string>

#include "m2drop/base/strings.h"

namespace m2drop::pipeline {

Result<std::vector<size_t>> FindUnknownSkus(const std::vector<StockRow>& rows,
                                            const std::vector<size_t>& updates,
                                            magento::Client& client,
                                            std::stop_token stop) {
  std::set<std::string> asked_lower;
  std::vector<std::string> asked;
  for (size_t i : updates) {
    const std::string_view sku = Trim(rows[i].sku);
    if (asked_lower.insert(AsciiLower(sku)).second) {
      asked.emplace_back(sku);
    }
  }
  if (asked.empty()) return std::vector<size_t>{};
  M2DROP_ASSIGN_OR_RETURN(std::vector<magento::Product> products,
                          client.ProductsBySkus(asked, stop));
  std::set<std::string> known;
  for (const magento::Product& p : products) known.insert(AsciiLower(p.sku));
  std::vector<size_t> unknown;
  for (size_t i : updates) {
    if (!known.contains(AsciiLower(Trim(rows[i].sku)))) unknown.push_back(i);
  }
  return unknown;
}

RowOutcome UnknownSkuOutcome(const StockRow& row) {
  RowOutcome o;
  o.line = row.line;
  o.state = RowState::kFailed;
  o.code = "unknown_sku";
  o.message = "SKU " + QuoteForMessage(row.sku) +
              " does not exist in Magento; create the product first or "
              "correct the SKU (nothing was saved for this row)";
  return o;
}

}  // namespace m2drop::pipeline
