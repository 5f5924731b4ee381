// SPDX-License-Identifier: Apache-2.0
// kind = "tracking": shipments and tracking numbers from a 3PL. Its fields
// and the profile keys only it accepts.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "kind_keys.h"
#include "m2drop/base/strings.h"
#include "sections.h"

namespace m2drop::config::internal {
namespace {

// [profile.carriers]: glob -> carrier code, in file order (toml++ tables are
// sorted by key, so order by source position).
void ReadCarriers(TableReader& r, TrackingSettings* out) {
  const toml::node* node = r.Get("carriers");
  const toml::table* table = node != nullptr ? node->as_table() : nullptr;
  if (table == nullptr) {
    return r.Problem("carriers", "expected a table [profile.carriers], got " +
                                     DescribeValue(*node));
  }
  TableReader carriers(*table, r.KeyPath("carriers"), "", r.problems());
  std::vector<std::pair<toml::source_position, std::string>> ordered;
  for (const auto& [key, value] : *table) {
    ordered.emplace_back(value.source().begin, std::string(key.str()));
  }
  std::sort(ordered.begin(), ordered.end());
  for (const auto& [position, pattern] : ordered) {
    std::string code;
    if (!carriers.String(pattern, &code)) continue;
    if (code.empty() || code.find_first_of(" \t") != std::string::npos) {
      carriers.Problem(pattern,
                       "expected a Magento carrier code like \"ups\" "
                       "or \"custom\", got " +
                           QuoteForMessage(code));
      continue;
    }
    out->carriers.emplace_back(pattern, std::move(code));
  }
}

}  // namespace

const KindConfig& TrackingKind() {
  // docs/design.md §5, a contract: change only together with the design.
  static const std::vector<FieldDef>* const kTracking =
      new std::vector<FieldDef>{
          {"order",
           true,
           {"order_number", "order", "increment_id", "order_id", "order_no",
            "order #"}},
          {"tracking",
           true,
           {"tracking_number", "tracking", "track_number", "tracking_no"}},
          {"carrier", true, {"carrier_code", "carrier"}},
          {"title", false, {"title", "carrier_title", "service"}},
          {"sku", false, {"sku"}},
          {"qty", false, {"qty", "quantity"}},
          {"notify", false, {"notify"}},
      };
  static const KindConfig kind{
      "tracking", "shipments and tracking numbers, e.g. from a 3PL", kTracking};
  return kind;
}

void ReadTrackingKeys(TableReader& r, Profile* p) {
  TrackingSettings* t = &p->tracking;
  r.Bool("notify_customer", &t->notify_customer);
  r.Bool("ship_remaining", &t->ship_remaining);
  r.String("ship_source", &t->ship_source);
  r.Int("order_number_width", 0, 32, &t->order_number_width);
  if (r.Has("carriers")) ReadCarriers(r, t);
}

}  // namespace m2drop::config::internal
