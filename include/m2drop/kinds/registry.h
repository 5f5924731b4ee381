// SPDX-License-Identifier: Apache-2.0
// The import-kind table (docs/design.md §2): for each kind of file m2drop
// imports, how its rows are checked, how a drop is imported, and what the
// daemon and the commands must know about it. Everything that depends on a
// profile's kind asks this table (or the configuration's half of it,
// config/kinds.h); nothing else compares kinds. A test holds both halves to
// the same kinds in the same order.
//
// Adding a kind: its configuration entry (config/kinds.h), its pipeline in
// its own files (its rows' check and its ImportFn), its ACL probes
// (kinds/<name>.h), and one line in src/kinds/registry.cc.
//
// Thread-safety: immutable statics; safe from any thread.
#ifndef M2DROP_KINDS_REGISTRY_H_
#define M2DROP_KINDS_REGISTRY_H_

#include <span>
#include <string_view>
#include <vector>

#include "m2drop/config/config.h"
#include "m2drop/config/kinds.h"
#include "m2drop/kinds/acl_probe.h"
#include "m2drop/pipeline/import_drop.h"
#include "m2drop/pipeline/validate.h"

namespace m2drop::kinds {

struct ImportKind {
  // KindConfig::name of the configuration's entry.
  std::string_view name;
  // Whether one profile's files are imported one at a time, oldest first:
  // a later file's rows supersede an earlier one's (stock: the newest
  // quantity wins), so an older file must never land after a newer one
  // (docs/design.md §6). Files of other kinds run in parallel.
  bool in_arrival_order = false;
  // Whether an import compares and records versions in the ledger
  // (DropImportOptions::stock_versions), so `import` opens it too.
  bool keeps_versions = false;
  // The check of one row, for `validate` and every import's first pass.
  pipeline::MakeRecordCheck make_check = nullptr;
  // The import of one drop.
  pipeline::ImportFn import = nullptr;
  // Appends the ACL probes of the routes a profile of this kind calls
  // (`check-config`; README's permission table lists the same routes).
  void (*acl_probes)(const config::Profile& profile,
                     std::vector<AclProbe>* out) = nullptr;
};

// Every kind, in the order of config::AllKinds().
std::span<const ImportKind> AllImportKinds();

// The entry of `kind`. Every configuration kind has one (a test holds it).
const ImportKind& ImportKindOf(const config::KindConfig& kind);

// The entry of the profile's kind.
inline const ImportKind& ImportKindOf(const config::Profile& profile) {
  return ImportKindOf(*profile.kind);
}

}  // namespace m2drop::kinds

#endif  // M2DROP_KINDS_REGISTRY_H_
