// SPDX-License-Identifier: Apache-2.0
#include "m2drop/config/kinds.h"

#include <array>
#include <cstdlib>

#include "kind_keys.h"
#include "m2drop/base/strings.h"

namespace m2drop::config {
namespace {

struct KindEntry {
  const KindConfig& (*kind)();
  void (*read_keys)(internal::TableReader&, Profile*);
};

// The table: one line per kind (kinds/registry.cc lists them in this order).
constexpr std::array kEntries = std::to_array<KindEntry>({
    {&internal::TrackingKind, &internal::ReadTrackingKeys},
    {&internal::StockKind, &internal::ReadStockKeys},
});

const std::array<const KindConfig*, kEntries.size()>& Kinds() {
  static const auto* const kinds = [] {
    auto* all = new std::array<const KindConfig*, kEntries.size()>;
    for (size_t i = 0; i < kEntries.size(); ++i)
      (*all)[i] = &kEntries[i].kind();
    return all;
  }();
  return *kinds;
}

}  // namespace

std::span<const KindConfig* const> AllKinds() { return Kinds(); }

const KindConfig* FindKind(std::string_view name) {
  for (const KindConfig* kind : Kinds()) {
    if (EqualsIgnoreCase(kind->name, name)) return kind;
  }
  return nullptr;
}

const KindConfig& KindNamed(std::string_view name) {
  const KindConfig* kind = FindKind(name);
  if (kind == nullptr) std::abort();
  return *kind;
}

namespace internal {

void ReadKindKeys(TableReader& r, Profile* p) {
  for (const KindEntry& entry : kEntries) {
    if (&entry.kind() == p->kind) entry.read_keys(r, p);
  }
}

}  // namespace internal
}  // namespace m2drop::config
