// SPDX-License-Identifier: Apache-2.0
#include "m2drop/config/fields.h"

namespace m2drop::config {

const std::vector<FieldDef>& DefaultFields(ProfileKind kind) {
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
  static const std::vector<FieldDef>* const kStock = new std::vector<FieldDef>{
      {"sku", true, {"sku"}},
      {"quantity", true, {"quantity", "qty"}},
      {"source", false, {"source_code", "source"}},
      {"status", false, {"status", "is_in_stock"}},
      {"version", false, {"timestamp", "updated_at", "sequence"}},
  };
  return kind == ProfileKind::kStock ? *kStock : *kTracking;
}

std::vector<FieldDef> EffectiveFields(const Profile& profile) {
  std::vector<FieldDef> fields = DefaultFields(profile.kind);
  for (FieldDef& field : fields) {
    auto it = profile.columns.find(field.name);
    if (it != profile.columns.end()) field.aliases = it->second;
  }
  return fields;
}

}  // namespace m2drop::config
