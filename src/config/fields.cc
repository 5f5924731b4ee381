// SPDX-License-Identifier: Apache-2.0
#include "m2drop/config/fields.h"

namespace m2drop::config {

std::vector<FieldDef> EffectiveFields(const Profile& profile) {
  std::vector<FieldDef> fields = *profile.kind->fields;
  for (FieldDef& field : fields) {
    auto it = profile.columns.find(field.name);
    if (it != profile.columns.end()) field.aliases = it->second;
  }
  return fields;
}

}  // namespace m2drop::config
