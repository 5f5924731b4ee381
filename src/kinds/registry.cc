// SPDX-License-Identifier: Apache-2.0
#include "m2drop/kinds/registry.h"

#include <array>
#include <cstdlib>

#include "m2drop/kinds/stock/stock_import.h"
#include "m2drop/kinds/stock/stock_kind.h"
#include "m2drop/kinds/stock/stock_row.h"
#include "m2drop/kinds/tracking/tracking_import.h"
#include "m2drop/kinds/tracking/tracking_kind.h"
#include "m2drop/kinds/tracking/tracking_row.h"

namespace m2drop::kinds {
namespace {

// The table: one line per kind, in the order of config/kinds.cc.
constexpr std::array kKinds = std::to_array<ImportKind>({
    {"tracking", false, false, &pipeline::TrackingRecordCheck,
     &pipeline::ImportTrackingDrop, &TrackingAclProbes},
    {"stock", true, true, &pipeline::StockRecordCheck,
     &pipeline::ImportStockDrop, &StockAclProbes},
});

}  // namespace

std::span<const ImportKind> AllImportKinds() { return kKinds; }

const ImportKind& ImportKindOf(const config::KindConfig& kind) {
  for (const ImportKind& entry : kKinds) {
    if (entry.name == kind.name) return entry;
  }
  // Unreachable: KindsRegistryTest holds both tables to the same names.
  std::abort();
}

}  // namespace m2drop::kinds
