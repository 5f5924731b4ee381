// SPDX-License-Identifier: Apache-2.0
// One [[profile]]: identity, directories, file selection, column mapping and
// the keys of its kind.
#include <algorithm>
#include <filesystem>
#include <string>

#include "kind_keys.h"
#include "m2drop/config/fields.h"
#include "m2drop/config/known_keys.h"
#include "m2drop/config/validation.h"
#include "sections.h"

namespace m2drop::config::internal {
namespace {

using std::chrono::milliseconds;

// Lexically normal, without a trailing '/': "/a/b/../c/" -> "/a/c".
std::string NormalPath(std::string_view path) {
  std::string normal = std::filesystem::path(path).lexically_normal().string();
  while (normal.size() > 1 && normal.ends_with('/')) normal.pop_back();
  return normal;
}

void ReadName(TableReader& r, std::string* out) {
  std::string name;
  if (!r.String("name", &name)) {
    if (!r.Has("name")) r.Missing("name");
    return;
  }
  if (!IsValidProfileName(name)) {
    return r.Problem("name",
                     "use only letters, digits, '.', '_' and '-', got " +
                         QuoteForMessage(name));
  }
  *out = std::move(name);
}

// False when the kind is missing or invalid (kind-specific checks are then
// skipped: they would only add noise).
bool ReadKind(TableReader& r, const KindConfig** out) {
  if (!r.Has("kind")) {
    r.Missing("kind");
    return false;
  }
  std::string text;
  if (!r.String("kind", &text)) return false;
  if (const KindConfig* kind = FindKind(text)) {
    *out = kind;
    return true;
  }
  std::vector<std::string_view> names;
  for (const KindConfig* kind : AllKinds()) names.push_back(kind->name);
  r.Problem("kind", "expected " + QuotedChoices(names) + ", got " +
                        DescribeValue(*r.Get("kind")));
  return false;
}

bool ReadDir(TableReader& r, std::string_view key, std::string* out) {
  std::string path;
  if (!r.String(key, &path)) return false;
  if (Status valid = CheckAbsolutePath(path); !valid.ok()) {
    r.Problem(key, valid.message());
    return false;
  }
  *out = NormalPath(path);
  return true;
}

void ReadDirectories(TableReader& r, Profile* p) {
  if (!r.Has("inbox")) r.Missing("inbox");
  bool inbox_ok = ReadDir(r, "inbox", &p->inbox);
  if (inbox_ok && p->inbox == "/") {
    r.Problem("inbox",
              "must not be / (work/, processed/ and failed/ go "
              "beside the inbox)");
    inbox_ok = false;
  }
  std::string parent = std::filesystem::path(p->inbox).parent_path().string();
  if (parent != "/") parent += "/";
  struct Sibling {
    std::string_view key;
    std::string_view name;
    std::string* out;
  };
  for (const Sibling& s :
       {Sibling{"work_dir", "work", &p->work_dir},
        Sibling{"processed_dir", "processed", &p->processed_dir},
        Sibling{"failed_dir", "failed", &p->failed_dir}}) {
    if (!ReadDir(r, s.key, s.out) && inbox_ok)
      *s.out = parent + std::string(s.name);
  }
}

void ReadDelimiter(TableReader& r, char* out) {
  std::string text;
  if (!r.String("delimiter", &text)) return;
  if (text.empty()) {
    *out = '\0';
  } else if (text == "," || text == ";" || text == "|" || text == "\t") {
    *out = text[0];
  } else if (EqualsIgnoreCase(text, "tab")) {
    *out = '\t';
  } else {
    r.Problem("delimiter",
              "expected \",\", \";\", \"\\t\" (or \"tab\"), \"|\" or \"\" to "
              "detect, got " +
                  QuoteForMessage(text));
  }
}

void ReadMarker(TableReader& r, std::string* out) {
  std::string marker;
  if (!r.String("marker", &marker)) return;
  if (marker.find('/') != std::string::npos || marker == ".") {
    return r.Problem("marker", "a suffix like \".ok\" or \".done\", got " +
                                   QuoteForMessage(marker));
  }
  *out = std::move(marker);
}

void ReadExpectFileEvery(TableReader& r, milliseconds* out) {
  const toml::node* node = r.Get("expect_file_every");
  if (node != nullptr && node->is_string() &&
      node->as_string()->get().empty()) {
    *out = milliseconds(0);  // "" = off, as documented.
    return;
  }
  r.Duration("expect_file_every", milliseconds(0), out);
}

// [profile.columns]: logical field -> header names.
void ReadColumns(TableReader& r, const KindConfig* kind, Profile* p) {
  const toml::node* node = r.Get("columns");
  if (node == nullptr) return;
  const toml::table* table = node->as_table();
  if (table == nullptr) {
    return r.Problem("columns", "expected a table [profile.columns], got " +
                                    DescribeValue(*node));
  }
  TableReader columns(*table, r.KeyPath("columns"), "", r.problems());
  std::vector<std::string_view> valid;
  if (kind != nullptr) {
    for (const FieldDef& field : *kind->fields) {
      valid.push_back(field.name);
    }
  }
  for (const auto& [key, value] : *table) {
    std::string_view field = key.str();
    if (kind != nullptr &&
        std::find(valid.begin(), valid.end(), field) == valid.end()) {
      std::vector<std::string> names(valid.begin(), valid.end());
      columns.Problem(field, "unknown field for a " + std::string(kind->name) +
                                 " profile; valid fields: " +
                                 Join(names, ", ") + DidYouMean(field, valid));
      continue;
    }
    std::vector<std::string> headers;
    if (columns.StringList(field, &headers)) {
      p->columns[std::string(field)] = std::move(headers);
    }
  }
}

// [profile.pull]: read after the patterns, its default.
void ReadPullTable(TableReader& r, Profile* p) {
  const toml::node* node = r.Get("pull");
  const toml::table* table = node != nullptr ? node->as_table() : nullptr;
  if (table == nullptr) {
    return r.Problem(
        "pull", "expected a table [profile.pull], got " + DescribeValue(*node));
  }
  if (!p->marker.empty()) {
    r.Problem("marker",
              "a pulled file lands in the inbox complete (downloaded under a "
              "temporary name, then renamed), so it needs no marker; remove "
              "marker from a profile with [profile.pull]");
  }
  TableReader pull(*table, r.KeyPath("pull"), "profile.pull", r.problems());
  ReadPull(pull, *p, &p->pull.emplace());
}

// Refuses the keys of other kinds, naming this profile's kind.
void RejectOtherKindKeys(TableReader& r, const KindConfig& kind) {
  for (const KnownKey& key : KnownKeys()) {
    if (key.table != "profile" || key.only_for.empty() ||
        key.only_for == kind.name || !r.Has(key.name)) {
      continue;
    }
    r.Problem(key.name, "only " + std::string(key.only_for) +
                            " profiles accept this key; this profile has "
                            "kind = \"" +
                            std::string(kind.name) + "\"");
  }
}

}  // namespace

void ReadProfile(TableReader& r, const DaemonConfig& daemon, Profile* p) {
  ReadName(r, &p->name);
  const KindConfig* kind = nullptr;
  if (ReadKind(r, &p->kind)) kind = p->kind;
  ReadDirectories(r, p);
  r.StringList("pattern", &p->patterns);
  ReadDelimiter(r, &p->delimiter);
  r.Enum<Encoding>("encoding", kEncodings, &p->encoding);
  p->settle = daemon.settle;
  r.Duration("settle", milliseconds(0), &p->settle);
  r.Duration("min_age", milliseconds(0), &p->min_age);
  ReadMarker(r, &p->marker);
  r.Enum<WatchMode>("watch", kWatchModes, &p->watch);
  ReadExpectFileEvery(r, &p->expect_file_every);
  ReadColumns(r, kind, p);
  if (kind != nullptr) {
    ReadKindKeys(r, p);
    RejectOtherKindKeys(r, *kind);
  }
  if (r.Has("pull")) ReadPullTable(r, p);
  r.CheckUnknownKeys();
}

}  // namespace m2drop::config::internal
