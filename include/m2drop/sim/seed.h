// SPDX-License-Identifier: Apache-2.0
// Builds a Store from a seed JSON document (format: fixtures/sim/README.md).
//
// Orders, their items (configurable parents with nested children), seeded
// shipments and tracks (applied through the ship rules of shipping.h, so
// quantities stay consistent), products, sources, source items, legacy stock
// items, credentials and flags. The format is the simulator's own; the
// entities follow store.h. Pure; no state.
#ifndef M2DROP_SIM_SEED_H_
#define M2DROP_SIM_SEED_H_

#include <string>
#include <string_view>

#include "m2drop/base/result.h"
#include "m2drop/sim/store.h"

namespace m2drop::sim {

// kInvalidInput when the text is not JSON or a value has the wrong type or
// is missing; the message names the place, e.g. "orders[2].items[0]: ...".
Result<Store> ParseSeed(std::string_view json_text);

// ParseSeed on a file's contents; kIo when it cannot be read.
Result<Store> LoadSeedFile(const std::string& path);

// Applies the flag keys present in `changes` (the seed's "flags" object,
// also POST /_sim/flags) to `flags`; kInvalidInput on a wrong type, and
// `flags` is then unchanged.
Status ApplyFlagsJson(const Json& changes, Flags& flags);

// Every flag, with the same keys.
Json FlagsToJson(const Flags& flags);

}  // namespace m2drop::sim

#endif  // M2DROP_SIM_SEED_H_
