// SPDX-License-Identifier: Apache-2.0
// Module-private: the per-kind parts of the loader. Each kind's file
// (kind_<name>.cc) defines its KindConfig and reads the profile keys only
// it accepts; kinds.cc lists them, one line per kind.
#ifndef M2DROP_SRC_CONFIG_KIND_KEYS_H_
#define M2DROP_SRC_CONFIG_KIND_KEYS_H_

#include "m2drop/config/config.h"
#include "m2drop/config/kinds.h"
#include "table_reader.h"

namespace m2drop::config::internal {

// Reads the keys of `p->kind` into its settings (tracking, stock, ...).
void ReadKindKeys(TableReader& r, Profile* p);

// kind_tracking.cc
const KindConfig& TrackingKind();
void ReadTrackingKeys(TableReader& r, Profile* p);

// kind_stock.cc
const KindConfig& StockKind();
void ReadStockKeys(TableReader& r, Profile* p);

}  // namespace m2drop::config::internal

#endif  // M2DROP_SRC_CONFIG_KIND_KEYS_H_
