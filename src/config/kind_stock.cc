// SPDX-License-Identifier: Apache-2.0
// kind = "stock": quantities per SKU and source, e.g. from an ERP. Its
// fields and the profile keys only it accepts.
#include <string>
#include <utility>
#include <vector>

#include "enum_names.h"
#include "kind_keys.h"

namespace m2drop::config::internal {

const KindConfig& StockKind() {
  // docs/design.md §5, a contract: change only together with the design.
  static const std::vector<FieldDef>* const kStock = new std::vector<FieldDef>{
      {"sku", true, {"sku"}},
      {"quantity", true, {"quantity", "qty"}},
      {"source", false, {"source_code", "source"}},
      {"status", false, {"status", "is_in_stock"}},
      {"version", false, {"timestamp", "updated_at", "sequence"}},
  };
  static const KindConfig kind{
      "stock", "quantities per SKU and source, e.g. from an ERP", kStock};
  return kind;
}

void ReadStockKeys(TableReader& r, Profile* p) {
  StockSettings* s = &p->stock;
  std::string source;
  if (r.String("default_source", &source)) {
    if (source.empty()) {
      r.Problem("default_source", "must name a source code, e.g. \"default\"");
    } else {
      s->default_source = std::move(source);
    }
  }
  r.Enum<StockApi>("stock_api", kStockApis, &s->stock_api);
  r.Int("batch_size", 1, 5000, &s->batch_size);
  r.Bool("check_skus", &s->check_skus);
  r.Bool("allow_negative", &s->allow_negative);
}

}  // namespace m2drop::config::internal
