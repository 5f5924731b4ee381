// SPDX-License-Identifier: Apache-2.0
// The one list of configuration keys the loader accepts.
//
// The loader refuses any key that is not listed here, suggests the closest
// listed key for typos, and refuses kind-specific keys on profiles of the
// other kind. Tests use the list to check that config.example.toml documents
// every key. Adding a key means: add it here, read it in the loader, document
// it in config.h and config.example.toml.
//
// Thread-safety: immutable static data.
#ifndef M2DROP_CONFIG_KNOWN_KEYS_H_
#define M2DROP_CONFIG_KNOWN_KEYS_H_

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "m2drop/config/config.h"

namespace m2drop::config {

struct KnownKey {
  // "" for top-level tables, else "magento", "retry", "daemon", "limits",
  // "profile" (each [[profile]] entry) or "profile.pull" (its [profile.pull]).
  std::string_view table;
  std::string_view name;
  // The kind (KindConfig::name) that alone accepts the key; "" for keys
  // every kind accepts.
  std::string_view only_for;
};

// Every accepted key, grouped by table, in the order of config.example.toml.
std::span<const KnownKey> KnownKeys();

// The names of the keys accepted in `table` (see KnownKey::table).
std::vector<std::string_view> KnownKeyNames(std::string_view table);

// The listed key `name` in `table`, or nullptr.
const KnownKey* FindKnownKey(std::string_view table, std::string_view name);

// A key an earlier version accepted and this one refuses, with what to write
// instead: the loader names the replacement rather than calling the key
// unknown, so an old configuration says how to fix itself.
struct RetiredKey {
  std::string_view table;  // as KnownKey::table
  std::string_view name;
  // One clause for "<table>.<name>: <instead>", saying what replaced it.
  std::string_view instead;
};

// Every retired key.
std::span<const RetiredKey> RetiredKeys();

// The retired key `name` in `table`, or nullptr.
const RetiredKey* FindRetiredKey(std::string_view table, std::string_view name);

}  // namespace m2drop::config

#endif  // M2DROP_CONFIG_KNOWN_KEYS_H_
