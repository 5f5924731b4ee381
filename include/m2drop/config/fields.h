// SPDX-License-Identifier: Apache-2.0
// The logical fields of each kind of file and their header aliases
// (docs/design.md §5, a contract).
//
// A CSV header is mapped to a logical field when it matches one of the
// field's aliases (the csv/ module does the matching: case, surrounding spaces
// and _/-/space differences are ignored). A profile's [profile.columns]
// replaces the aliases of the fields it names; other fields keep the defaults.
//
// Thread-safety: the defaults are immutable statics; safe from any thread.
#ifndef M2DROP_CONFIG_FIELDS_H_
#define M2DROP_CONFIG_FIELDS_H_

#include <string>
#include <vector>

#include "m2drop/config/config.h"
#include "m2drop/config/kinds.h"

namespace m2drop::config {

// The fields of profile.kind (kinds.h) with profile.columns applied. Column
// entries naming no field of the kind are ignored (the loader refuses them).
std::vector<FieldDef> EffectiveFields(const Profile& profile);

}  // namespace m2drop::config

#endif  // M2DROP_CONFIG_FIELDS_H_
