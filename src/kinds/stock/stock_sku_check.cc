// SPDX-License-Identifier: Apache-2.0
#include "m2drop/kinds/stock/stock_sku_check.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "m2drop/base/strings.h"

namespace m2drop::pipeline {

namespace {

// SKUs compared as Magento's collation does: ASCII case ignored.
struct SkuHash {
  size_t operator()(std::string_view sku) const {
    uint64_t h = 14695981039346656037ull;  // FNV-1a over the lower case
    for (unsigned char c : sku) {
      h ^= (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
      h *= 1099511628211ull;
    }
    return static_cast<size_t>(h);
  }
};
struct SkuEqual {
  bool operator()(std::string_view a, std::string_view b) const {
    return EqualsIgnoreCase(a, b);
  }
};

}  // namespace

Result<std::vector<size_t>> FindUnknownSkus(const std::vector<StockRow>& rows,
                                            const std::vector<size_t>& updates,
                                            magento::Client& client,
                                            std::stop_token stop) {
  // Each SKU once, as a view into the first row naming it, with whether
  // Magento knows it. The products found are not kept: a look-up of 100k
  // SKUs would otherwise hold 100k products (and their JSON) at once.
  std::unordered_map<std::string_view, bool, SkuHash, SkuEqual> known;
  std::vector<std::string> asked;
  for (size_t i : updates) {
    const std::string_view sku = Trim(rows[i].sku);
    if (known.emplace(sku, false).second) asked.emplace_back(sku);
  }
  if (asked.empty()) return std::vector<size_t>{};
  M2DROP_RETURN_IF_ERROR(client.ForEachProductBySkus(
      asked,
      [&known](std::vector<magento::Product> products) {
        for (const magento::Product& p : products) {
          auto it = known.find(p.sku);
          if (it != known.end()) it->second = true;
        }
      },
      stop));
  std::vector<size_t> unknown;
  for (size_t i : updates) {
    if (!known.at(Trim(rows[i].sku))) unknown.push_back(i);
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
