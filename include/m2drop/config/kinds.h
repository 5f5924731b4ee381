// SPDX-License-Identifier: Apache-2.0
// The configuration's half of the import-kind table: every kind a profile
// can have (`kind = "tracking"`), with its logical fields and their default
// header names (docs/design.md §5, a contract) and the profile keys only it
// accepts. The loader, known_keys, fields and every message that names a
// kind ask this table; no code outside it compares kinds.
//
// The other half, how a kind's drops are checked and imported, is the
// kinds/ module's table (kinds/registry.h); a test holds both to the same
// names, in the same order.
//
// Adding a kind: its settings struct in config.h, a file
// src/config/kind_<name>.cc with its fields and its keys' reader, one line
// in src/config/kinds.cc, its keys in known_keys.cc (only_for = its name)
// and in config.example.toml.
//
// Thread-safety: immutable statics; safe from any thread.
#ifndef M2DROP_CONFIG_KINDS_H_
#define M2DROP_CONFIG_KINDS_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace m2drop::config {

struct FieldDef {
  std::string name;  // e.g. "order", as in [profile.columns]
  bool required = false;
  std::vector<std::string> aliases;  // in order of preference
};

struct KindConfig {
  // The TOML spelling, e.g. "tracking"; also the name in logs, status,
  // reports and metrics.
  std::string_view name;
  // One line for people, e.g. "shipments and tracking numbers from a 3PL".
  std::string_view description;
  // The kind's fields with their default aliases, required fields first.
  const std::vector<FieldDef>* fields;
};

// Every kind, in the order of docs/design.md §5.
std::span<const KindConfig* const> AllKinds();

// The kind spelled `name` (ignoring ASCII case), or nullptr.
const KindConfig* FindKind(std::string_view name);

// The built-in kind `name`; aborts when there is none (for code and tests
// that name a kind, never for input).
const KindConfig& KindNamed(std::string_view name);

}  // namespace m2drop::config

#endif  // M2DROP_CONFIG_KINDS_H_
