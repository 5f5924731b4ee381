// SPDX-License-Identifier: Apache-2.0
// Module-private: typed, validating access to one TOML table. The only place
// besides loader.cc that sees toml++ types; nothing here leaves config/.
//
// Each reader method leaves its output at the default when the key is
// absent, and on a wrong type or a bad value records a problem naming the
// key path and the line, also leaving the output untouched, so loading goes on
// and every problem is reported. Not thread-safe; one reader per table.
#ifndef M2DROP_SRC_CONFIG_TABLE_READER_H_
#define M2DROP_SRC_CONFIG_TABLE_READER_H_

#include <toml++/toml.h>

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "enum_names.h"
#include "m2drop/base/strings.h"
#include "problems.h"

namespace m2drop::config::internal {

// `value` described for a message: strings quoted and escaped, numbers and
// booleans as written, "an array", "a table", "a date/time".
std::string DescribeValue(const toml::node& value);

// The 1-based line where `node` starts, 0 when unknown.
int LineOf(const toml::node& node);

class TableReader {
 public:
  // `path` prefixes messages ("magento", "profile[2]"); `known_table` selects
  // the KnownKeys entries of this table ("magento", "profile"). `table` and
  // `problems` must outlive the reader.
  TableReader(const toml::table& table, std::string path,
              std::string_view known_table, Problems* problems);

  const std::string& path() const { return path_; }
  Problems* problems() const { return problems_; }
  int line() const { return LineOf(table_); }
  // "<path>.<key>", or "<key>" for the root table (path ""). A key that is
  // not a bare TOML key is quoted: profile[1].carriers."UPS*".
  std::string KeyPath(std::string_view key) const;

  // The value of `key`, or nullptr when absent.
  const toml::node* Get(std::string_view key) const;
  bool Has(std::string_view key) const { return Get(key) != nullptr; }
  // The line of `key`'s value, or of the table when absent.
  int LineOfKey(std::string_view key) const;

  // Records "<path>.<key>: <what>" at the key's line. A key with a problem
  // is not reported again as unknown.
  void Problem(std::string_view key, std::string_view what);
  // Records "<path>.<key>: required key is missing" at the table's line.
  void Missing(std::string_view key);

  bool String(std::string_view key, std::string* out);
  bool Bool(std::string_view key, bool* out);
  bool Int(std::string_view key, int64_t min, int64_t max, int* out);
  bool Double(std::string_view key, double min, double max, double* out);
  // `min` is inclusive; min 1ms reads as "more than 0".
  bool Duration(std::string_view key, std::chrono::milliseconds min,
                std::chrono::milliseconds* out);
  // A TOML integer (bytes) or a size string, within [min, max].
  bool Size(std::string_view key, uint64_t min, uint64_t max, uint64_t* out);
  // A string or an array of strings; none of them empty, at least one.
  bool StringList(std::string_view key, std::vector<std::string>* out);

  // One of `spellings`, ignoring ASCII case.
  template <typename E>
  bool Enum(std::string_view key, std::span<const Spelling<E>> spellings,
            E* out) {
    std::string text;
    if (!String(key, &text)) return false;
    for (const Spelling<E>& s : spellings) {
      if (EqualsIgnoreCase(s.name, text)) {
        *out = s.value;
        return true;
      }
    }
    std::vector<std::string_view> names;
    for (const Spelling<E>& s : spellings) names.push_back(s.name);
    Problem(key, "expected " + QuotedChoices(names) + ", got " +
                     DescribeValue(*Get(key)));
    return false;
  }

  // Records an "unknown key" problem, with a suggestion when a known key is
  // close, for every key of the table that KnownKeys() does not list.
  void CheckUnknownKeys();

 private:
  // The string value of `key` if it has the right type, else records
  // "expected <expected>, got ..." and returns nullptr.
  const std::string* StringValue(std::string_view key,
                                 std::string_view expected);

  const toml::table& table_;
  std::string path_;
  std::string known_table_;
  Problems* problems_;
  std::vector<std::string> reported_keys_;
};

}  // namespace m2drop::config::internal

#endif  // M2DROP_SRC_CONFIG_TABLE_READER_H_
